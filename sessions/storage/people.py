"""The organiser's list of people, and the imports of the lists organisers keep."""

import dataclasses
import uuid
from typing import Any

from sessions.ground.models import Person, PersonImport, PersonImportChange
from sessions.storage.dialect import Connection
from sessions.storage.records import record, records

# --- the organiser's lists of people -----------------------------------------------------------

def insert_people(conn: Connection, event_id: str, people: list[dict], walk_in: bool, now: float) -> list[str]:
    ids = [str(uuid.uuid4()) for _ in people]
    conn.executemany(
        "INSERT INTO person (id, event_id, name, organisation, sector, gender, inviter, contact, status, walk_in,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(person_id, event_id, p["name"], p["organisation"], p["sector"], p["gender"], p["inviter"], p["contact"],
          p["status"], int(walk_in), now, now) for person_id, p in zip(ids, people)])
    return ids


def _walk_in(person: Person) -> Person:
    return dataclasses.replace(person, walk_in=bool(person.walk_in))


def _person(row: Any) -> Person | None:
    person = record(Person, row)
    return _walk_in(person) if person else None


def fetch_people(conn: Connection, event_id: str, *, limit: int | None = None, offset: int = 0) -> list[Person]:
    """The event's list in name order; ``limit`` people from ``offset`` for one page of it."""
    paging = " LIMIT ? OFFSET ?" if limit is not None else ""
    return [_walk_in(person) for person in records(Person, conn.execute(
        "SELECT * FROM person WHERE event_id = ? ORDER BY lower(name), rowid" + paging,
        (event_id, limit, offset) if limit is not None else (event_id,)))]


def count_people(conn: Connection, event_id: str) -> int:
    return conn.execute("SELECT COUNT(*) FROM person WHERE event_id = ?", (event_id,)).fetchone()[0]


def count_people_with_status(conn: Connection, event_id: str, statuses) -> int:
    statuses = sorted(statuses)
    marks = ", ".join("?" * len(statuses))
    return conn.execute(f"SELECT COUNT(*) FROM person WHERE event_id = ? AND status IN ({marks})",
                        (event_id, *statuses)).fetchone()[0]


def fetch_person(conn: Connection, event_id: str, person_id: str) -> Person | None:
    return _person(conn.execute("SELECT * FROM person WHERE id = ? AND event_id = ?", (person_id, event_id)).fetchone())


def update_person_status(conn: Connection, event_id: str, person_id: str, status: str, now: float) -> bool:
    return conn.execute("UPDATE person SET status = ?, updated_at = ? WHERE id = ? AND event_id = ?",
                        (status, now, person_id, event_id)).rowcount == 1


def check_in_person(conn: Connection, event_id: str, person_id: str, now: float) -> bool:
    """Mark the person attended, keeping the status they had for an undo; False when already checked in."""
    return conn.execute(
        "UPDATE person SET status_before_checkin = status, status = 'attended', updated_at = ?"
        " WHERE id = ? AND event_id = ? AND status <> 'attended'", (now, person_id, event_id)).rowcount == 1


def undo_check_in_person(conn: Connection, event_id: str, person_id: str, fallback: str, now: float) -> bool:
    """Back to the status before the check-in (``fallback`` when none was kept); False when not checked in."""
    return conn.execute(
        "UPDATE person SET status = COALESCE(status_before_checkin, ?), status_before_checkin = NULL, updated_at = ?"
        " WHERE id = ? AND event_id = ? AND status = 'attended'", (fallback, now, person_id, event_id)).rowcount == 1


def fetch_people_with_status(conn: Connection, event_id: str, status: str, limit: int) -> list[Person]:
    """The first ``limit`` on the list with ``status``, in name order."""
    return [_walk_in(person) for person in records(Person, conn.execute(
        "SELECT * FROM person WHERE event_id = ? AND status = ? ORDER BY lower(name), rowid LIMIT ?",
        (event_id, status, limit)))]


def set_person_table(conn: Connection, event_id: str, person_id: str, table_number: int | None) -> bool:
    return conn.execute("UPDATE person SET table_number = ? WHERE id = ? AND event_id = ?",
                        (table_number, person_id, event_id)).rowcount == 1


def update_person(conn: Connection, event_id: str, person_id: str, fields: dict, now: float) -> bool:
    columns = ("name", "organisation", "sector", "gender", "inviter", "contact", "status")
    assignments = ", ".join(f"{column} = ?" for column in columns)
    return conn.execute(f"UPDATE person SET {assignments}, updated_at = ? WHERE id = ? AND event_id = ?",
                        [fields[column] for column in columns] + [now, person_id, event_id]).rowcount == 1


def delete_person(conn: Connection, event_id: str, person_id: str) -> bool:
    return conn.execute("DELETE FROM person WHERE id = ? AND event_id = ?", (person_id, event_id)).rowcount == 1


def insert_person_import(conn: Connection, import_id: str, event_id: str, filename: str, file_info: str,
                         header: str, rows: str, mapping: str, now: float) -> None:
    conn.execute("INSERT INTO person_import (id, event_id, filename, file_info, header, rows, mapping, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (import_id, event_id, filename, file_info, header, rows, mapping, now))


def fetch_person_import(conn: Connection, event_id: str, import_id: str) -> PersonImport | None:
    return record(PersonImport, conn.execute("SELECT * FROM person_import WHERE id = ? AND event_id = ?",
                                              (import_id, event_id)).fetchone())


def set_person_import_choices(conn: Connection, import_id: str, mapping: str, choices: str) -> bool:
    return conn.execute("UPDATE person_import SET mapping = ?, choices = ? WHERE id = ? AND state = 'preview'",
                        (mapping, choices, import_id)).rowcount == 1


def mark_person_import_done(conn: Connection, import_id: str, outcome: str, now: float) -> bool:
    """Only a preview becomes an import, once: a second confirm finds nothing to update."""
    return conn.execute("UPDATE person_import SET state = 'imported', rows = NULL, outcome = ?, imported_at = ?"
                        " WHERE id = ? AND state = 'preview'", (outcome, now, import_id)).rowcount == 1


def insert_person_import_changes(conn: Connection, import_id: str,
                                 changes: list[tuple[str, str | None]]) -> None:
    conn.executemany("INSERT INTO person_import_change (import_id, person_id, previous) VALUES (?, ?, ?)",
                     [(import_id, person_id, previous) for person_id, previous in changes])


def fetch_last_person_import(conn: Connection, event_id: str) -> PersonImport | None:
    return record(PersonImport, conn.execute("SELECT * FROM person_import WHERE event_id = ? AND state = 'imported'"
                                              " ORDER BY imported_at DESC, rowid DESC LIMIT 1", (event_id,)).fetchone())


def fetch_person_import_changes(conn: Connection, import_id: str) -> list[PersonImportChange]:
    """The import's changes with each person's last change time (people deleted since are gone)."""
    return records(PersonImportChange, conn.execute(
        "SELECT c.person_id, c.previous, p.updated_at FROM person_import_change c"
        " JOIN person p ON p.id = c.person_id WHERE c.import_id = ?", (import_id,)))


def mark_person_import_undone(conn: Connection, import_id: str, now: float) -> bool:
    return conn.execute("UPDATE person_import SET state = 'undone', undone_at = ? WHERE id = ? AND state = 'imported'",
                        (now, import_id)).rowcount == 1


def delete_stale_person_imports(conn: Connection, before: float) -> int:
    return conn.execute("DELETE FROM person_import WHERE state = 'preview' AND created_at < ?", (before,)).rowcount
