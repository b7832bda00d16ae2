"""An evening (an "event"): its settings, its tables, and the checks every other rule leans on.

The organiser creates, edits and deletes events; every role's page and command finds its event
through :func:`get`, and a table through :func:`require_table`.
"""

import dataclasses
import datetime
import re
import secrets
import zoneinfo
from typing import Any

from sessions import storage
from sessions.evening import audit, domain_events, formats, phases, tokens
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.models import MAX_TABLES, Event, Phase
from sessions.ground.roles import Principal, Role, authorise, require_organisation
from sessions.ground.text import clean_text

DEFAULT_TABLE_COUNT = 6


DEFAULT_THEME_COUNT = 6


MAX_THEMES = 20


MAX_ROTATION_ROUNDS = 5


DEFAULT_ROTATION_ROUNDS = 2


DEFAULT_PARTICIPANT_CAP = 500


MAX_PARTICIPANT_CAP = 5000


FIELD_LIMITS = {"title": 200, "event_date": 10, "place": 200, "vision_question": 1000,
                "deepen_question": 1000, "warmup_story": 5000, "organisation": 200, "time_zone": 64}


REQUIRED_FIELDS = ("title", "vision_question", "deepen_question")


EVENT_ROLES = (Role.LEADER, Role.PROJECTOR, Role.PARTICIPANT)


def bounded_count(value, low: int, limit: int, code: str) -> int:
    """A whole number typed in a form, between ``low`` and ``limit``; otherwise ``code`` is refused."""
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise DomainError(code, limit=limit) from None
    if not low <= count <= limit:
        raise DomainError(code, limit=limit)
    return count


def _fields(fields: dict, *, partial: bool) -> dict:
    cleaned: dict[str, Any] = {}
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
PAST_DATE_CONFIRMED = "past_date_confirmed"  # the form's answer "yes, the date has passed"


def require_date_asked(cleaned: dict, fields: dict, zone: str) -> None:
    """A date in the past is asked about before it is saved (a typo of the year, or a practice run
    carried over): saved only when the organiser has said yes (``past_date_confirmed``)."""
    date = cleaned.get("event_date")
    if date and date < clock.today(zone).isoformat() and fields.get(PAST_DATE_CONFIRMED) not in ("1", "yes", True):
        raise DomainError("event.date_in_past", date=date)


def time_zone(name: str) -> str:
    """An IANA time zone name the report's clock times are read in; empty means Stockholm's."""
    if not name:
        return DEFAULT_TIME_ZONE
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise DomainError("event.bad_time_zone", time_zone=name) from None
    return name


NEW_EVENT_COUNTS = {"table_count": DEFAULT_TABLE_COUNT, "theme_count": DEFAULT_THEME_COUNT,
                    "rotation_rounds_max": DEFAULT_ROTATION_ROUNDS, "participant_cap": DEFAULT_PARTICIPANT_CAP}


def create(conn: storage.Connection, secret: bytes, principal: Principal, fields: dict) -> Event:
    """A new event in ``setup`` with its tables and a token for every role."""
    authorise(principal, "event.create")
    chosen = formats.get_format(fields.get("format_id"))
    # A number left empty in the new-event form means its default, not a mistake; so does a question the
    # chosen format never asks (a breakfast meeting has no pass 2).
    given = {name: value for name, value in fields.items()
             if not ((name in NEW_EVENT_COUNTS or name in chosen.defaults) and value == "")}
    cleaned = _fields(NEW_EVENT_COUNTS | chosen.defaults | given, partial=False)
    require_date_asked(cleaned, fields, cleaned.get("time_zone", DEFAULT_TIME_ZONE))
    now = clock.now()
    event = Event(id=secrets.token_hex(5), title=cleaned["title"], event_date=cleaned.get("event_date", ""),
                  place=cleaned.get("place", ""), vision_question=cleaned["vision_question"],
                  deepen_question=cleaned["deepen_question"], warmup_story=cleaned.get("warmup_story", ""),
                  table_count=cleaned["table_count"], theme_count=cleaned["theme_count"], phase=Phase.SETUP,
                  timer_ends_at=None, created_at=now, organisation=cleaned.get("organisation", ""),
                  time_zone=cleaned.get("time_zone", DEFAULT_TIME_ZONE),
                  rotation_rounds_max=cleaned["rotation_rounds_max"],
                  participant_cap=cleaned["participant_cap"],
                  expected_participants=cleaned.get("expected_participants"), format_id=chosen.id,
                  steps=formats.steps_for(chosen, fields.get("phones") in (True, "1", "on")),
                  organisation_id=principal.organisation_id)
    with storage.transaction(conn):
        if principal.organisation_id is not None:
            # The organisation's balance band is a new event's (its name the author: see ``author``).
            owner = storage.fetch_organisation(conn, principal.organisation_id)
            if owner is None:
                raise DomainError("organisation.not_found")
            event = dataclasses.replace(event, balance_low=owner.balance_low, balance_high=owner.balance_high)
        storage.insert_event(conn, event)
        storage.set_tables(conn, event.id, event.table_count)
        storage.record_phase(conn, event.id, Phase.SETUP, now)
        for role in EVENT_ROLES:
            tokens.issue(conn, secret, event.id, role, None)
        tokens.sync_secretaries(conn, secret, event.id, event.table_count)
        audit.record(conn, principal, "event.create", event.id, title=event.title)
    return event


# An event's id is letters and digits (token_hex makes them); anything else was never an event.
_EVENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def get(conn: storage.Connection, event_id: str | None, principal: Principal | None = None) -> Event:
    """The event, or "event.not_found" (also for a principal without an event, such as an organiser,
    and for an event of another organisation than ``principal``'s, when given)."""
    if not isinstance(event_id, str) or not _EVENT_ID.fullmatch(event_id):
        raise DomainError("event.not_found")
    event = storage.fetch_event(conn, event_id)
    if event is None:
        raise DomainError("event.not_found")
    if principal is not None:
        require_organisation(principal, event.organisation_id)
    return event


def author(conn: storage.Connection, event: Event) -> str:
    """Who a report on the event is by: the organisation the event names, else the one that owns it
    (read when the report is made, so a renamed organisation's reports follow)."""
    if event.organisation or event.organisation_id is None:
        return event.organisation
    owner = storage.fetch_organisation(conn, event.organisation_id)
    return owner.name if owner else ""


def scoped(conn: storage.Connection, principal: Principal, event_id: str | None) -> Principal:
    """An organiser's principal for acting on one event: only an event of the organiser's own
    organisation (another's is "event.not_found", as if it did not exist). Every organiser command
    on an event refuses an organisation's principal that was not scoped to it (``authorise``)."""
    if principal.role is not Role.ORGANISER:
        raise DomainError("role.forbidden", action="event.view")
    event = get(conn, event_id, principal)
    return dataclasses.replace(principal, event_id=event.id)


def listed(conn: storage.Connection, principal: Principal) -> list[Event]:
    """The principal's organisation's events (filtered in storage), newest first."""
    authorise(principal, "event.view")
    return storage.fetch_events(conn, principal.organisation_id)


def edit(conn: storage.Connection, secret: bytes, principal: Principal, event_id: str,
               fields: dict) -> Event:
    """Change the event's texts; the number of tables only before the evening starts."""
    authorise(principal, "event.edit", event_id=event_id)
    with storage.transaction(conn):
        event = get(conn, event_id)
        cleaned = _fields(fields, partial=True)
        if cleaned.get("event_date", event.event_date) != event.event_date:
            require_date_asked(cleaned, fields, cleaned.get("time_zone", event.time_zone))
        if cleaned.get("table_count", event.table_count) != event.table_count:
            phases.require_phase("event.set_table_count", event.phase)
            storage.set_tables(conn, event_id, cleaned["table_count"])
            tokens.sync_secretaries(conn, secret, event_id, cleaned["table_count"])
        storage.update_event(conn, event_id, cleaned)
        event = get(conn, event_id)
        audit.record(conn, principal, "event.edit", event_id, organisation_id=event.organisation_id,
                     title=event.title, fields=sorted(cleaned))
        domain_events.record(domain_events.EventChanged(event), domain_events.SeatsChanged(event_id))
        return event


def delete(conn: storage.Connection, principal: Principal, event_id: str) -> None:
    """Remove the event and everything typed at it (a GDPR erasure, not a soft delete)."""
    authorise(principal, "event.delete", event_id=event_id)
    with storage.transaction(conn):
        event = get(conn, event_id, principal)
        if not storage.delete_event(conn, event_id):
            raise DomainError("event.not_found")
        audit.record(conn, principal, "event.delete", event_id, organisation_id=event.organisation_id,
                     title=event.title)


def set_balance_band(conn: storage.Connection, principal: Principal, event_id: str, low_percent, high_percent) -> None:
    """The shares (in percent, as the organiser types them) outside which the dashboard warns about
    a gender's share; the default band is 40–60 %."""
    authorise(principal, "event.edit", event_id=event_id)
    try:
        low, high = float(low_percent) / 100, float(high_percent) / 100
    except (TypeError, ValueError):
        raise DomainError("dashboard.bad_band") from None
    if not 0 <= low < high <= 1:
        raise DomainError("dashboard.bad_band")
    with storage.transaction(conn):
        event = get(conn, event_id)
        storage.update_event(conn, event_id, {"balance_low": low, "balance_high": high})
        audit.record(conn, principal, "event.balance_band", event_id, organisation_id=event.organisation_id,
                     title=event.title, low=low_percent, high=high_percent)


def require_table(conn, event_id: str, table_number) -> int:
    """The number of one of the event's tables; a number the event has no table for is refused as an
    unknown table, anything that is not a number as a malformed request."""
    if isinstance(table_number, bool) or not isinstance(table_number, int):
        raise DomainError("request.malformed")
    if not 1 <= table_number <= MAX_TABLES or not storage.table_exists(conn, event_id, table_number):
        raise DomainError("table.unknown", table=table_number)
    return table_number


def table_theme(conn, event_id: str, table_number: int) -> str | None:
    for table in storage.fetch_tables(conn, event_id):
        if table.number == table_number:
            return table.theme_id
    return None


# --- the roles' links ----------------------------------------------------------------------------

def role_links(conn: storage.Connection, secret: bytes, principal: Principal, event_id: str) -> dict:
    """The current token of every role of an event, for the organiser's link and QR page."""
    authorise(principal, "event.links", event_id=event_id)
    get(conn, event_id)
    links: dict = {"secretaries": {}}
    for row in storage.fetch_active_tokens(conn, event_id):
        token = tokens.derive_token(secret, event_id, row.role, row.table_number, row.generation)
        if row.role == Role.SECRETARY.value:
            links["secretaries"][row.table_number] = token
        else:
            links[row.role] = token
    return links


def replace_link(conn: storage.Connection, secret: bytes, principal: Principal, event_id: str, role: str,
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
        event = get(conn, event_id)
        if role is Role.SECRETARY:
            require_table(conn, event.id, table_number)
        else:
            table_number = None
        tokens.issue(conn, secret, event_id, role, table_number)
        audit.record(conn, principal, "event.link_replaced", event_id, organisation_id=event.organisation_id,
                     title=event.title, role=role.value, table=table_number)
        domain_events.record(domain_events.LinkReplaced(event_id, role.value, table_number))
