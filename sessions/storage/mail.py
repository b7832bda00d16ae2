"""The durable outbox of e-mails: stored before sending, claimed for sending one at a time."""

from sessions.ground.models import OutboxMail
from sessions.storage.dialect import Connection
from sessions.storage.records import record, records


def insert_mail(conn: Connection, event_id: str, person_id: str, purpose: str, recipient: str, subject: str,
                body: str, message_id: str, now: float) -> bool:
    """Store a mail unless one with the same (purpose, person, event) exists; True when stored."""
    return conn.execute(
        "INSERT INTO mail_outbox (event_id, person_id, purpose, recipient, subject, body, message_id,"
        " next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (purpose, person_id, event_id) DO NOTHING",
        (event_id, person_id, purpose, recipient, subject, body, message_id, now, now)).rowcount == 1


def fetch_next_due_mail(conn: Connection, now: float) -> OutboxMail | None:
    return record(OutboxMail, conn.execute(
        "SELECT * FROM mail_outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id"
        " LIMIT 1", (now,)).fetchone())


def fetch_mail(conn: Connection, mail_id: int) -> OutboxMail | None:
    return record(OutboxMail, conn.execute("SELECT * FROM mail_outbox WHERE id = ?", (mail_id,)).fetchone())


def fetch_event_mails(conn: Connection, event_id: str, limit: int = 500) -> list[OutboxMail]:
    return records(OutboxMail, conn.execute(
        "SELECT * FROM mail_outbox WHERE event_id = ? ORDER BY id DESC LIMIT ?", (event_id, limit)))


def count_event_mails(conn: Connection, event_id: str) -> dict[str, int]:
    return {row[0]: row[1] for row in conn.execute(
        "SELECT state, COUNT(*) FROM mail_outbox WHERE event_id = ? GROUP BY state", (event_id,))}


def fetch_person_mails(conn: Connection, event_id: str, person_id: str) -> list[OutboxMail]:
    return records(OutboxMail, conn.execute(
        "SELECT * FROM mail_outbox WHERE event_id = ? AND person_id = ? ORDER BY id", (event_id, person_id)))


def set_mail_state(conn: Connection, mail_id: int, state: str, *, from_states: tuple[str, ...],
                   now: float | None = None, error: str | None = None, next_attempt_at: float | None = None,
                   count_attempt: bool = False) -> bool:
    """Move a mail to ``state`` only from one of ``from_states``: the one atomic step of each change."""
    marks = ", ".join("?" * len(from_states))
    return conn.execute(
        "UPDATE mail_outbox SET state = ?,"
        " sending_since = CASE WHEN ? = 'sending' THEN ? ELSE sending_since END,"
        " sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END,"
        " last_error = COALESCE(?, last_error),"
        " next_attempt_at = COALESCE(?, next_attempt_at),"
        " attempts = attempts + ?"
        f" WHERE id = ? AND state IN ({marks})",
        (state, state, now, state, now, error, next_attempt_at, int(count_attempt), mail_id, *from_states)
    ).rowcount == 1


def set_mail_recipient(conn: Connection, mail_id: int, recipient: str) -> None:
    conn.execute("UPDATE mail_outbox SET recipient = ? WHERE id = ?", (recipient, mail_id))


def mark_stale_sending(conn: Connection, before: float, error: str) -> int:
    return conn.execute("UPDATE mail_outbox SET state = 'uncertain', last_error = ?"
                        " WHERE state = 'sending' AND sending_since < ?", (error, before)).rowcount


def delete_person_mails(conn: Connection, event_id: str, person_id: str) -> int:
    return conn.execute("DELETE FROM mail_outbox WHERE event_id = ? AND person_id = ?",
                        (event_id, person_id)).rowcount


def delete_event_mails(conn: Connection, event_id: str) -> int:
    return conn.execute("DELETE FROM mail_outbox WHERE event_id = ?", (event_id,)).rowcount
