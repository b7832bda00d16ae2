"""The organiser's mail: invitations (preview, send) and the outbox (Utkorg) with what failed.

Every route is the organiser's, under one event (the people blueprint's decorators); sending here only
stores mails in the durable outbox, which the background sender empties (dialog_app/mailer.py).
"""

import json

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext

from dialog_app.auth import organiser_required
from dialog_app.db import get_db, token_secret
from dialog_app.downloads import attachment
from dialog_app.mailer import configured
from dialog_app.offload import run_cpu
from dialog_app.people import scope_to_event, with_event
from dialog_app.refusals import back_to, on_refusal
from dialog_app.registration import mail_domain
from sessions.people import invitations, outbox, people, privacy, registration

bp = Blueprint("invitations", __name__, url_prefix="/organiser/events/<event_id>")
scope_to_event(bp)


@bp.get("/outbox")
@organiser_required
@with_event
def outbox_page(event):
    shown = outbox.event_outbox(get_db(), g.principal, event.id)
    return render_template("people/outbox.html", event=event, shown=shown, role="organiser",
                           sending=configured(current_app.config) is not None)


@bp.post("/outbox/<int:mail_id>/again")
@organiser_required
@on_refusal(back_to(lambda: url_for("invitations.outbox_page")))
def send_again(mail_id):
    mail = outbox.send_again(get_db(), g.principal, g.event_id, mail_id)
    flash(gettext("Mejlet till %(recipient)s skickas igen.", recipient=mail.recipient), "info")
    return redirect(url_for("invitations.outbox_page"))


@bp.get("/invitations")
@organiser_required
@with_event
def index(event):
    conn = get_db()
    register_token = registration.public_link(conn, token_secret(), g.principal, event.id, "register")
    return render_template("people/invitations.html", event=event, role="organiser",
                           shown=run_cpu(invitations.preview, g.principal, event.id, with_db=True,
                                         items=people.count_people(conn, g.principal, event.id)),
                           seats=registration.capacity(conn, g.principal, event.id),
                           mail_counts=outbox.counts(conn, g.principal, event.id),
                           public_url=url_for("registration.public", token=register_token, _external=True)
                           if register_token else None)


@bp.post("/invitations/send")
@organiser_required
@on_refusal(back_to(lambda: url_for("invitations.index")))
def send():
    # Thousands of invitations are a few hundred milliseconds of work: off the event loop.
    sent = run_cpu(invitations.send, token_secret(), g.principal, g.event_id, domain=mail_domain(), with_db=True,
                   items=people.count_people(get_db(), g.principal, g.event_id))
    flash(ngettext("%(num)s inbjudan ligger i utkorgen för att skickas.",
                   "%(num)s inbjudningar ligger i utkorgen för att skickas.", sent), "info")
    return redirect(url_for("invitations.index"))


@bp.post("/invitations/capacity")
@organiser_required
@on_refusal(back_to(lambda: url_for("invitations.index")))
def capacity():
    registration.set_capacity(get_db(), g.principal, g.event_id, request.form.get("capacity"))
    flash(gettext("Antalet platser är sparat."), "info")
    return redirect(url_for("invitations.index"))


@bp.post("/invitations/public-link")
@organiser_required
@on_refusal(back_to(lambda: url_for("invitations.index")))
def public_link():
    if request.form.get("action") == "close":
        registration.close_public_link(get_db(), g.principal, g.event_id, "register")
        flash(gettext("Den öppna anmälningslänken är stängd."), "info")
    else:
        registration.open_public_link(get_db(), token_secret(), g.principal, g.event_id, "register")
        flash(gettext("En ny öppen anmälningslänk är skapad; en tidigare länk gäller inte längre."), "info")
    return redirect(url_for("invitations.index"))


@bp.post("/checkin/ticket")
@organiser_required
@on_refusal(back_to(lambda: url_for("people.checkin")))
def check_in_ticket():
    person = registration.check_in_ticket(get_db(), g.principal, g.event_id, request.form.get("ticket", "")[:400])
    flash(gettext("%(name)s är incheckad.", name=person.name), "info")
    return redirect(url_for("people.checkin"))


@bp.get("/people/<person_id>/data.json")
@organiser_required
@with_event
def person_data(event, person_id):
    """Everything kept about one person, for them (a request under the GDPR's right of access)."""
    data = privacy.export_person(get_db(), g.principal, event.id, person_id)
    return attachment(json.dumps(data, ensure_ascii=False, indent=2), "application/json",
                      f"personuppgifter-{event.id}-{person_id[:8]}.json")


privacy_bp = Blueprint("privacy", __name__)


@privacy_bp.get("/organiser/personuppgifter")
@organiser_required
def note():
    return render_template("privacy.html", months=current_app.config["RETENTION_MONTHS"], role="organiser")
