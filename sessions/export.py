"""The evening's results as one document: the input to the municipality's strategy.

``build_export`` makes the JSON-ready document (schema in docs/export-schema.json); Markdown,
DOCX and XLSX are made from it in :mod:`sessions.export_formats`, so every format says the same.
Anonymous by default: participants' names appear only when the organiser asks for them.
"""

import datetime
import sqlite3
from typing import Callable

from sessions import people, storage
from sessions.roles import Principal, authorise
from sessions.service import get_event

SCHEMA_VERSION = 1

Placer = Callable[[list[list[str]], list[str]], list[int | None]]


def _iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).isoformat(timespec="seconds")


def build_export(conn: sqlite3.Connection, principal: Principal, event_id: str, *, include_names: bool = False,
                 place: Placer | None = None) -> dict:
    """Everything the evening produced, for the strategy work; ``place`` puts ideas under themes."""
    authorise(principal, "event.export", event_id=event_id)
    event = get_event(conn, event_id)
    ideas = storage.fetch_ideas(conn, event.id)
    proposals = storage.fetch_ideas(conn, event.id, kind="proposal")
    priorities = storage.fetch_priorities(conn, event.id)
    priority_by_id = {priority.id: priority for priority in priorities}
    idea_by_id = {idea.id: idea for idea in ideas}
    themes = storage.fetch_themes(conn, event.id)
    tables = storage.fetch_tables(conn, event.id)

    theme_entries = []
    for theme in themes:
        members = [priority_by_id[p] for p in theme.priority_ids if p in priority_by_id]
        behind = [idea_by_id[p.idea_id] for p in members if p.idea_id in idea_by_id]
        theme_entries.append({
            "title": theme.title,
            "tables": [table["number"] for table in tables if table["theme_id"] == theme.id],
            "priorities": [{"table": p.table_number, "text": p.text} for p in members],
            "ideas": [{"table": idea.table_number, "text": idea.text} for idea in behind],
            "proposals": [{"table": p.table_number, "text": p.text} for p in proposals if p.theme_id == theme.id],
        })
    if place is not None and theme_entries:
        chosen = {p.idea_id for p in priorities if p.idea_id}
        others = [idea for idea in ideas if idea.id not in chosen]
        theme_texts = [[entry["title"]] + [p["text"] for p in entry["priorities"]] for entry in theme_entries]
        for idea, nearest in zip(others, place(theme_texts, [idea.text for idea in others])):
            if nearest is not None:
                theme_entries[nearest]["ideas"].append({"table": idea.table_number, "text": idea.text})

    rounds = storage.fetch_rounds(conn, event.id)
    participants = storage.fetch_participants(conn, event.id)
    document = {
        "schema_version": SCHEMA_VERSION,
        "event": {"id": event.id, "title": event.title, "date": event.event_date, "place": event.place,
                  "vision_question": event.vision_question, "deepen_question": event.deepen_question},
        "method": {"tables": event.table_count, "themes": event.theme_count,
                   "rotation_rounds": [{"number": row["number"], "opened_at": _iso(row["opened_at"]),
                                        "closed_at": _iso(row["closed_at"]),
                                        "moved": storage.count_movers(conn, row["id"])} for row in rounds]},
        "phases": [{"phase": record.phase.value, "started_at": _iso(record.started_at),
                    "ended_at": _iso(record.ended_at)} for record in storage.fetch_phase_log(conn, event.id)],
        "themes": theme_entries,
        "unthemed_priorities": [{"table": p.table_number, "text": p.text} for p in priorities
                                if not any(p.id in theme.priority_ids for theme in themes)],
        "ideas": [{"table": idea.table_number, "text": idea.text, "created_at": _iso(idea.created_at)}
                  for idea in ideas],
        "parking_lot": [{"table": note.table_number, "text": note.text, "created_at": _iso(note.created_at)}
                        for note in storage.fetch_parking_notes(conn, event.id)],
        # From the organiser's lists (zeros where none was kept): counts only, never names.
        "attendance": people.attendance_summary(conn, event.id) | {"participants_joined": len(participants)},
        "anonymous": not include_names,
    }
    if include_names:
        document["participants"] = [{"name": person.display_name, "table": person.table_number}
                                    for person in participants]
    return document
