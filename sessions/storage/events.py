"""An evening's row, its tables (their themes and seats), its role links' tokens, and its phase log."""

import dataclasses
import json
from typing import Any

from sessions.ground.models import AccessToken, Event, EventTable, Phase, PhaseRecord, Step
from sessions.storage.dialect import Connection
from sessions.storage.records import record, records

# --- events and tables -------------------------------------------------------------------------

_EVENT_COLUMNS = ("id", "title", "event_date", "place", "vision_question", "deepen_question",
                  "warmup_story", "table_count", "theme_count", "phase", "timer_ends_at", "created_at",
                  "themes_finalised_at", "show_context", "rotation_rounds_max", "parking_visible",
                  "balance_low", "balance_high", "expected_participants", "participant_cap", "organisation",
                  "time_zone", "pages_held", "organisation_id", "format_id", "steps")


def _steps_text(steps: tuple[Step, ...]) -> str:
    return json.dumps([{"phase": step.phase.value, "phones": list(step.phones), "count": step.count,
                        "fields": list(step.fields)} for step in steps])


def _steps(text: Any) -> tuple[Step, ...]:
    if not text or not isinstance(text, str):
        return ()
    return tuple(Step(Phase(step["phase"]), tuple(step.get("phones", ())), step.get("count", 0),
                      tuple(step.get("fields", ()))) for step in json.loads(text))


def _with_phase(event: Event) -> Event:
    return dataclasses.replace(event, phase=Phase(event.phase), steps=_steps(event.steps))


def _event(row: Any) -> Event | None:
    event = record(Event, row)
    return _with_phase(event) if event else None


def insert_event(conn: Connection, event: Event) -> None:
    values = [getattr(event, column) for column in _EVENT_COLUMNS]
    values[_EVENT_COLUMNS.index("phase")] = event.phase.value
    values[_EVENT_COLUMNS.index("steps")] = _steps_text(event.steps)
    conn.execute(f"INSERT INTO event ({', '.join(_EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(values))})",
                 values)


_EDITABLE_EVENT_FIELDS = frozenset({"title", "event_date", "place", "vision_question", "deepen_question",
                                    "warmup_story", "table_count", "theme_count", "rotation_rounds_max",
                                    "balance_low", "balance_high", "expected_participants", "participant_cap",
                                    "organisation", "time_zone"})


def update_event(conn: Connection, event_id: str, fields: dict) -> None:
    unknown = set(fields) - _EDITABLE_EVENT_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if fields:
        assignments = ", ".join(f"{name} = ?" for name in fields)
        conn.execute(f"UPDATE event SET {assignments} WHERE id = ?", [*fields.values(), event_id])


def fetch_event(conn: Connection, event_id: str) -> Event | None:
    return _event(conn.execute("SELECT * FROM event WHERE id = ?", (event_id,)).fetchone())


def fetch_events(conn: Connection, organisation_id: int | None = None) -> list[Event]:
    """The events of one organisation (None: of the whole installation), newest first."""
    if organisation_id is None:
        rows = conn.execute("SELECT * FROM event ORDER BY created_at DESC")
    else:
        rows = conn.execute("SELECT * FROM event WHERE organisation_id = ? ORDER BY created_at DESC",
                            (organisation_id,))
    return [_with_phase(event) for event in records(Event, rows)]


def adopt_events(conn: Connection, organisation_id: int) -> None:
    """Events made before any organisation existed (the first evening's link) join the first one."""
    conn.execute("UPDATE event SET organisation_id = ? WHERE organisation_id IS NULL", (organisation_id,))


def delete_event(conn: Connection, event_id: str) -> bool:
    return conn.execute("DELETE FROM event WHERE id = ?", (event_id,)).rowcount > 0


def set_tables(conn: Connection, event_id: str, table_count: int) -> None:
    conn.execute("DELETE FROM event_table WHERE event_id = ? AND number > ?", (event_id, table_count))
    conn.executemany("INSERT INTO event_table (event_id, number) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     [(event_id, number) for number in range(1, table_count + 1)])


def table_exists(conn: Connection, event_id: str, table_number: int) -> bool:
    return conn.execute("SELECT 1 FROM event_table WHERE event_id = ? AND number = ?",
                        (event_id, table_number)).fetchone() is not None


# --- tokens ------------------------------------------------------------------------------------

def insert_token(conn: Connection, token_hash: str, event_id: str | None, role: str,
                 table_number: int | None, generation: int, join_code_key: str | None = None) -> None:
    conn.execute("INSERT INTO access_token (token_hash, event_id, role, table_number, generation, join_code_key)"
                 " VALUES (?, ?, ?, ?, ?, ?)", (token_hash, event_id, role, table_number, generation, join_code_key))


def fetch_token_by_join_code(conn: Connection, join_code_key: str) -> AccessToken | None:
    """The live token whose short code has this key (one indexed lookup, whatever the number of events)."""
    return record(AccessToken, conn.execute("SELECT * FROM access_token WHERE join_code_key = ? AND revoked_at IS NULL",
                                             (join_code_key,)).fetchone())


def fetch_tokens_without_join_code(conn: Connection, role: str) -> list[AccessToken]:
    return records(AccessToken, conn.execute("SELECT * FROM access_token WHERE role = ? AND revoked_at IS NULL"
                                              " AND join_code_key IS NULL", (role,)))


def set_join_code_key(conn: Connection, token_hash: str, join_code_key: str) -> None:
    conn.execute("UPDATE access_token SET join_code_key = ? WHERE token_hash = ?", (join_code_key, token_hash))


def fetch_active_token(conn: Connection, token_hash: str) -> AccessToken | None:
    return record(AccessToken, conn.execute("SELECT * FROM access_token WHERE token_hash = ? AND revoked_at IS NULL",
                                             (token_hash,)).fetchone())


def fetch_active_tokens(conn: Connection, event_id: str | None) -> list[AccessToken]:
    return records(AccessToken, conn.execute("SELECT * FROM access_token WHERE event_id IS NOT DISTINCT FROM ?"
                                             " AND revoked_at IS NULL ORDER BY role, table_number", (event_id,)))


def revoke_tokens(conn: Connection, event_id: str | None, role: str, table_number: int | None,
                  now: float) -> int:
    """Revoke the active tokens of a role; returns the highest generation seen (0 if none)."""
    row = conn.execute("SELECT MAX(generation) FROM access_token WHERE event_id IS NOT DISTINCT FROM ? AND role = ?"
                       " AND table_number IS NOT DISTINCT FROM ?", (event_id, role, table_number)).fetchone()
    # A replaced link's short code is dropped with it, so a later code can never collide with it.
    conn.execute("UPDATE access_token SET revoked_at = ?, join_code_key = NULL WHERE event_id IS NOT DISTINCT FROM ?"
                 " AND role = ? AND table_number IS NOT DISTINCT FROM ? AND revoked_at IS NULL",
                 (now, event_id, role, table_number))
    return row[0] or 0


# --- phases ------------------------------------------------------------------------------------

def record_phase(conn: Connection, event_id: str, phase: Phase, now: float) -> None:
    """Make ``phase`` current: end the running phase in the log, start the new one, clear the timer."""
    conn.execute("UPDATE event SET phase = ?, timer_ends_at = NULL WHERE id = ?", (phase.value, event_id))
    conn.execute("UPDATE phase_log SET ended_at = ? WHERE event_id = ? AND ended_at IS NULL", (now, event_id))
    conn.execute("INSERT INTO phase_log (event_id, phase, started_at) VALUES (?, ?, ?)",
                 (event_id, phase.value, now))


# What an evening makes, child rows first: a reset to the start removes it and keeps the list and settings.
_EVENING_ROWS = (
    "DELETE FROM rotation_move WHERE round_id IN (SELECT id FROM rotation_round WHERE event_id = ?)",
    "DELETE FROM rotation_round WHERE event_id = ?",
    "DELETE FROM parking_note WHERE event_id = ?",
    "DELETE FROM participant WHERE event_id = ?",
    "UPDATE event_table SET theme_id = NULL WHERE event_id = ?",
    "DELETE FROM theme_priority WHERE theme_id IN (SELECT id FROM theme WHERE event_id = ?)",
    "DELETE FROM priority WHERE event_id = ?",
    "DELETE FROM idea WHERE event_id = ?",
    "DELETE FROM theme WHERE event_id = ?",
    "DELETE FROM board_history WHERE event_id = ?",
    "DELETE FROM followup_entry WHERE event_id = ?",
    "DELETE FROM phase_log WHERE event_id = ?",
)


def reset_evening(conn: Connection, event_id: str) -> None:
    """Remove everything the evening made (ideas, themes, phones, rounds, notes, follow-up, its phases) and
    put the event back before its start; its list of people, tables, settings and links stay."""
    for statement in _EVENING_ROWS:
        conn.execute(statement, (event_id,))
    conn.execute("UPDATE event SET phase = 'setup', timer_ends_at = NULL, themes_finalised_at = NULL,"
                 " parking_visible = 0, pages_held = 0 WHERE id = ?", (event_id,))


def fetch_phase_log(conn: Connection, event_id: str) -> list[PhaseRecord]:
    rows = conn.execute("SELECT phase, started_at, ended_at FROM phase_log WHERE event_id = ? ORDER BY id",
                        (event_id,))
    return [PhaseRecord(Phase(row["phase"]), row["started_at"], row["ended_at"]) for row in rows]


def set_timer(conn: Connection, event_id: str, ends_at: float | None) -> None:
    conn.execute("UPDATE event SET timer_ends_at = ? WHERE id = ?", (ends_at, event_id))


# --- tables' themes and seats ------------------------------------------------------------------

def fetch_tables(conn: Connection, event_id: str) -> list[EventTable]:
    return records(EventTable, conn.execute("SELECT number, seats, theme_id FROM event_table WHERE event_id = ?"
                                             " ORDER BY number", (event_id,)))


def set_table_theme(conn: Connection, event_id: str, table_number: int, theme_id: str | None) -> None:
    conn.execute("UPDATE event_table SET theme_id = ? WHERE event_id = ? AND number = ?",
                 (theme_id, event_id, table_number))


def set_seats(conn: Connection, event_id: str, seats: int | None) -> None:
    conn.execute("UPDATE event_table SET seats = ? WHERE event_id = ?", (seats, event_id))
