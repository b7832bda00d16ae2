"""What the evening's people can do, as plain functions over a SQLite connection.

Each function checks the role (:mod:`sessions.roles`), the phase (:mod:`sessions.phases`) and the
input, then changes storage in one transaction. A refusal raises :class:`DomainError` before
anything is written. The web layer only translates and broadcasts.
"""

import datetime
import secrets
import uuid
import zoneinfo

from sessions import clock
from sessions import storage
from sessions.errors import DomainError
from sessions.models import (IDEA_MAX_LENGTH, MAX_TABLES, PRIORITIES_PER_TABLE, Event, Idea, Priority)
from sessions.phases import Phase, describe, next_phase, previous_phase, require_current, require_phase, written_kind
from sessions.roles import Principal, Role, authorise
from sessions.text import clean_text
from sessions.tokens import derive_token, hash_token

DEFAULT_TABLE_COUNT = 6
DEFAULT_THEME_COUNT = 6
MAX_THEMES = 20
MAX_ROTATION_ROUNDS = 5
MAX_PARTICIPANT_CAP = 5000
TIMER_MAX_MINUTES = 180

FIELD_LIMITS = {"title": 200, "event_date": 10, "place": 200, "vision_question": 1000,
                "deepen_question": 1000, "warmup_story": 5000, "organisation": 200, "time_zone": 64}
REQUIRED_FIELDS = ("title", "vision_question", "deepen_question")
EVENT_ROLES = (Role.LEADER, Role.PROJECTOR, Role.PARTICIPANT)



def client_id(value) -> str:
    """A client-made UUID in canonical form; anything else is refused."""
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise DomainError("request.bad_id") from None


# --- events ------------------------------------------------------------------------------------

def bounded_count(value, low: int, limit: int, code: str) -> int:
    """A whole number typed in a form, between ``low`` and ``limit``; otherwise ``code`` is refused."""
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise DomainError(code, limit=limit) from None
    if not low <= count <= limit:
        raise DomainError(code, limit=limit)
    return count


def _event_fields(fields: dict, *, partial: bool) -> dict:
    cleaned = {}
    for name, limit in FIELD_LIMITS.items():
        if name not in fields:
            if not partial and name in REQUIRED_FIELDS:
                raise DomainError("event.field_missing", field=name)
            continue
        cleaned[name] = clean_text(fields[name], limit=limit, required=name in REQUIRED_FIELDS,
                                   empty="event.field_missing", too_long="event.field_too_long", field=name)
    if cleaned.get("event_date"):
        try:
            datetime.date.fromisoformat(cleaned["event_date"])
        except ValueError:
            raise DomainError("event.bad_date") from None
    if "time_zone" in cleaned:
        cleaned["time_zone"] = time_zone(cleaned["time_zone"])
    for name, low, limit, code in (("table_count", 1, MAX_TABLES, "event.bad_table_count"),
                                   ("theme_count", 1, MAX_THEMES, "event.bad_theme_count"),
                                   ("rotation_rounds_max", 0, MAX_ROTATION_ROUNDS, "event.bad_rounds"),
                                   ("participant_cap", 1, MAX_PARTICIPANT_CAP, "event.bad_participant_cap"),
                                   ("expected_participants", 0, MAX_PARTICIPANT_CAP, "event.bad_expected")):
        if name in fields:
            # An empty "expected" means: go by the list and by who joins.
            empty = name == "expected_participants" and fields[name] in (None, "")
            cleaned[name] = None if empty else bounded_count(fields[name], low, limit, code)
    return cleaned


DEFAULT_TIME_ZONE = "Europe/Stockholm"


def time_zone(name: str) -> str:
    """An IANA time zone name the report's clock times are read in; empty means Stockholm's."""
    if not name:
        return DEFAULT_TIME_ZONE
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise DomainError("event.bad_time_zone", time_zone=name) from None
    return name


def _issue_token(conn, secret: bytes, event_id, role: Role, table_number) -> None:
    generation = storage.revoke_tokens(conn, event_id, role.value, table_number, clock.now()) + 1
    token = derive_token(secret, event_id, role.value, table_number, generation)
    storage.insert_token(conn, hash_token(token), event_id, role.value, table_number, generation)


def _sync_secretary_tokens(conn, secret: bytes, event_id: str, table_count: int) -> None:
    have = {row.table_number for row in storage.fetch_active_tokens(conn, event_id)
            if row.role == Role.SECRETARY.value}
    for number in range(1, table_count + 1):
        if number not in have:
            _issue_token(conn, secret, event_id, Role.SECRETARY, number)
    for number in have - set(range(1, table_count + 1)):
        storage.revoke_tokens(conn, event_id, Role.SECRETARY.value, number, clock.now())


def create_event(conn: storage.Connection, secret: bytes, principal: Principal, fields: dict) -> Event:
    """A new event in ``setup`` with its tables and a token for every role."""
    authorise(principal, "event.create")
    cleaned = _event_fields({"table_count": DEFAULT_TABLE_COUNT, "theme_count": DEFAULT_THEME_COUNT, **fields},
                            partial=False)
    now = clock.now()
    event = Event(id=secrets.token_hex(5), title=cleaned["title"], event_date=cleaned.get("event_date", ""),
                  place=cleaned.get("place", ""), vision_question=cleaned["vision_question"],
                  deepen_question=cleaned["deepen_question"], warmup_story=cleaned.get("warmup_story", ""),
                  table_count=cleaned["table_count"], theme_count=cleaned["theme_count"], phase=Phase.SETUP,
                  timer_ends_at=None, created_at=now, organisation=cleaned.get("organisation", ""),
                  time_zone=cleaned.get("time_zone", DEFAULT_TIME_ZONE))
    with storage.transaction(conn):
        storage.insert_event(conn, event)
        storage.set_tables(conn, event.id, event.table_count)
        storage.record_phase(conn, event.id, Phase.SETUP, now)
        for role in EVENT_ROLES:
            _issue_token(conn, secret, event.id, role, None)
        _sync_secretary_tokens(conn, secret, event.id, event.table_count)
    return event


def get_event(conn: storage.Connection, event_id: str) -> Event:
    event = storage.fetch_event(conn, event_id)
    if event is None:
        raise DomainError("event.not_found")
    return event


def list_events(conn: storage.Connection, principal: Principal) -> list[Event]:
    authorise(principal, "event.view")
    return storage.fetch_events(conn)


def edit_event(conn: storage.Connection, secret: bytes, principal: Principal, event_id: str,
               fields: dict) -> Event:
    """Change the event's texts; the number of tables only before the evening starts."""
    authorise(principal, "event.edit", event_id=event_id)
    with storage.transaction(conn):
        event = get_event(conn, event_id)
        cleaned = _event_fields(fields, partial=True)
        if cleaned.get("table_count", event.table_count) != event.table_count:
            require_phase("event.set_table_count", event.phase)
            storage.set_tables(conn, event_id, cleaned["table_count"])
            _sync_secretary_tokens(conn, secret, event_id, cleaned["table_count"])
        storage.update_event(conn, event_id, cleaned)
        return get_event(conn, event_id)


def delete_event(conn: storage.Connection, principal: Principal, event_id: str) -> None:
    """Remove the event and everything typed at it (a GDPR erasure, not a soft delete)."""
    authorise(principal, "event.delete", event_id=event_id)
    with storage.transaction(conn):
        if not storage.delete_event(conn, event_id):
            raise DomainError("event.not_found")


def set_balance_band(conn: storage.Connection, principal: Principal, event_id: str, low: float, high: float) -> None:
    """The share outside which the dashboard warns about a gender's share (default 40–60 %)."""
    authorise(principal, "event.edit", event_id=event_id)
    if not 0 <= low < high <= 1:
        raise DomainError("dashboard.bad_band")
    with storage.transaction(conn):
        get_event(conn, event_id)
        storage.update_event(conn, event_id, {"balance_low": low, "balance_high": high})


# --- tokens ------------------------------------------------------------------------------------

ORGANISER = Principal(Role.ORGANISER, None)


def organiser_token(conn: storage.Connection, secret: bytes) -> str:
    """The installation's organiser token, issued on first use (accounts arrive with issue 5)."""
    with storage.transaction(conn):
        rows = storage.fetch_active_tokens(conn, None)
        if not rows:
            _issue_token(conn, secret, None, Role.ORGANISER, None)
            rows = storage.fetch_active_tokens(conn, None)
    row = rows[0]
    return derive_token(secret, None, Role.ORGANISER.value, None, row.generation)


def role_tokens(conn: storage.Connection, secret: bytes, principal: Principal, event_id: str) -> dict:
    """The current token of every role of an event, for the organiser's link and QR page."""
    authorise(principal, "event.links", event_id=event_id)
    get_event(conn, event_id)
    tokens: dict = {"secretaries": {}}
    for row in storage.fetch_active_tokens(conn, event_id):
        token = derive_token(secret, event_id, row.role, row.table_number, row.generation)
        if row.role == Role.SECRETARY.value:
            tokens["secretaries"][row.table_number] = token
        else:
            tokens[row.role] = token
    return tokens


def rotate_token(conn: storage.Connection, secret: bytes, principal: Principal, event_id: str, role: str,
                 table_number: int | None = None) -> None:
    """Replace a role's link; whoever holds the old one is shut out at their next action."""
    authorise(principal, "event.links", event_id=event_id)
    try:
        role = Role(role)
    except ValueError:
        raise DomainError("request.malformed") from None
    if role is Role.ORGANISER:
        raise DomainError("request.malformed")
    with storage.transaction(conn):
        event = get_event(conn, event_id)
        if role is Role.SECRETARY:
            require_table(conn, event.id, table_number)
        else:
            table_number = None
        _issue_token(conn, secret, event_id, role, table_number)


def resolve_token(conn: storage.Connection, token) -> Principal:
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise DomainError("token.invalid")
    row = storage.fetch_active_token(conn, hash_token(token))
    if row is None:
        raise DomainError("token.invalid")
    return Principal(Role(row.role), row.event_id, row.table_number)


# --- phases and timer --------------------------------------------------------------------------

def tables_missing_priorities(conn: storage.Connection, event_id: str) -> list[int]:
    counts = storage.count_priorities_by_table(conn, event_id)
    return sorted(number for number, count in counts.items() if count != PRIORITIES_PER_TABLE)


def advance_phase(conn: storage.Connection, principal: Principal, *, expected, force: bool = False) -> Event:
    """Move the evening on from ``expected``, the phase the leader's page showed; from any other
    phase nothing changes. Leaving ``prioritise`` with a table short of two asks for ``force``."""
    authorise(principal, "phase.advance", event_id=principal.event_id)
    with storage.transaction(conn):
        event = get_event(conn, principal.event_id)
        require_current(event.phase, expected)
        target = next_phase(event.phase)
        if event.phase is Phase.PRIORITISE and not force:
            missing = tables_missing_priorities(conn, event.id)
            if missing:
                raise DomainError("phase.priorities_incomplete", tables=missing)
        if target is Phase.DEEPEN:
            if event.themes_finalised_at is None and not force:
                raise DomainError("phase.themes_not_final")
            propose_table_themes(conn, event.id)
        storage.record_phase(conn, event.id, target, clock.now())
        return get_event(conn, event.id)


def propose_table_themes(conn: storage.Connection, event_id: str) -> None:
    """Give every table without a theme one, in board order, round and round (table 7 gets theme 1)."""
    themes = storage.fetch_themes(conn, event_id)
    if not themes:
        return
    for table in storage.fetch_tables(conn, event_id):
        if table.theme_id is None:
            storage.set_table_theme(conn, event_id, table.number, themes[(table.number - 1) % len(themes)].id)


def back_phase(conn: storage.Connection, principal: Principal, *, expected) -> Event:
    """Step back one phase from ``expected``; everything typed stays where it is."""
    authorise(principal, "phase.back", event_id=principal.event_id)
    with storage.transaction(conn):
        event = get_event(conn, principal.event_id)
        require_current(event.phase, expected)
        storage.record_phase(conn, event.id, previous_phase(event.phase), clock.now())
        return get_event(conn, event.id)


def set_timer(conn: storage.Connection, principal: Principal, minutes, *, expected_ends_at) -> Event:
    """Start a countdown of ``minutes`` for the current phase, or stop it with ``None`` or 0.

    ``expected_ends_at`` is the countdown the leader's page showed (None for none); if another
    leader (or a second click) changed it meanwhile, nothing changes."""
    authorise(principal, "timer.set", event_id=principal.event_id)
    if minutes in (None, 0, "0", ""):
        ends_at = None
    else:
        try:
            minutes = float(minutes)
        except (TypeError, ValueError):
            raise DomainError("timer.invalid", limit=TIMER_MAX_MINUTES) from None
        if not 0 < minutes <= TIMER_MAX_MINUTES:
            raise DomainError("timer.invalid", limit=TIMER_MAX_MINUTES)
        ends_at = clock.now() + minutes * 60
    with storage.transaction(conn):
        if get_event(conn, principal.event_id).timer_ends_at != expected_ends_at:
            raise DomainError("timer.changed")
        storage.set_timer(conn, principal.event_id, ends_at)
        return get_event(conn, principal.event_id)


# --- ideas -------------------------------------------------------------------------------------

def require_table(conn, event_id: str, table_number) -> int:
    """The number of one of the event's tables; a number the event has no table for is refused as an
    unknown table, anything that is not a number as a malformed request."""
    if isinstance(table_number, bool) or not isinstance(table_number, int):
        raise DomainError("request.malformed")
    if not 1 <= table_number <= MAX_TABLES or not storage.table_exists(conn, event_id, table_number):
        raise DomainError("table.unknown", table=table_number)
    return table_number


def _secretary_table(conn, principal: Principal, action: str, table_number) -> tuple[Event, int]:
    """The event and the table a secretary acts for; naming another table is refused."""
    if table_number is None:
        table_number = principal.table_number
    authorise(principal, action, event_id=principal.event_id)
    event = get_event(conn, principal.event_id)
    require_table(conn, event.id, table_number)
    authorise(principal, action, event_id=event.id, table_number=table_number)
    require_phase(action, event.phase)
    return event, table_number


def _own_idea(conn, principal: Principal, idea_id: str, phase: Phase | None = None):
    """The table's own idea; with ``phase``, only one of the kind written now (pass 1 ideas are
    settled once pass 2 begins)."""
    row = storage.fetch_idea(conn, idea_id)
    if row is None or row.event_id != principal.event_id or row.withdrawn_at is not None:
        raise DomainError("idea.not_found")
    if row.table_number != principal.table_number:
        raise DomainError("role.other_table", table=row.table_number)
    if phase is not None and row.kind != written_kind(phase):
        raise DomainError("phase.not_allowed", phase=phase.value)
    return row


def add_idea(conn: storage.Connection, principal: Principal, idea_id, text, table_number=None) -> tuple[Idea, bool]:
    """Store a table's idea once, however often the tablet sends it; returns (idea, was_new)."""
    idea_id = client_id(idea_id)
    with storage.transaction(conn):
        existing = storage.fetch_idea(conn, idea_id)
        if existing is not None:
            # A resend after a lost acknowledgement: answer as the first time, change nothing.
            if existing.event_id != principal.event_id or existing.table_number != principal.table_number:
                raise DomainError("request.bad_id")
            return existing, False
        event, table_number = _secretary_table(conn, principal, "idea.add", table_number)
        text = clean_text(text, code="idea", limit=IDEA_MAX_LENGTH)
        kind, theme_id = written_kind(event.phase), None
        if kind == "proposal":
            theme_id = _table_theme(conn, event.id, table_number)
            if theme_id is None:
                raise DomainError("deepen.no_theme")
        now = clock.now()
        idea = Idea(id=idea_id, event_id=event.id, table_number=table_number, text=text,
                    created_at=now, updated_at=now, kind=kind, theme_id=theme_id)
        storage.insert_idea(conn, idea)
        return idea, True


def _table_theme(conn, event_id: str, table_number: int) -> str | None:
    for table in storage.fetch_tables(conn, event_id):
        if table.number == table_number:
            return table.theme_id
    return None


def seed_idea(conn: storage.Connection, principal: Principal, idea_id, text) -> Idea:
    """Store an idea whatever the phase: for demo content and imports, never for live input."""
    idea_id = client_id(idea_id)
    with storage.transaction(conn):
        event = get_event(conn, principal.event_id)
        table_number = require_table(conn, event.id, principal.table_number)
        now = clock.now()
        idea = Idea(id=idea_id, event_id=event.id, table_number=table_number,
                    text=clean_text(text, code="idea", limit=IDEA_MAX_LENGTH), created_at=now, updated_at=now)
        storage.insert_idea(conn, idea)
        return idea


def edit_idea(conn: storage.Connection, principal: Principal, idea_id, text) -> Idea:
    idea_id = client_id(idea_id)
    with storage.transaction(conn):
        event, _ = _secretary_table(conn, principal, "idea.edit", None)
        _own_idea(conn, principal, idea_id, event.phase)
        storage.update_idea_text(conn, idea_id, clean_text(text, code="idea", limit=IDEA_MAX_LENGTH), clock.now())
        return storage.fetch_idea(conn, idea_id)


def withdraw_idea(conn: storage.Connection, principal: Principal, idea_id) -> str | None:
    """Take an idea off the table's list (and off its priorities); returns the priority removed."""
    idea_id = client_id(idea_id)
    with storage.transaction(conn):
        event, _ = _secretary_table(conn, principal, "idea.withdraw", None)
        _own_idea(conn, principal, idea_id, event.phase)
        removed_priority = storage.priority_for_idea(conn, idea_id)
        storage.withdraw_idea(conn, idea_id, clock.now())
        return removed_priority


# --- priorities --------------------------------------------------------------------------------

def _check_room_for_priority(conn, event_id: str, table_number: int) -> None:
    if storage.count_priorities(conn, event_id, table_number) >= PRIORITIES_PER_TABLE:
        raise DomainError("priority.limit", limit=PRIORITIES_PER_TABLE)


def choose_idea_as_priority(conn: storage.Connection, principal: Principal, idea_id, chosen: bool) -> list[Priority]:
    """Mark or unmark one of the table's ideas as a priority; a third mark is refused."""
    idea_id = client_id(idea_id)
    with storage.transaction(conn):
        event, table_number = _secretary_table(conn, principal, "priority.choose", None)
        _own_idea(conn, principal, idea_id)
        current = storage.priority_for_idea(conn, idea_id)
        if chosen and current is None:
            _check_room_for_priority(conn, event.id, table_number)
            storage.insert_priority(conn, str(uuid.uuid4()), event.id, table_number, idea_id, None, clock.now())
        elif not chosen and current is not None:
            storage.delete_priority(conn, current)
        return storage.fetch_priorities(conn, event.id, table_number)


def add_priority_text(conn: storage.Connection, principal: Principal, priority_id, text) -> list[Priority]:
    """A priority the table words afresh rather than picking an idea; stored once per id."""
    priority_id = client_id(priority_id)
    with storage.transaction(conn):
        existing = storage.fetch_priority(conn, priority_id)
        if existing is not None:
            if existing.event_id != principal.event_id or existing.table_number != principal.table_number:
                raise DomainError("request.bad_id")
            return storage.fetch_priorities(conn, principal.event_id, principal.table_number)
        event, table_number = _secretary_table(conn, principal, "priority.choose", None)
        text = clean_text(text, code="priority", limit=IDEA_MAX_LENGTH)
        _check_room_for_priority(conn, event.id, table_number)
        storage.insert_priority(conn, priority_id, event.id, table_number, None, text, clock.now())
        return storage.fetch_priorities(conn, event.id, table_number)


def table_priorities(conn: storage.Connection, principal: Principal) -> list[Priority]:
    authorise(principal, "event.view", event_id=principal.event_id)
    return storage.fetch_priorities(conn, principal.event_id, principal.table_number)


def remove_priority(conn: storage.Connection, principal: Principal, priority_id) -> list[Priority]:
    priority_id = client_id(priority_id)
    with storage.transaction(conn):
        event, table_number = _secretary_table(conn, principal, "priority.choose", None)
        row = storage.fetch_priority(conn, priority_id)
        if row is None or row.event_id != event.id:
            raise DomainError("priority.not_found")
        if row.table_number != table_number:
            raise DomainError("role.other_table", table=row.table_number)
        storage.delete_priority(conn, priority_id)
        return storage.fetch_priorities(conn, event.id, table_number)


# --- what each page shows ----------------------------------------------------------------------

def phase_view(event: Event) -> dict:
    """The phase as every page shows it: its place in the evening, what it allows, and the
    countdown's end if one runs."""
    return describe(event.phase) | {"timer_ends_at": event.timer_ends_at}


def screen_view(conn: storage.Connection, principal: Principal) -> dict:
    """Everything the projector (and the leader's overview) shows: all tables, ideas, priorities."""
    authorise(principal, "event.view", event_id=principal.event_id)
    event = get_event(conn, principal.event_id)
    ideas = storage.fetch_ideas(conn, event.id)
    proposals = storage.fetch_ideas(conn, event.id, kind="proposal")
    priorities = storage.fetch_priorities(conn, event.id)
    tables = []
    for table in table_themes(conn, principal):
        number = table["number"]
        table_ideas = [idea.public() for idea in ideas if idea.table_number == number]
        tables.append({"number": number, "idea_count": len(table_ideas), "ideas": table_ideas,
                       "priorities": [p.public() for p in priorities if p.table_number == number],
                       "theme": table["theme"],
                       "proposals": [p.public() for p in proposals if p.table_number == number]})
    return {"event": event.public(), "phase": phase_view(event), "tables": tables,
            "priorities_per_table": PRIORITIES_PER_TABLE, "server_now": clock.now()}


def table_themes(conn: storage.Connection, principal: Principal) -> list[dict]:
    """Each table's number and its pass-2 theme (or None): what phones and tablets need of the tables."""
    authorise(principal, "event.view", event_id=principal.event_id)
    titles = _theme_titles(conn, principal.event_id)
    return [{"number": row.number, "theme": _theme_ref(row.theme_id, titles)}
            for row in storage.fetch_tables(conn, principal.event_id)]


def _theme_titles(conn, event_id: str) -> dict[str, str]:
    return {theme.id: theme.title for theme in storage.fetch_themes(conn, event_id)}


def _theme_ref(theme_id: str | None, titles: dict[str, str]) -> dict | None:
    return {"id": theme_id, "title": titles[theme_id]} if theme_id in titles else None


def table_view(conn: storage.Connection, principal: Principal) -> dict:
    """What a secretary's tablet shows: the phase and the table's own ideas and priorities."""
    authorise(principal, "event.view", event_id=principal.event_id)
    event = get_event(conn, principal.event_id)
    number = require_table(conn, event.id, principal.table_number)
    return {"event": event.public(), "phase": phase_view(event), "table": number,
            "theme": _theme_ref(_table_theme(conn, event.id, number), _theme_titles(conn, event.id)),
            "ideas": [idea.public() for idea in storage.fetch_ideas(conn, event.id, number)],
            "proposals": [idea.public() for idea in storage.fetch_ideas(conn, event.id, number, kind="proposal")],
            "priorities": [p.public() for p in storage.fetch_priorities(conn, event.id, number)],
            "priorities_per_table": PRIORITIES_PER_TABLE, "idea_max_length": IDEA_MAX_LENGTH,
            "seated": seated_names(conn, event.id, number),
            "server_now": clock.now()}


def seated_names(conn: storage.Connection, event_id: str, table_number: int) -> list[str]:
    """Who sits at a table, for that table's own tablet only: the phones that joined or moved there
    and the people the organiser seated there, each name once."""
    names = [p.display_name for p in storage.fetch_participants(conn, event_id) if p.table_number == table_number]
    names += [row.name for row in storage.fetch_people(conn, event_id) if row.table_number == table_number]
    return sorted({name.casefold(): name for name in names}.values(), key=str.casefold)
