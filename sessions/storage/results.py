"""The public results page: whether it is published, and which follow-up entries have been told of."""

from typing import Any

from sessions.storage.dialect import Connection


def fetch_results_state(conn: Connection, event_id: str) -> Any:
    return conn.execute("SELECT results_published_at, results_told_through FROM event WHERE id = ?",
                        (event_id,)).fetchone()


def set_results_published(conn: Connection, event_id: str, published_at: float | None) -> bool:
    return conn.execute("UPDATE event SET results_published_at = ? WHERE id = ?",
                        (published_at, event_id)).rowcount == 1


def set_results_told_through(conn: Connection, event_id: str, entry_id: int) -> None:
    conn.execute("UPDATE event SET results_told_through = ? WHERE id = ? AND results_told_through < ?",
                 (entry_id, event_id, entry_id))


def fetch_followup_changes(conn: Connection, event_id: str, after_id: int) -> list[Any]:
    """Follow-up entries newer than ``after_id`` (id, subject_kind, subject_text, status, status_date,
    changed_at), oldest first."""
    return list(conn.execute(
        "SELECT id, subject_kind, subject_text, status, status_date, changed_at FROM followup_entry"
        " WHERE event_id = ? AND id > ? ORDER BY id", (event_id, after_id)))


def fetch_published_event_ids(conn: Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT id FROM event WHERE results_published_at IS NOT NULL")]
