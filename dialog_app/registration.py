"""Public pages without a login: registration (a person's own link, and the public link for people not on
the list), the ticket, unsubscribing with one click. Each request is counted by address first
(``limits.ADDRESS_LIMITS``), so guessing links or flooding the forms costs the server next to nothing.
"""

import functools
from email.utils import parseaddr

import segno
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from dialog_app.db import get_db, token_secret
from dialog_app.i18n import error_message
from dialog_app.realtime import address_wait
from dialog_app.refusals import render_refusal
from sessions.ground.errors import DomainError
from sessions.people import privacy, registration

bp = Blueprint("registration", __name__)

FORM_FIELDS = ("name", "organisation", "contact", "inviter", "gender", "sector", "consent", "results_mail")


def counted(budget: str):
    """The view runs only while the sender's address is within ``budget`` (a page, or a form sent)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(**kwargs):
            wait = address_wait(budget if request.method == "POST" else "public.page")
            if wait is not None:
                page, status = render_refusal("rate.too_many_tries", 429)
                return page, status, {"Retry-After": str(wait)}
            return view(**kwargs)

        return wrapped

    return decorate


def mail_domain() -> str:
    sender = parseaddr(current_app.config.get("MAIL_FROM") or "")[1]
    return sender.rpartition("@")[2] or "dialog-app.local"


def _form() -> dict:
    return {name: request.form[name][:400] for name in FORM_FIELDS if name in request.form}


def _page(shown, token, typed=None, error=None, status=200):
    return render_template("register.html", shown=shown, token=token, typed=typed or {}, error=error,
                           consent=privacy.consent_text(shown.retention_months), role="public"), status


@bp.route("/r/<token>", methods=["GET", "POST"])
@counted("register")
def own(token):
    shown = registration.view(get_db(), token)
    if request.method == "GET":
        return _page(shown, token)
    try:
        state = registration.register(get_db(), token_secret(), token, _form(), domain=mail_domain())
    except DomainError as refused:
        if refused.code == "token.invalid":
            raise
        return _page(shown, token, _form(), error_message(refused.code, refused.params), 400)
    return redirect(url_for("registration.done", token=token, state=state))


@bp.get("/r/<token>/klart")
@counted("register")
def done(token):
    shown = registration.view(get_db(), token)
    return render_template("registered.html", shown=shown, token=token, role="public",
                           ticket=_ticket_svg(token) if shown.state == "registered" else None)


def _ticket_svg(register_token: str) -> str | None:
    person = registration.view(get_db(), register_token).person
    if person is None:
        return None
    ticket = registration.person_token(token_secret(), person.id, "ticket")
    return qr_svg(url_for("registration.ticket", token=ticket, _external=True))


@functools.lru_cache(maxsize=512)
def qr_svg(url: str) -> str:
    """A ticket's QR code as an SVG data URI: ~16 ms of CPU to make, so made once per ticket and kept."""
    return segno.make(url, error="m").svg_data_uri(scale=6, border=4)


@bp.post("/r/<token>/avboj")
@counted("register")
def decline(token):
    registration.decline(get_db(), token, domain=mail_domain())
    flash("Du har tackat nej. Tack för att du hörde av dig. / You have declined. Thank you for letting us know.",
          "info")
    return redirect(url_for("registration.done", token=token))


@bp.route("/anmalan/<token>", methods=["GET", "POST"])
@counted("register")
def public(token):
    shown = registration.public_view(get_db(), token_secret(), token)
    if request.method == "GET":
        return _page(shown, token)
    try:
        state, own_token = registration.register_public(get_db(), token_secret(), token, _form(),
                                                        domain=mail_domain())
    except DomainError as refused:
        if refused.code == "token.invalid":
            raise
        return _page(shown, token, _form(), error_message(refused.code, refused.params), 400)
    return redirect(url_for("registration.done", token=own_token, state=state))


@bp.get("/t/<token>")
@counted("register")
def ticket(token):
    """The ticket as a page (the link in the confirmation mail): the QR code the door scans."""
    person = registration.ticket_person(get_db(), token)
    return render_template("ticket.html", person=person, role="public",
                           qr=qr_svg(url_for("registration.ticket", token=token, _external=True)))


@bp.route("/avregistrera/<token>", methods=["GET", "POST"])
@counted("unsubscribe")
def unsubscribe(token):
    """One click from the mail (a link, or the mail program's List-Unsubscribe-Post): no more mails."""
    registration.unsubscribe(get_db(), token)
    if request.method == "POST" and request.form.get("List-Unsubscribe") == "One-Click":
        return "", 204
    return render_template("unsubscribed.html", role="public")
