"""A stored mail's personal links and ticket, made only when it is sent (the outbox keeps none)."""

from flask import current_app

from dialog_app.mailer import Personal
from sessions.ground.models import OutboxMail


def base_url() -> str:
    return (current_app.config.get("MAIL_BASE_URL") or current_app.config.get("PUBLIC_URL")
            or "http://127.0.0.1:5000").rstrip("/")


def personalise(mail: OutboxMail) -> Personal:
    return Personal(links={})
