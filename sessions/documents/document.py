"""The evening's results as one document: the input to the municipality's strategy.

``build_export`` makes the JSON-ready document (schema in docs/export-schema.json); Markdown,
DOCX, XLSX and printable HTML are made from it in :mod:`sessions.documents.forum_report`, so every format
says the same. Anonymous by default: participants' names appear only when the organiser asks.

Version 2 reads times on the event's clock (ISO 8601 with its UTC offset), names the organisation
that publishes the report, keeps the tool's placements ("similar_ideas") apart from what the
tables chose, and gives attendance by stage, gender and sector. :func:`forum_themes` reads the
themes and proposals out of any version this app has written.
"""

import datetime
import zoneinfo

from sessions import storage
from sessions.documents.format_results import format_entry
from sessions.evening import audit, board, events, formats, phases
from sessions.ground.errors import DomainError
from sessions.ground.roles import Principal, authorise
from sessions.people import balance

SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)



def _iso(timestamp: float | None, zone: zoneinfo.ZoneInfo) -> str | None:
    if timestamp is None:
        return None
    return datetime.datetime.fromtimestamp(timestamp, zone).isoformat(timespec="seconds")


def _event_entry(conn: storage.Connection, event, zone: zoneinfo.ZoneInfo) -> dict:
    return {"id": event.id, "title": event.title, "date": event.event_date, "place": event.place,
            "organisation": events.author(conn, event), "time_zone": zone.key,
            "vision_question": event.vision_question, "deepen_question": event.deepen_question}


def _theme_entries(conn: storage.Connection, event_id: str, themes, priorities) -> list[dict]:
    """Each theme with its tables, its priorities and its proposals (the tool's placements left empty)."""
    proposals = storage.fetch_ideas(conn, event_id, kind="proposal")
    tables = storage.fetch_tables(conn, event_id)
    priority_by_id = {priority.id: priority for priority in priorities}
    entries = []
    for theme in themes:
        members = [priority_by_id[p] for p in theme.priority_ids if p in priority_by_id]
        entries.append({
            "title": theme.title,
            "tables": [table.number for table in tables if table.theme_id == theme.id],
            "priorities": [{"table": p.table_number, "text": p.text} for p in members],
            "proposals": [{"table": p.table_number, "text": p.text} for p in proposals if p.theme_id == theme.id],
            "similar_ideas": [],
        })
    return entries


def forum_document(conn: storage.Connection, principal: Principal, event_id: str) -> dict:
    """What the forum asked, in the export's shape (its version, the event, the themes with their
    priorities and proposals) without the rest of the evening: quick to read, for the imprint."""
    authorise(principal, "event.export", event_id=event_id)
    event = events.get(conn, event_id)
    zone = zoneinfo.ZoneInfo(event.time_zone or events.DEFAULT_TIME_ZONE)
    themes = storage.fetch_themes(conn, event.id)
    return {"schema_version": SCHEMA_VERSION, "event": _event_entry(conn, event, zone),
            "themes": _theme_entries(conn, event.id, themes, storage.fetch_priorities(conn, event.id))}


def export_for_download(conn: storage.Connection, principal: Principal, event_id: str, *,
                        include_names: bool = False, place: board.Placer | None = None) -> dict:
    """The export a person takes away: as ``build_export``, noted in the organisation's audit log
    (with names or not)."""
    document = build_export(conn, principal, event_id, include_names=include_names, place=place)
    with storage.transaction(conn):
        event = events.get(conn, event_id)
        audit.record(conn, principal, "event.export", event_id, organisation_id=event.organisation_id,
                     title=event.title, names=include_names)
    return document


def build_export(conn: storage.Connection, principal: Principal, event_id: str, *, include_names: bool = False,
                 place: board.Placer | None = None) -> dict:
    """Everything the evening produced, for the strategy work; ``place`` puts ideas under themes."""
    authorise(principal, "event.export", event_id=event_id)
    event = events.get(conn, event_id)
    ideas = storage.fetch_ideas(conn, event.id)
    priorities = storage.fetch_priorities(conn, event.id)
    themes = storage.fetch_themes(conn, event.id)
    zone = zoneinfo.ZoneInfo(event.time_zone or events.DEFAULT_TIME_ZONE)

    theme_entries = _theme_entries(conn, event.id, themes, priorities)
    if place is not None:
        # The tool's suggestion, not the tables' choice: kept in its own list and labelled so, with the
        # theme's words it met; a placement the organiser removed stays removed (the idea stays with its table).
        removed = storage.fetch_placement_removals(conn, event.id)
        for theme, entry, placed in zip(themes, theme_entries, board.placed_ideas(themes, priorities, ideas, place)):
            entry["similar_ideas"] = [{"table": idea.table_number, "text": idea.text, "shared_terms": terms}
                                      for idea, terms in placed if (idea.id, theme.title) not in removed]

    rounds = storage.fetch_rounds(conn, event.id)
    participants = storage.fetch_participants(conn, event.id)
    document = {
        "schema_version": SCHEMA_VERSION,
        "event": _event_entry(conn, event, zone),
        "method": {"tables": event.table_count, "themes": event.theme_count,
                   "priorities_per_table": phases.priorities_per_table(event),
                   "rotation_rounds": [{"number": row.number, "opened_at": _iso(row.opened_at, zone),
                                        "closed_at": _iso(row.closed_at, zone),
                                        "moved": storage.count_movers(conn, row.id)} for row in rounds]},
        "phases": [{"phase": record.phase.value, "started_at": _iso(record.started_at, zone),
                    "ended_at": _iso(record.ended_at, zone)} for record in storage.fetch_phase_log(conn, event.id)],
        "themes": theme_entries,
        "unthemed_priorities": [{"table": p.table_number, "text": p.text} for p in priorities
                                if not any(p.id in theme.priority_ids for theme in themes)],
        "ideas": [{"table": idea.table_number, "text": idea.text, "created_at": _iso(idea.created_at, zone)}
                  for idea in ideas],
        "parking_lot": [{"table": note.table_number, "text": note.text, "created_at": _iso(note.created_at, zone)}
                        for note in storage.fetch_parking_notes(conn, event.id)],
        # From the organiser's lists (zeros where none was kept): counts only, never names.
        "attendance": balance.attendance_summary(conn, event.id) | {"participants_joined": len(participants)},
        "anonymous": not include_names,
    }
    # Another format, or an open forum whose phones took part: what they brought in besides themes.
    if event.format_id != formats.DEFAULT_FORMAT or any(step.phones for step in event.steps):
        document["format"] = format_entry(conn, event)
    if include_names:
        document["participants"] = [{"name": person.display_name, "table": person.table_number}
                                    for person in participants]
    return document


def forum_themes(document: dict) -> list[dict]:
    """What the forum asked, from an export of any version this app has written.

    Each theme as ``{"title", "priorities": [text], "proposals": [text]}``; the tool's placements
    (version 1 mixed them into "ideas") are not what the forum asked and are left out."""
    if not isinstance(document, dict) or document.get("schema_version") not in READABLE_VERSIONS:
        raise DomainError("export.unknown_version", version=str(document.get("schema_version")
                                                                if isinstance(document, dict) else None))
    try:
        return [{"title": str(theme["title"]),
                 "priorities": [str(entry["text"]) for entry in theme.get("priorities", [])],
                 "proposals": [str(entry["text"]) for entry in theme.get("proposals", [])]}
                for theme in document["themes"]]
    except (KeyError, TypeError):
        raise DomainError("export.unreadable") from None
