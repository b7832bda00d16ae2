"""The organiser's programmes: events grouped under one purpose, their themes across events (the tool's
suggestion, which people correct here), whom the programme heard, and its consolidated report."""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.exceptions import RequestEntityTooLarge

from clustering import suggest_themes
from dialog_app.auth import organiser_required
from dialog_app.db import get_db
from dialog_app.downloads import attachment
from dialog_app.exports import (
    programme_file,
    programme_followup_file,
    programme_followup_imprint_file,
    programme_imprint_file,
    send_when_ready,
)
from dialog_app.i18n import error_message
from dialog_app.i18n.messages import FORMAT_NAMES
from dialog_app.offload import run_cpu
from dialog_app.refusals import back_to, on_refusal, render_refusal
from dialog_app.strategy import _who
from sessions.documents import followup, imprint, programme, render
from sessions.evening import events

bp = Blueprint("programmes", __name__)

MEDIA_TYPES = {"json": "application/json",
               "md": "text/markdown; charset=utf-8",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _group(texts, n_themes):
    themes = run_cpu(suggest_themes, texts, n_themes, "sv", items=len(texts))
    return [(theme.label, theme.members) for theme in themes]


@bp.get("/organiser/programmes/")
@organiser_required
def index():
    conn = get_db()
    return render_template("organiser/programmes.html", programmes=programme.listed(conn, g.principal),
                           events=events.listed(conn, g.principal), format_names=FORMAT_NAMES, role="organiser")


@bp.post("/organiser/programmes/")
@organiser_required
@on_refusal(back_to(lambda: url_for("programmes.index")))
def create():
    made = programme.create(get_db(), g.principal, request.form.get("title"), request.form.getlist("event_ids"))
    return redirect(url_for("programmes.page", programme_id=made.id))


@bp.get("/organiser/programmes/<programme_id>")
@organiser_required
def page(programme_id):
    # Every input of every event, and the memory across all the lists: off the event loop (0.56 s for
    # 20 events of 500 people, bench/memory.py).
    doc = run_cpu(programme.document, g.principal, programme_id, with_db=True)
    return render_template("organiser/programme.html", doc=doc, format_names=FORMAT_NAMES,
                           titles={event["id"]: event["title"] for event in doc["events"]}, role="organiser")


def _back():
    return url_for("programmes.page", programme_id=request.view_args["programme_id"])


@bp.post("/organiser/programmes/<programme_id>/suggest")
@organiser_required
@on_refusal(back_to(_back))
def suggest(programme_id):
    programme.suggest(get_db(), g.principal, programme_id, _group)
    flash(gettext("Verktyget har föreslagit teman. Rätta dem här: byt rubrik eller flytta det som hamnat fel."),
          "info")
    return redirect(_back())


@bp.post("/organiser/programmes/<programme_id>/rename")
@organiser_required
@on_refusal(back_to(_back))
def rename(programme_id):
    programme.rename_theme(get_db(), g.principal, programme_id, request.form.get("theme"), request.form.get("title"))
    return redirect(_back())


@bp.post("/organiser/programmes/<programme_id>/move")
@organiser_required
@on_refusal(back_to(_back))
def move(programme_id):
    programme.move_source(get_db(), g.principal, programme_id, request.form.get("key"), request.form.get("theme"))
    return redirect(_back())


@bp.get("/organiser/programmes/<programme_id>/report")
@organiser_required
def report(programme_id):
    """The consolidated report, made in the jobs worker like every other file."""
    file_format = request.args.get("format", "docx")
    if file_format not in MEDIA_TYPES:
        return render_refusal("request.malformed", 400)
    programme.get(get_db(), g.principal, programme_id)  # an unknown programme is refused here, not in the job
    return send_when_ready(("programme", programme_id, file_format, g.principal), programme_file, g.principal,
                           programme_id, file_format, filename=f"program-{programme_id}.{file_format}",
                           mimetype=MEDIA_TYPES[file_format], what="report")


@bp.before_request
def _limit_upload():
    # A strategy may be larger than other requests (images in a DOCX), as on an event's imprint page.
    if request.endpoint in ("programmes.imprint_report", "programmes.followup_imprint_report"):
        request.max_content_length = imprint.STRATEGY_MAX_BYTES + 64 * 1024


@bp.errorhandler(RequestEntityTooLarge)
def _upload_too_large(error):
    flash(error_message("strategy.too_big", {"limit_mb": imprint.STRATEGY_MAX_BYTES // (1024 * 1024)}), "error")
    back = "programmes.followup_page" if request.endpoint == "programmes.followup_imprint_report" else "programmes.page"
    return redirect(url_for(back, programme_id=request.view_args["programme_id"]))


@bp.post("/organiser/programmes/<programme_id>/imprint")
@organiser_required
@on_refusal(back_to(_back))
def imprint_report(programme_id):
    """The programme's imprint on the adopted strategy, as the answer to the council (DOCX)."""
    programme.get(get_db(), g.principal, programme_id)  # another organisation's is unknown before anything else
    upload = request.files.get("strategy")
    if upload is None or not upload.filename:
        flash(error_message("strategy.missing", {}), "error")
        return redirect(_back())
    content = upload.stream.read(imprint.STRATEGY_MAX_BYTES + 1)
    made = run_cpu(programme_imprint_file, g.principal, programme_id, upload.filename, content, with_db=True)
    return attachment(made, MEDIA_TYPES["docx"], f"avtryck-program-{programme_id}.docx")



# --- the yearly follow-up at the programme's level ---------------------------------------------------

def _followup_back():
    return url_for("programmes.followup_page", programme_id=request.view_args["programme_id"])


@bp.get("/organiser/programmes/<programme_id>/followup")
@organiser_required
def followup_page(programme_id):
    """Each theme across the programme's events with its follow-up: the event's form, statuses and history."""
    conn = get_db()
    found, events_of = programme.get(conn, g.principal, programme_id)
    themes = followup.programme_overview(conn, g.principal, found.id)
    # The history's times on the clock of the programme's first event (each event keeps its own).
    return render_template("organiser/programme_followup.html", programme=found, themes=themes,
                           statuses=followup.STATUSES, followup_action=_followup_back(),
                           council=followup.council_name(get_db(), found.organisation_id),
                           time_zone=events_of[0].time_zone if events_of else "Europe/Stockholm", role="organiser")


@bp.post("/organiser/programmes/<programme_id>/followup")
@organiser_required
@on_refusal(back_to(_followup_back))
def set_followup(programme_id):
    programme.get(get_db(), g.principal, programme_id)  # another organisation's is unknown before anything else
    subject_id = request.form.get("subject_id", "")
    entry = followup.set_programme_followup(
        get_db(), g.principal, programme_id, subject_id,
        {name: request.form.get(name, "") for name in ("status", "note", "responsible", "status_date")},
        changed_by=_who())
    flash(gettext("Uppföljningen är sparad.") if entry else gettext("Inget ändrades."), "info")
    return redirect(_followup_back() + f"#theme-{subject_id}")


@bp.get("/organiser/programmes/<programme_id>/followup/report")
@organiser_required
def followup_report(programme_id):
    """The programme's follow-up report for the council, made in the jobs worker like every other file."""
    file_format = request.args.get("format", "docx")
    if file_format not in render.MEDIA_TYPES:
        return render_refusal("request.malformed", 400)
    programme.get(get_db(), g.principal, programme_id)  # an unknown programme is refused here, not in the job
    return send_when_ready(("programme-followup", programme_id, file_format, g.principal), programme_followup_file,
                           g.principal, programme_id, file_format,
                           filename=f"uppfoljning-program-{programme_id}.{file_format}",
                           mimetype=render.MEDIA_TYPES[file_format], what="report")


@bp.post("/organiser/programmes/<programme_id>/followup/report")
@organiser_required
@on_refusal(back_to(_followup_back))
def followup_imprint_report(programme_id):
    """The follow-up report with the programme's imprint on the adopted strategy read now (DOCX)."""
    programme.get(get_db(), g.principal, programme_id)  # another organisation's is unknown before anything else
    upload = request.files.get("strategy")
    if upload is None or not upload.filename:
        flash(error_message("strategy.missing", {}), "error")
        return redirect(_followup_back())
    content = upload.stream.read(imprint.STRATEGY_MAX_BYTES + 1)
    made = run_cpu(programme_followup_imprint_file, g.principal, programme_id, upload.filename, content, with_db=True)
    return attachment(made, MEDIA_TYPES["docx"], f"uppfoljning-program-{programme_id}.docx")
