"""Personal data: which events still keep names, and removing them once their time is up."""

from typing import Any

from sessions.storage.dialect import Connection


def fetch_events_keeping_names(conn: Connection) -> list[Any]:
    """Events whose names have not been removed (id, event_date, created_at)."""
    return list(conn.execute("SELECT id, event_date, created_at FROM event WHERE names_removed_at IS NULL"))


def remove_event_names(conn: Connection, event_id: str, now: float) -> int:
    """Names, organisations and addresses out of the event's list (gender, sector, inviter and status stay
    for the figures), the phones' names, the links and mails that named people, the imports' raw rows.
    Returns how many people were on the list."""
    people = conn.execute("UPDATE person SET name = '', organisation = '', contact = '', updated_at = ?"
                          " WHERE event_id = ?", (now, event_id)).rowcount
    conn.execute("UPDATE participant SET display_name = '' WHERE event_id = ?", (event_id,))
    conn.execute("DELETE FROM person_token WHERE event_id = ?", (event_id,))
    conn.execute("DELETE FROM mail_outbox WHERE event_id = ?", (event_id,))
    conn.execute("DELETE FROM person_import WHERE event_id = ?", (event_id,))
    conn.execute("UPDATE event SET names_removed_at = ? WHERE id = ?", (now, event_id))
    return people


def fetch_names_removed_at(conn: Connection, event_id: str) -> float | None:
    row = conn.execute("SELECT names_removed_at FROM event WHERE id = ?", (event_id,)).fetchone()
    return None if row is None else row[0]
