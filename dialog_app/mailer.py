"""Sending the outbox's mails over SMTP, in the background, never on the event loop.

``DIALOG_APP_SMTP_URL`` names the organisation's server: ``smtp://host:port`` (plain),
``smtp://user:password@host:587?starttls=true`` (STARTTLS, then login) or ``smtps://host:465`` (TLS from
the start); ``DIALOG_APP_MAIL_FROM`` the sender. Without a URL nothing is sent: the mails stay in the
outbox, which the organiser's Utkorg page shows (the default for ``make run``).

The served process runs :func:`start` once: a green thread that every :data:`ROUND_SECONDS` hands a
round of sending (:func:`send_due`) to offload's worker thread (``run_blocking``): the SMTP
conversation is network waiting, not CPU work, so a thread is the right lane and a worker process is
not needed. A round claims one mail at a time (sessions/people/outbox.py), so two processes never
send one mail, and reads what the server answered at each step of the conversation to tell a mail
that surely did not arrive (retried) from one that may have (uncertain, never sent again by itself).
"""

import email.policy
import email.utils
import re
import smtplib
import ssl
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from dialog_app.personal_mail import Personal
from sessions import storage
from sessions.ground.models import OutboxMail
from sessions.people import outbox

ROUND_SECONDS = 15
MAILS_PER_ROUND = 100
SMTP_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    tls: str = "none"  # none, starttls, or ssl (TLS from the first byte)
    username: str = ""
    password: str = ""

    @classmethod
    def from_url(cls, url: str) -> "SmtpSettings":
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("DIALOG_APP_SMTP_URL must look like smtp://host:port or smtps://host:port")
        starttls = parse_qs(parts.query).get("starttls", ["false"])[0].lower() in ("1", "true", "yes")
        tls = "ssl" if parts.scheme == "smtps" else ("starttls" if starttls else "none")
        return cls(parts.hostname, parts.port or (465 if tls == "ssl" else 25), tls,
                   unquote(parts.username or ""), unquote(parts.password or ""))


def build_message(mail: OutboxMail, sender: str, personal: Personal) -> EmailMessage:
    body = mail.body
    for placeholder, url in personal.links.items():
        body = body.replace(placeholder, url)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Message-ID"] = mail.message_id
    message["Date"] = email.utils.formatdate(localtime=True)
    unsubscribe = personal.links.get("{unsubscribe_link}")
    if unsubscribe and "{unsubscribe_link}" in mail.body:
        # One click in the mail program unsubscribes (RFC 8058), as the link in the text does.
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(body)
    for filename, content, maintype, subtype in personal.attachments:
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message


def _refused(code: int, reply: bytes | str) -> tuple[str, str]:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    return (outbox.RETRY if 400 <= code < 500 else outbox.FAILED), f"{code} {text}"


class SmtpConversation:
    """One connection to the server for a round of mails; each send says what it came to."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        settings = self.settings
        if settings.tls == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS,
                                                  context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS)
        smtp.ehlo()
        if settings.tls == "starttls":
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if settings.username:
            smtp.login(settings.username, settings.password)
        return smtp

    def send(self, message: EmailMessage) -> tuple[str, str]:
        """(outcome, error): sent; retry (it surely did not arrive); failed (refused for good);
        uncertain (the server had the whole message and we did not hear its answer)."""
        try:
            if self.smtp is None:
                self.smtp = self._open()
            smtp = self.smtp
            code, reply = smtp.mail(email.utils.parseaddr(str(message["From"]))[1])
            if code != 250:
                smtp.rset()
                return _refused(code, reply)
            code, reply = smtp.rcpt(str(message["To"]))
            if code not in (250, 251):
                smtp.rset()
                return _refused(code, reply)
            smtp.putcmd("data")
            code, reply = smtp.getreply()
            if code != 354:
                smtp.rset()
                return _refused(code, reply)
            data = re.sub(rb"(?m)^\.", b"..", message.as_bytes(policy=email.policy.SMTP))
            smtp.send(data + (b"" if data.endswith(b"\r\n") else b"\r\n") + b".\r\n")
        except (OSError, smtplib.SMTPException) as error:
            # Before the end of the message reached the server: it cannot have accepted it.
            self.close()
            return outbox.RETRY, f"{type(error).__name__}: {error}"
        try:
            code, reply = smtp.getreply()
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            return outbox.UNCERTAIN, f"no answer after the message was sent ({type(error).__name__}: {error})"
        if code == 250:
            return outbox.SENT, ""
        return _refused(code, reply)

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None


def send_due(conn: storage.Connection, settings: SmtpSettings, sender: str,
             personalise: Callable[[OutboxMail], Personal], limit: int = MAILS_PER_ROUND) -> Counter:
    """One round: what was left ``sending`` becomes uncertain, then the due mails are sent one at a time;
    returns how many mails reached each state."""
    outbox.reconcile(conn)
    done: Counter = Counter()
    conversation = SmtpConversation(settings)
    try:
        for _ in range(limit):
            mail = outbox.claim_next(conn)
            if mail is None:
                break
            try:
                message = build_message(mail, sender, personalise(mail))
            except (ValueError, TypeError, LookupError) as error:  # a header that cannot be written, say
                done[outbox.record_outcome(conn, mail, outbox.FAILED, f"the mail could not be made: {error}")] += 1
                continue
            outcome, error_text = conversation.send(message)
            done[outbox.record_outcome(conn, mail, outcome, error_text)] += 1
    finally:
        conversation.close()
    return done


def configured(config) -> SmtpSettings | None:
    url = config.get("SMTP_URL")
    return SmtpSettings.from_url(url) if url else None


def sender_address(config) -> str:
    return config.get("MAIL_FROM") or "dialog-app@localhost"


def run_round(app) -> Counter:
    """A round for ``app``'s outbox with its own connection (it runs in a worker thread)."""
    from dialog_app.personal_links import personalise

    settings = configured(app.config)
    if settings is None:
        return Counter()
    conn = storage.connect(app.config["DATABASE"])
    try:
        with app.app_context():
            return send_due(conn, settings, sender_address(app.config), personalise)
    finally:
        storage.close(conn)


def start(app, sleep: Callable[[float], object], spawn: Callable) -> None:
    """Start the sending loop (served processes only; ``spawn`` and ``sleep`` are Socket.IO's)."""
    from dialog_app.offload import run_blocking

    if configured(app.config) is None:
        app.logger.info("mail: no DIALOG_APP_SMTP_URL; mails stay in the outbox (Utkorg)")
        return

    def loop() -> None:
        while True:
            try:
                with app.app_context():
                    done = run_blocking(run_round, app)
                if done:
                    app.logger.info("mail: %s", dict(done))
            except Exception:  # a round that failed is logged; the next round tries again
                app.logger.exception("mail: a round of sending failed")
            sleep(app.config.get("MAIL_ROUND_SECONDS") or ROUND_SECONDS)

    spawn(loop)
