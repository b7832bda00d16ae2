"""The public results page (no login, an unguessable link, no names) and the organiser's controls for it:
publish, unpublish, tell those who agreed what changed in the follow-up."""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext

from dialog_app.auth import organiser_required
from dialog_app.db import get_db, token_secret
from dialog_app.exports import export_file, send_when_ready
from dialog_app.people import scope_to_event, with_event
from dialog_app.personal_links import base_url
from dialog_app.refusals import back_to, on_refusal
from dialog_app.registration import counted, mail_domain
from sessions.documents import results
from sessions.ground import roles

bp = Blueprint("results", __name__)
organiser_bp = Blueprint("results_admin", __name__, url_prefix="/organiser/events/<event_id>")
scope_to_event(organiser_bp)
REPORT_FORMATS = {"docx": "docx", "html": "html", "md": "md"}


def results_url(token: str) -> str:
    """The page's address as mails give it (the server's public address, not the organiser's request)."""
    return f"{base_url()}/resultat/{token}"


@bp.get("/resultat/<token>")
@counted("public.page")
def page(token):
    event = results.published_event(get_db(), token_secret(), token)
    return render_template("results.html", event=event, themes=results.public_results(get_db(), event.id),
                           token=token, role="public")


@bp.get("/resultat/<token>/rapport")
@counted("public.page")
def report(token):
    """The report for the strategy, anonymous, made as the organiser's export is (a job off the loop)."""
    event = results.published_event(get_db(), token_secret(), token)
    file_format = REPORT_FORMATS.get(request.args.get("format", ""), "html")
    return send_when_ready(("export", event.id, file_format, False, roles.ORGANISER), export_file, roles.ORGANISER,
                           event.id, file_format, False, filename=f"rapport-{event.id}.{file_format}",
                           mimetype={"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                     "html": "text/html; charset=utf-8",
                                     "md": "text/markdown; charset=utf-8"}[file_format], what="report")


@organiser_bp.get("/results")
@organiser_required
@with_event
def manage(event):
    shown = results.state(get_db(), token_secret(), g.principal, event.id)
    return render_template("results_manage.html", event=event, shown=shown, role="organiser",
                           public_url=results_url(shown["token"]) if shown["token"] else None)


@organiser_bp.post("/results/publish")
@organiser_required
@on_refusal(back_to(lambda: url_for("results_admin.manage")))
def publish():
    told = results.publish(get_db(), token_secret(), g.principal, g.event_id, results_url, domain=mail_domain())
    flash(gettext("Resultatsidan är publicerad.") + " " + ngettext(
        "%(num)s deltagare som bad om det får ett mejl.", "%(num)s deltagare som bad om det får ett mejl.", told),
          "info")
    return redirect(url_for("results_admin.manage"))


@organiser_bp.post("/results/unpublish")
@organiser_required
def unpublish():
    results.unpublish(get_db(), g.principal, g.event_id)
    flash(gettext("Resultatsidan är inte längre publicerad; länken visar inget."), "info")
    return redirect(url_for("results_admin.manage"))


@organiser_bp.post("/results/digest")
@organiser_required
@on_refusal(back_to(lambda: url_for("results_admin.manage")))
def digest():
    told = results.send_digest(get_db(), token_secret(), g.principal, g.event_id, results_url, domain=mail_domain())
    flash(ngettext("%(num)s mejl om uppföljningen ligger i utkorgen.",
                   "%(num)s mejl om uppföljningen ligger i utkorgen.", told), "info")
    return redirect(url_for("results_admin.manage"))
