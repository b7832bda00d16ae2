"""After the evening: the strategy it fed (the imprint) and the yearly follow-up, on the organiser's desk.

Thin routes: each reads the form, calls one domain function in :mod:`sessions.documents.imprint` or
:mod:`sessions.documents.followup`, and shows the result. Reading a strategy, comparing it with the results
and laying out a report are CPU work: they run in a worker process (:mod:`dialog_app.offload`).
The imprint is computed once per strategy and results and kept; the page reads it, and while it is
being computed the page says so and asks again by itself.
"""

import datetime
import zoneinfo

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import RequestEntityTooLarge

from dialog_app import offload
from dialog_app.auth import organiser_required
from dialog_app.db import get_db
from dialog_app.exports import REFRESH_SECONDS, followup_file, imprint_file, place_ideas, send_when_ready
from dialog_app.i18n import error_message
from dialog_app.people import scope_to_event, with_event
from dialog_app.refusals import back_to, on_refusal, render_refusal
from sessions.documents import followup, imprint, placements, render, verdicts

bp = Blueprint("strategy", __name__, url_prefix="/organiser/events/<event_id>")

IMPRINT_FORMATS = {"json": "application/json", **render.MEDIA_TYPES}
FOLLOWUP_FIELD_NAMES = {"status": _l("status"), "note": _l("anteckning"), "responsible": _l("ansvarig"),
                        "status_date": _l("datum")}


@bp.app_template_filter("local_time")
def local_time(timestamp: float, zone: str) -> str:
    return datetime.datetime.fromtimestamp(timestamp, zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%d %H.%M")


@bp.app_template_filter("followup_field")
def followup_field(name: str) -> str:
    return str(FOLLOWUP_FIELD_NAMES.get(name, name))


scope_to_event(bp)


# --- the imprint -------------------------------------------------------------------------------

def _compute_imprint(event_id: str) -> offload.Job:
    """Compute the imprint again in the jobs worker (once, however many pages ask at the same time)."""
    return offload.start_job(("imprint", event_id), imprint.compute_imprint, g.principal, event_id)


@bp.get("/imprint")
@organiser_required
@with_event
def imprint_page(event):
    state = verdicts.reviewed_state(get_db(), g.principal, event.id)
    if state.strategy_name is not None and not state.current:
        # A computation that failed is said (once), rather than started again at every refresh.
        offload.take_failure(("imprint", event.id))
        job = _compute_imprint(event.id)
        if job.done():  # computed in place (no worker processes)
            job.result()
            state = verdicts.reviewed_state(get_db(), g.principal, event.id)
    computing = state.strategy_name is not None and not state.current
    return render_template("strategy/imprint.html", event=event, strategy_name=state.strategy_name,
                           result=state.shown if state.current else None, computing=computing,
                           refresh=REFRESH_SECONDS, role="organiser")


@bp.before_request
def _limit_upload():
    # A strategy may be larger than other requests (images in a DOCX); refused while it is read if larger still.
    if request.endpoint == "strategy.upload_strategy":
        request.max_content_length = imprint.STRATEGY_MAX_BYTES + 64 * 1024


@bp.errorhandler(RequestEntityTooLarge)
def _upload_too_large(error):
    flash(error_message("strategy.too_big", {"limit_mb": imprint.STRATEGY_MAX_BYTES // (1024 * 1024)}), "error")
    return redirect(url_for("strategy.imprint_page"))


@bp.post("/imprint")
@organiser_required
@on_refusal(back_to(lambda: url_for("strategy.imprint_page")))
def upload_strategy():
    upload = request.files.get("strategy")
    if upload is None or not upload.filename:
        flash(error_message("strategy.missing", {}), "error")
        return redirect(url_for("strategy.imprint_page"))
    content = upload.stream.read(imprint.STRATEGY_MAX_BYTES + 1)
    offload.run_cpu(imprint.save_strategy, g.principal, g.event_id, upload.filename, content, with_db=True)
    _compute_imprint(g.event_id)
    flash(gettext("Strategin är inläst. Här är jämförelsen med kvällens resultat."), "info")
    return redirect(url_for("strategy.imprint_page"))


def _verdict_url() -> str:
    return url_for("strategy.imprint_page") + f"#{request.form.get('anchor', '')}"


@bp.post("/imprint/verdict")
@organiser_required
@on_refusal(back_to(_verdict_url))
def review_verdict():
    """The organiser confirms or corrects one of the imprint's verdicts."""
    review = verdicts.review_verdict(get_db(), g.principal, g.event_id, request.form.get("kind", ""),
                                     request.form.get("theme", ""), request.form.get("proposal", ""),
                                     request.form.get("verdict", ""), reviewed_by=_who())
    flash(gettext("Bedömningen är sparad.") if review else gettext("Inget ändrades."), "info")
    return redirect(_verdict_url())


@bp.get("/imprint/download")
@organiser_required
@with_event
def imprint_download(event):
    file_format = request.args.get("format", "docx")
    if file_format not in IMPRINT_FORMATS:
        return render_refusal("request.malformed", 400)
    if imprint.stored_imprint(get_db(), g.principal, event.id).strategy_name is None:
        return render_refusal("strategy.missing", 404)
    return send_when_ready(("imprint", event.id, file_format), imprint_file, g.principal, event.id, file_format,
                           filename=f"avtryck-{event.id}.{file_format}", mimetype=IMPRINT_FORMATS[file_format],
                           what="report")


# --- the report's "Liknande idéer från borden", reviewed before it goes out -----------------------

@bp.get("/placements")
@organiser_required
@with_event
def placements_page(event):
    # Placing every idea of the evening is CPU work: in the live worker process.
    themes = offload.run_cpu(placements.listing, g.principal, event.id, place_ideas, with_db=True)
    return render_template("strategy/placements.html", event=event, themes=themes, role="organiser")


@bp.post("/placements/remove")
@organiser_required
@on_refusal(back_to(lambda: url_for("strategy.placements_page")))
def remove_placement():
    removed = placements.remove_placement(get_db(), g.principal, g.event_id, request.form.get("idea_id"),
                                          request.form.get("theme"), removed_by=_who())
    flash(gettext("Placeringen är borttagen ur rapporten.") if removed else gettext("Inget ändrades."), "info")
    return redirect(url_for("strategy.placements_page"))


# --- the follow-up -----------------------------------------------------------------------------

@bp.get("/followup")
@organiser_required
@with_event
def followup_page(event):
    themes = followup.overview(get_db(), g.principal, event.id)
    return render_template("strategy/followup.html", event=event, themes=themes, statuses=followup.STATUSES,
                           verdicts=verdicts.by_item(get_db(), g.principal, event.id),
                           council=followup.council_name(get_db(), event.organisation_id), role="organiser",
                           followup_action=url_for("strategy.set_followup"), time_zone=event.time_zone)


def _who() -> str:
    """The organiser's account name; "link" means the first organiser, before any account existed."""
    who = session.get("organiser", "")
    return gettext("arrangörslänken") if who == "link" else who


def _followup_url() -> str:
    return url_for("strategy.followup_page") + f"#{request.form.get('kind', '')}-{request.form.get('subject_id', '')}"


@bp.post("/followup")
@organiser_required
@on_refusal(back_to(_followup_url))
def set_followup():
    kind, subject_id = request.form.get("kind", ""), request.form.get("subject_id", "")
    entry = followup.set_followup(
        get_db(), g.principal, g.event_id, kind, subject_id,
        {name: request.form.get(name, "") for name in ("status", "note", "responsible", "status_date")},
        changed_by=_who())
    flash(gettext("Uppföljningen är sparad.") if entry else gettext("Inget ändrades."), "info")
    return redirect(url_for("strategy.followup_page") + f"#{kind}-{subject_id}")


@bp.get("/followup/report")
@organiser_required
@with_event
def followup_report(event):
    file_format = request.args.get("format", "docx")
    if file_format not in render.MEDIA_TYPES:
        return render_refusal("request.malformed", 400)
    return send_when_ready(("followup", event.id, file_format), followup_file, g.principal, event.id, file_format,
                           filename=f"uppfoljning-{event.id}.{file_format}", mimetype=render.MEDIA_TYPES[file_format],
                           what="report")
