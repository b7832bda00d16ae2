"""The durable outbox: every e-mail is stored before it is sent, sent at most once, retried with backoff.

A mail's life: ``queued`` → ``sending`` (claimed by one sender, atomically) → ``sent``; a send the
server refused for now, or that never reached it, goes back to ``queued`` with a later attempt
(:data:`BACKOFF_SECONDS`); a refusal for good, or :data:`MAX_ATTEMPTS` tries, makes it ``failed``.

Never twice: the rule for a send whose outcome is not known. Once the message has been handed to the
SMTP server (after DATA) the server may have accepted it even if we never heard so (the connection
dropped, or this process stopped before it marked the mail sent). Such a mail is ``uncertain`` and is
never sent again by itself: at a sender's start, and before every round, a mail still ``sending``
after :data:`SENDING_LEASE_SECONDS` becomes ``uncertain`` (:func:`reconcile`). The organiser sees it
in the outbox (Utkorg) and may send it again by hand; it keeps its Message-ID, so a mail program
that got both shows one. We chose at most once over at least once: a second invitation from a
politician's name is worse than one the organiser is told to check.
"""

import email.utils

from sessions import storage
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.models import OutboxMail
from sessions.ground.roles import Principal, authorise

# Waits before each next try of a mail the server refused for now, or could not be reached for.
BACKOFF_SECONDS = (60, 300, 900, 3600, 3 * 3600, 6 * 3600)
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1
# A send takes seconds (SMTP timeouts are 30 s); one still "sending" after this was cut short.
SENDING_LEASE_SECONDS = 600
STATES = ("queued", "sending", "sent", "failed", "uncertain")
# The placeholders a body may hold; the sender fills them in from the server's secret (never stored).
PERSONAL_LINKS = ("{register_link}", "{unsubscribe_link}", "{ticket_link}")

# What a send came to, as the SMTP conversation tells it.
SENT, RETRY, FAILED, UNCERTAIN = "sent", "retry", "failed", "uncertain"


def queue(conn: storage.Connection, *, event_id: str, person_id: str, purpose: str, recipient: str,
          subject: str, body: str, domain: str = "dialog-app.local") -> bool:
    """Store a mail for sending; False when this person already has one for this purpose (not stored
    again). Called inside the command's transaction, so the mail and what it tells of go together."""
    message_id = email.utils.make_msgid("dialog", domain=domain)
    return storage.insert_mail(conn, event_id, person_id, purpose, recipient, subject, body, message_id,
                               clock.now())


def reconcile(conn: storage.Connection) -> int:
    """Mails left ``sending`` by a sender that stopped become ``uncertain``; how many."""
    with storage.transaction(conn):
        return storage.mark_stale_sending(conn, clock.now() - SENDING_LEASE_SECONDS,
                                          "the sender stopped while sending; it may have arrived")


def claim_next(conn: storage.Connection) -> OutboxMail | None:
    """The next due mail, now ``sending`` and this sender's alone (two senders never claim one)."""
    with storage.transaction(conn):
        mail = storage.fetch_next_due_mail(conn, clock.now())
        if mail is None:
            return None
        storage.set_mail_state(conn, mail.id, "sending", from_states=("queued",), now=clock.now(),
                               count_attempt=True)
        return storage.fetch_mail(conn, mail.id)


def record_outcome(conn: storage.Connection, mail: OutboxMail, outcome: str, error: str = "") -> str:
    """What the send of a claimed mail came to; returns the mail's new state."""
    now = clock.now()
    with storage.transaction(conn):
        if outcome == SENT:
            state = "sent"
            storage.set_mail_state(conn, mail.id, state, from_states=("sending",), now=now, error="")
        elif outcome == RETRY and mail.attempts < MAX_ATTEMPTS:
            state = "queued"
            wait = BACKOFF_SECONDS[min(mail.attempts, len(BACKOFF_SECONDS)) - 1]
            storage.set_mail_state(conn, mail.id, state, from_states=("sending",), error=error[:500],
                                   next_attempt_at=now + wait)
        else:
            state = UNCERTAIN if outcome == UNCERTAIN else "failed"
            storage.set_mail_state(conn, mail.id, state, from_states=("sending",), error=error[:500])
        return state


def send_again(conn: storage.Connection, principal: Principal, event_id: str, mail_id: int) -> OutboxMail:
    """The organiser sends a failed or uncertain mail again (same Message-ID), once more from now, to the
    person's address as the list has it now (a wrong address is the usual reason a mail failed)."""
    authorise(principal, "people.edit", event_id=event_id)
    with storage.transaction(conn):
        mail = storage.fetch_mail(conn, mail_id)
        if mail is None or mail.event_id != event_id:
            raise DomainError("mail.not_found")
        person = storage.fetch_person(conn, event_id, mail.person_id)
        if person is not None and "@" in person.contact and person.contact != mail.recipient:
            storage.set_mail_recipient(conn, mail.id, person.contact)
        if not storage.set_mail_state(conn, mail.id, "queued", from_states=("failed", "uncertain"),
                                      next_attempt_at=clock.now(), error=""):
            raise DomainError("mail.not_resendable")
        return storage.fetch_mail(conn, mail.id)  # type: ignore[return-value]


def counts(conn: storage.Connection, principal: Principal, event_id: str) -> dict[str, int]:
    """How many of the event's mails are in each state (the organiser is warned of failed and uncertain)."""
    authorise(principal, "people.view", event_id=event_id)
    counted = storage.count_event_mails(conn, event_id)
    return {state: counted.get(state, 0) for state in STATES}


def event_outbox(conn: storage.Connection, principal: Principal, event_id: str) -> dict:
    """The organiser's Utkorg: the event's mails, newest first, and how many are in each state."""
    return {"counts": counts(conn, principal, event_id), "mails": storage.fetch_event_mails(conn, event_id)}
