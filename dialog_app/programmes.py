"""The organiser's programmes: events grouped under one purpose, their themes across events (the tool's
suggestion, which people correct here), whom the programme heard, and its consolidated report."""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext

from clustering import suggest_themes
from dialog_app.auth import organiser_required
from dialog_app.db import get_db
from dialog_app.exports import programme_file, send_when_ready
from dialog_app.i18n.messages import FORMAT_NAMES
from dialog_app.offload import run_cpu
from dialog_app.refusals import back_to, on_refusal, render_refusal
from sessions.documents import programme
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
    conn = get_db()
    doc = programme.document(conn, g.principal, programme_id)
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
