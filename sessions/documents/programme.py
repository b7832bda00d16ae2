"""A programme across events: events grouped under one purpose ("Underlag till näringslivsstrategin 2027"),
every input of its events grouped into themes across events (the tool's suggestion, which people correct),
each with its sources, whom the programme heard, and one consolidated report (JSON, Markdown, DOCX).

A programme's events are checked as events are, each where it is found (``events.get`` and the event's own
``authorise``), so the checks an event gets cover the programme that names it.
"""

import json
import secrets
from collections import Counter

from sessions import storage
from sessions.documents import blocks
from sessions.evening import board, events
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.models import Event, Programme
from sessions.ground.roles import Principal, Role, authorise, require_organisation
from sessions.ground.text import clean_text
from sessions.people import balance, memory

TITLE_MAX_LENGTH = 200
MAX_EVENTS = 50
DEFAULT_THEMES = 8
UNSORTED = -1
KIND_NAMES = {"idea": "idé", "priority": "prioritering", "proposal": "förslag", "question": "fråga",
              "entry": "svar"}


def _event(conn: storage.Connection, principal: Principal, event_id) -> Event:
    """One of the programme's events, checked as any page of that event checks it (an organisation's
    organiser only on its own organisation's events)."""
    if principal.role is Role.ORGANISER:
        principal = events.scoped(conn, principal, str(event_id))
    authorise(principal, "event.export", event_id=str(event_id))
    return events.get(conn, str(event_id))


def create(conn: storage.Connection, principal: Principal, title, event_ids) -> Programme:
    """A programme of ``event_ids`` (each an event the principal may see), titled for its purpose."""
    authorise(principal, "event.create")
    title = clean_text(title, limit=TITLE_MAX_LENGTH, one_line=True, empty="programme.title_missing",
                       too_long="programme.title_too_long")
    if not isinstance(event_ids, list | tuple) or not event_ids or len(event_ids) > MAX_EVENTS:
        raise DomainError("programme.no_events", limit=MAX_EVENTS)
    chosen = list(dict.fromkeys(_event(conn, principal, event_id).id for event_id in event_ids))
    programme = Programme(secrets.token_hex(5), title, "", clock.now(), principal.organisation_id)
    with storage.transaction(conn):
        storage.insert_programme(conn, programme, chosen)
    return programme


def get(conn: storage.Connection, principal: Principal, programme_id) -> tuple[Programme, list[Event]]:
    """The programme and its events, every one of them checked."""
    authorise(principal, "event.view")
    found = storage.fetch_programme(conn, str(programme_id)[:64])
    if found is None:
        raise DomainError("programme.not_found")
    require_organisation(principal, found.organisation_id, "programme.not_found")
    return found, [_event(conn, principal, event_id) for event_id in storage.fetch_programme_event_ids(conn, found.id)]


def listed(conn: storage.Connection, principal: Principal) -> list[Programme]:
    authorise(principal, "event.view")
    return storage.fetch_programmes(conn, principal.organisation_id)


# --- every input of its events, and the themes across them ------------------------------------------

def inputs(conn: storage.Connection, events_of: list[Event]) -> list[dict]:
    """Every input of the events, each with its source: the event, its format, the table (or visit)."""
    found: list[dict] = []
    for event in events_of:
        source: dict = {"event_id": event.id, "event_title": event.title, "format": event.format_id}
        for kind in ("idea", "proposal", "question", "entry"):
            for idea in storage.fetch_ideas(conn, event.id, kind=kind):
                found.append(source | {"key": f"{event.id}/{idea.id}", "kind": kind, "table": idea.table_number,
                                       "text": idea.text})
        for priority in storage.fetch_priorities(conn, event.id):
            if priority.idea_id is None:  # a priority chosen from an idea is that idea, already listed
                found.append(source | {"key": f"{event.id}/{priority.id}", "kind": "priority",
                                       "table": priority.table_number, "text": priority.text})
    return found


def suggest(conn: storage.Connection, principal: Principal, programme_id, group: board.Grouper) -> list[dict]:
    """The tool's themes across the events: a suggestion people correct (rename, move) afterwards."""
    programme, events_of = get(conn, principal, programme_id)
    found = inputs(conn, events_of)
    if not found:
        raise DomainError("programme.no_inputs")
    # About three inputs a theme at least, at most DEFAULT_THEMES: a few inputs are not eight themes.
    suggestion = group([item["text"] for item in found], max(2, min(DEFAULT_THEMES, len(found) // 3)))
    # A theme suggested again under a title it had keeps its key, and so its follow-up.
    kept = {theme["title"]: theme_key(theme, number) for number, theme in enumerate(_themes(programme), start=1)}
    themes = [{"id": kept.pop(label or f"Tema {number}", "") or secrets.token_hex(4),
               "title": label or f"Tema {number}", "sources": [found[i]["key"] for i in members]}
              for number, (label, members) in enumerate(suggestion, start=1)]
    with storage.transaction(conn):
        storage.set_programme_themes(conn, programme.id, json.dumps(themes, ensure_ascii=False))
    return themes


def _themes(programme: Programme) -> list[dict]:
    return json.loads(programme.themes) if programme.themes else []


def themes_of(programme: Programme) -> list[dict]:
    """The programme's themes as people left them: each with its title, sources and ``key``."""
    return [theme | {"key": theme_key(theme, number)} for number, theme in enumerate(_themes(programme), start=1)]


def theme_key(theme: dict, number: int) -> str:
    """What a theme's follow-up is kept under: its id, which renaming and moving inputs keep (a theme
    suggested before themes had ids: its number)."""
    return str(theme.get("id") or number)


def rename_theme(conn: storage.Connection, principal: Principal, programme_id, number, title) -> None:
    """A person names a theme as the committee would (``number`` counts from 1)."""
    programme, _ = get(conn, principal, programme_id)
    themes = _themes(programme)
    index = _theme_index(themes, number)
    themes[index]["title"] = clean_text(title, limit=TITLE_MAX_LENGTH, one_line=True, empty="theme.title_empty",
                                        too_long="theme.title_too_long")
    with storage.transaction(conn):
        storage.set_programme_themes(conn, programme.id, json.dumps(themes, ensure_ascii=False))


def move_source(conn: storage.Connection, principal: Principal, programme_id, key, number) -> None:
    """A person puts an input under another theme (``number`` from 1), or among the unsorted (0)."""
    programme, events_of = get(conn, principal, programme_id)
    if str(key) not in {item["key"] for item in inputs(conn, events_of)}:
        raise DomainError("programme.no_such_input")
    themes = _themes(programme)
    target = UNSORTED if str(number) == "0" else _theme_index(themes, number)
    for theme in themes:
        theme["sources"] = [source for source in theme["sources"] if source != key]
    if target != UNSORTED:
        themes[target]["sources"].append(str(key))
    with storage.transaction(conn):
        storage.set_programme_themes(conn, programme.id, json.dumps(themes, ensure_ascii=False))


def _theme_index(themes: list[dict], number) -> int:
    try:
        index = int(number) - 1
    except (TypeError, ValueError):
        raise DomainError("theme.not_found") from None
    if not 0 <= index < len(themes):
        raise DomainError("theme.not_found")
    return index


# --- whom it heard, and the consolidated document ---------------------------------------------------

def heard(conn: storage.Connection, events_of: list[Event]) -> dict:
    """The balance of whom the programme heard: gender and sector of those who came (and of those who
    answered a staff tablet and said so), inviters, and first-time versus returning people."""
    gender: Counter = Counter()
    sector: Counter = Counter()
    for event in events_of:
        attendance = balance.attendance_summary(conn, event.id)
        gender.update(attendance["by_gender"])
        sector.update(attendance["by_sector"])
        for entry in storage.fetch_ideas(conn, event.id, kind="entry"):
            details = entry.public()["details"]
            if details.get("gender"):
                gender[details["gender"]] += 1
            if details.get("sector"):
                sector[details["sector"]] += 1
    return {"by_gender": dict(gender), "by_sector": dict(sector.most_common()),
            **memory.heard(conn, [event.id for event in events_of],
                           events_of[0].organisation_id if events_of else None)}


def document(conn: storage.Connection, principal: Principal, programme_id) -> dict:
    """The programme as one document (schema in docs/programme-schema.json): anonymous, counts only."""
    programme, events_of = get(conn, principal, programme_id)
    by_key = {item["key"]: item for item in inputs(conn, events_of)}
    themes = _themes(programme)
    placed = {key for theme in themes for key in theme["sources"]}

    def source(key: str) -> dict:
        item = by_key[key]
        return {"key": key, "event_id": item["event_id"], "format": item["format"], "kind": item["kind"],
                "table": item["table"], "text": item["text"]}

    return {"programme": {"id": programme.id, "title": programme.title},
            "events": [{"id": event.id, "title": event.title, "format": event.format_id, "date": event.event_date}
                       for event in events_of],
            "themes": [{"title": theme["title"], "sources": [source(key) for key in theme["sources"] if key in by_key]}
                       for theme in themes],
            "unsorted": [source(key) for key in by_key if key not in placed],
            "heard": heard(conn, events_of)}


def report(doc: dict) -> blocks.Report:
    """The consolidated report for the committee that writes the strategy."""
    titles = {event["id"]: event["title"] for event in doc["events"]}
    made = blocks.Report(title=doc["programme"]["title"], author="", subtitle="Samlat underlag från flera dialoger")
    made.add(blocks.Heading("Dialogerna"),
             blocks.Table(["Dialog", "Form", "Datum"], [[event["title"], event["format"], event["date"] or "–"]
                                                       for event in doc["events"]]))
    heard_of = doc["heard"]
    made.add(blocks.Heading("Vilka programmet hörde"),
             blocks.Paragraph(f"{blocks.plural(heard_of['first_time'], 'person', 'personer')} kom för första gången "
                              f"och {blocks.plural(heard_of['returning'], 'person', 'personer')} hade varit med "
                              "förut."),
             blocks.Table(["Kön", "Antal"], [[name, str(count)] for name, count in heard_of["by_gender"].items()]),
             blocks.Table(["Bransch eller sektor", "Antal"], [[name or "Ej angiven", str(count)]
                                                              for name, count in heard_of["by_sector"].items()]))
    if heard_of["by_inviter"]:
        made.add(blocks.Table(["Inbjudare", "Nya", "Återkommande"],
                              [[row["inviter"] or "Ej angiven", str(row["new"]), str(row["returning"])]
                               for row in heard_of["by_inviter"]]))
    made.add(blocks.Heading("Teman över dialogerna"))
    for number, theme in enumerate(doc["themes"], start=1):
        made.add(blocks.Heading(f"{number}. {theme['title']}", 2),
                 blocks.Bullets([f"{item['text']} ({titles.get(item['event_id'], item['event_id'])}, "
                                 f"{KIND_NAMES.get(item['kind'], item['kind'])}, bord {item['table']})"
                                 for item in theme["sources"]]))
    if doc["unsorted"]:
        made.add(blocks.Heading("Ej sorterade", 2),
                 blocks.Bullets([f"{item['text']} ({titles.get(item['event_id'], item['event_id'])})"
                                 for item in doc["unsorted"]]))
    return made


def as_forum_document(doc: dict) -> dict:
    """The programme in the shape the imprint reads (an export's themes with what was asked under each), so the
    imprint on a strategy is found at the programme's level by the event's own module, not a copy of it."""
    from sessions.documents.document import SCHEMA_VERSION

    return {"schema_version": SCHEMA_VERSION,
            "event": {"title": doc["programme"]["title"], "date": "", "organisation": ""},
            "themes": [{"title": theme["title"],
                        "priorities": [{"text": s["text"]} for s in theme["sources"] if s["kind"] != "proposal"],
                        "proposals": [{"text": s["text"]} for s in theme["sources"] if s["kind"] == "proposal"]}
                       for theme in doc["themes"]]}


def imprint_on(conn: storage.Connection, principal: Principal, programme_id, filename: str, content: bytes) -> dict:
    """The programme's imprint on an adopted strategy (DOCX, TXT, MD), found by the event's imprint module.
    CPU-heavy for a long strategy: run it off the event loop."""
    import os

    from sessions.documents import imprint

    doc = document(conn, principal, programme_id)
    text = imprint.read_strategy(filename, content)
    return imprint.imprint(as_forum_document(doc), text, strategy_name=os.path.basename(filename))

