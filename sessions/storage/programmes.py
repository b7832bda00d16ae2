"""Programmes: a title, the events they group, and their themes across events (JSON)."""

from sessions.ground.models import FollowupEntry, Person, Programme
from sessions.storage.dialect import Connection
from sessions.storage.records import record, records


def insert_programme(conn: Connection, programme: Programme, event_ids: list[str]) -> None:
    conn.execute("INSERT INTO programme (id, title, themes, created_at, organisation_id) VALUES (?, ?, ?, ?, ?)",
                 (programme.id, programme.title, programme.themes, programme.created_at, programme.organisation_id))
    conn.executemany("INSERT INTO programme_event (programme_id, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     [(programme.id, event_id) for event_id in event_ids])


def fetch_programme(conn: Connection, programme_id: str) -> Programme | None:
    return record(Programme, conn.execute("SELECT * FROM programme WHERE id = ?", (programme_id,)).fetchone())


def fetch_programmes(conn: Connection, organisation_id: int | None = None) -> list[Programme]:
    """Every programme, or an organisation's only."""
    if organisation_id is None:
        return records(Programme, conn.execute("SELECT * FROM programme ORDER BY created_at DESC"))
    return records(Programme, conn.execute("SELECT * FROM programme WHERE organisation_id = ? ORDER BY created_at DESC",
                                           (organisation_id,)))


def fetch_programme_event_ids(conn: Connection, programme_id: str) -> list[str]:
    rows = conn.execute("SELECT e.id FROM programme_event pe JOIN event e ON e.id = pe.event_id"
                        " WHERE pe.programme_id = ? ORDER BY e.event_date, e.created_at", (programme_id,))
    return [row[0] for row in rows]


def set_programme_themes(conn: Connection, programme_id: str, themes: str) -> None:
    conn.execute("UPDATE programme SET themes = ? WHERE id = ?", (themes, programme_id))


def fetch_all_people(conn: Connection, organisation_id: int | None = None) -> list[Person]:
    """Everyone on every event's list (of one organisation's events, when given), the oldest event's first
    (the memory across events)."""
    if organisation_id is None:
        rows = conn.execute("SELECT p.* FROM person p JOIN event e ON e.id = p.event_id"
                            " ORDER BY e.event_date, e.created_at, p.rowid")
    else:
        rows = conn.execute("SELECT p.* FROM person p JOIN event e ON e.id = p.event_id WHERE e.organisation_id = ?"
                            " ORDER BY e.event_date, e.created_at, p.rowid", (organisation_id,))
    return records(Person, rows)


_FOLLOWUP_COLUMNS = ("subject_kind", "subject_id", "subject_text", "status", "note", "responsible", "status_date",
                     "changed_by", "changed_at")


def insert_programme_followup_entry(conn: Connection, programme_id: str, entry: dict) -> None:
    conn.execute(f"INSERT INTO programme_followup_entry (programme_id, {', '.join(_FOLLOWUP_COLUMNS)})"
                 f" VALUES (?{', ?' * len(_FOLLOWUP_COLUMNS)})",
                 [programme_id, *(entry[column] for column in _FOLLOWUP_COLUMNS)])


def fetch_programme_followup_entries(conn: Connection, programme_id: str) -> list[FollowupEntry]:
    """Every follow-up entry of the programme's themes, oldest first: the last per theme is in force."""
    return records(FollowupEntry, conn.execute(
        f"SELECT {', '.join(_FOLLOWUP_COLUMNS)} FROM programme_followup_entry WHERE programme_id = ? ORDER BY id",
        (programme_id,)))
