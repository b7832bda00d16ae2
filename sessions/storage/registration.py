"""Invitations and registration: who was invited when, consent, a person's links, an event's public
links and its capacity."""

from typing import Any

from sessions.ground.models import Person
from sessions.storage.dialect import Connection
from sessions.storage.records import records

# --- the event's capacity and its public links ------------------------------------------------------

def fetch_capacity(conn: Connection, event_id: str) -> int | None:
    row = conn.execute("SELECT capacity FROM event WHERE id = ?", (event_id,)).fetchone()
    return None if row is None else row[0]


def set_capacity(conn: Connection, event_id: str, capacity: int | None) -> bool:
    return conn.execute("UPDATE event SET capacity = ? WHERE id = ?", (capacity, event_id)).rowcount == 1


def fetch_public_link(conn: Connection, token_hash: str) -> Any:
    return conn.execute("SELECT event_id, purpose, generation FROM public_link"
                        " WHERE token_hash = ? AND revoked_at IS NULL", (token_hash,)).fetchone()


def fetch_live_public_link(conn: Connection, event_id: str, purpose: str) -> Any:
    return conn.execute("SELECT event_id, purpose, generation FROM public_link WHERE event_id = ? AND purpose = ?"
                        " AND revoked_at IS NULL ORDER BY generation DESC LIMIT 1", (event_id, purpose)).fetchone()


def revoke_public_links(conn: Connection, event_id: str, purpose: str, now: float) -> int:
    """Close the event's live link of ``purpose``; returns the highest generation there has been."""
    conn.execute("UPDATE public_link SET revoked_at = ? WHERE event_id = ? AND purpose = ? AND revoked_at IS NULL",
                 (now, event_id, purpose))
    row = conn.execute("SELECT MAX(generation) FROM public_link WHERE event_id = ? AND purpose = ?",
                       (event_id, purpose)).fetchone()
    return row[0] or 0


def insert_public_link(conn: Connection, token_hash: str, event_id: str, purpose: str, generation: int,
                       now: float) -> None:
    conn.execute("INSERT INTO public_link (token_hash, event_id, purpose, generation, created_at)"
                 " VALUES (?, ?, ?, ?, ?)", (token_hash, event_id, purpose, generation, now))


# --- a person's links, invitation, registration and consent ---------------------------------------

def insert_person_token(conn: Connection, token_hash: str, person_id: str, event_id: str, purpose: str) -> None:
    conn.execute("INSERT INTO person_token (token_hash, person_id, event_id, purpose) VALUES (?, ?, ?, ?)"
                 " ON CONFLICT (token_hash) DO NOTHING", (token_hash, person_id, event_id, purpose))


def fetch_person_token(conn: Connection, token_hash: str) -> Any:
    return conn.execute("SELECT person_id, event_id, purpose FROM person_token WHERE token_hash = ?",
                        (token_hash,)).fetchone()


def delete_person_tokens(conn: Connection, person_id: str) -> int:
    return conn.execute("DELETE FROM person_token WHERE person_id = ?", (person_id,)).rowcount


def fetch_registration(conn: Connection, event_id: str, person_id: str) -> Any:
    """The person's invitation and registration times, and their consent (None where not given)."""
    return conn.execute(
        "SELECT p.invited_at, p.registered_at, p.waiting_since, c.text_version, c.given_at, c.results_mail,"
        " c.unsubscribed_at FROM person p LEFT JOIN consent c ON c.person_id = p.id"
        " WHERE p.id = ? AND p.event_id = ?", (person_id, event_id)).fetchone()


def fetch_uninvited(conn: Connection, event_id: str, limit: int | None = None) -> list[Person]:
    """The people on the list not yet invited, in list order (the first ``limit``)."""
    paging = " LIMIT ?" if limit is not None else ""
    return records(Person, conn.execute(
        "SELECT * FROM person WHERE event_id = ? AND invited_at IS NULL AND status = 'invited'"
        " ORDER BY lower(name), rowid" + paging, (event_id, limit) if limit is not None else (event_id,)))


def count_invited(conn: Connection, event_id: str) -> int:
    return conn.execute("SELECT COUNT(*) FROM person WHERE event_id = ? AND invited_at IS NOT NULL",
                        (event_id,)).fetchone()[0]


def mark_invited(conn: Connection, person_id: str, now: float) -> bool:
    return conn.execute("UPDATE person SET invited_at = ? WHERE id = ? AND invited_at IS NULL",
                        (now, person_id)).rowcount == 1


def set_registration(conn: Connection, person_id: str, *, status: str, registered_at: float | None,
                     waiting_since: float | None, gender: str, sector: str, now: float) -> None:
    conn.execute("UPDATE person SET status = ?, registered_at = ?, waiting_since = ?, gender = ?, sector = ?,"
                 " updated_at = ? WHERE id = ?", (status, registered_at, waiting_since, gender, sector, now,
                                                  person_id))


def set_person_name(conn: Connection, person_id: str, name: str, organisation: str, now: float) -> None:
    conn.execute("UPDATE person SET name = ?, organisation = ?, updated_at = ? WHERE id = ?",
                 (name, organisation, now, person_id))


def count_seats_taken(conn: Connection, event_id: str) -> int:
    return conn.execute("SELECT COUNT(*) FROM person WHERE event_id = ? AND status IN ('registered', 'attended')",
                        (event_id,)).fetchone()[0]


def fetch_first_waiting(conn: Connection, event_id: str) -> Any:
    return conn.execute("SELECT id FROM person WHERE event_id = ? AND waiting_since IS NOT NULL"
                        " AND status = 'invited' ORDER BY waiting_since, rowid LIMIT 1", (event_id,)).fetchone()


def count_waiting(conn: Connection, event_id: str) -> int:
    return conn.execute("SELECT COUNT(*) FROM person WHERE event_id = ? AND waiting_since IS NOT NULL"
                        " AND status = 'invited'", (event_id,)).fetchone()[0]


def save_consent(conn: Connection, person_id: str, event_id: str, text_version: str, results_mail: bool,
                 now: float) -> None:
    conn.execute("INSERT INTO consent (person_id, event_id, text_version, given_at, results_mail)"
                 " VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET text_version = excluded.text_version,"
                 " given_at = excluded.given_at, results_mail = excluded.results_mail, unsubscribed_at = NULL",
                 (person_id, event_id, text_version, now, int(results_mail)))


def unsubscribe(conn: Connection, person_id: str, now: float) -> bool:
    return conn.execute("UPDATE consent SET unsubscribed_at = ? WHERE person_id = ? AND results_mail = 1"
                        " AND unsubscribed_at IS NULL", (now, person_id)).rowcount == 1


def fetch_results_recipients(conn: Connection, event_id: str) -> list[Any]:
    """Those who agreed to hear what became of the ideas and have not unsubscribed (id, contact)."""
    return list(conn.execute(
        "SELECT p.id, p.contact FROM person p JOIN consent c ON c.person_id = p.id WHERE p.event_id = ?"
        " AND c.results_mail = 1 AND c.unsubscribed_at IS NULL AND p.contact LIKE '%@%' ORDER BY p.rowid",
        (event_id,)))


def fetch_inviters(conn: Connection, event_id: str) -> list[str]:
    return [row[0] for row in conn.execute(
        "SELECT DISTINCT inviter FROM person WHERE event_id = ? AND inviter <> '' ORDER BY inviter", (event_id,))]


def fetch_person_by_contact(conn: Connection, event_id: str, contact: str) -> Any:
    return conn.execute("SELECT id FROM person WHERE event_id = ? AND lower(contact) = lower(?) LIMIT 1",
                        (event_id, contact)).fetchone()
