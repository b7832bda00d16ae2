"""A stored mail's personal links and ticket, made only when it is sent (the outbox keeps none)."""

import io

import segno
from flask import current_app

from dialog_app.personal_mail import Personal
from sessions.ground.models import OutboxMail
from sessions.people.registration import person_token

# The public pages' addresses (dialog_app/registration.py), built without a request.
PATHS = {"{register_link}": ("/r/", "register"), "{ticket_link}": ("/t/", "ticket"),
         "{unsubscribe_link}": ("/avregistrera/", "unsubscribe")}


def base_url() -> str:
    return (current_app.config.get("MAIL_BASE_URL") or current_app.config.get("PUBLIC_URL")
            or "http://127.0.0.1:5000").rstrip("/")


def link(person_id: str, placeholder: str) -> str:
    path, purpose = PATHS[placeholder]
    return base_url() + path + person_token(current_app.config["SECRET_KEY"].encode(), person_id, purpose)


def ticket_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def personalise(mail: OutboxMail) -> Personal:
    links = {placeholder: link(mail.person_id, placeholder) for placeholder in PATHS if placeholder in mail.body}
    attachments: tuple = ()
    if "{ticket_link}" in links:
        attachments = (("biljett.png", ticket_png(links["{ticket_link}"]), "image", "png"),)
    return Personal(links, attachments)
