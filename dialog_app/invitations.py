"""The organiser's mail: invitations (preview, send) and the outbox (Utkorg) with what failed.

Every route is the organiser's, under one event (the people blueprint's decorators); sending here only
stores mails in the durable outbox, which the background sender empties (dialog_app/mailer.py).
"""

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext

from dialog_app.auth import organiser_required
from dialog_app.db import get_db
from dialog_app.mailer import configured
from dialog_app.people import scope_to_event, with_event
from dialog_app.refusals import back_to, on_refusal
from sessions.people import outbox

bp = Blueprint("invitations", __name__, url_prefix="/organiser/events/<event_id>")
scope_to_event(bp)


@bp.get("/outbox")
@organiser_required
@with_event
def outbox_page(event):
    from flask import current_app

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
