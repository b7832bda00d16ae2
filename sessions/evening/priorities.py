"""A table's two priorities: ideas of the table marked as priorities, or texts written for the purpose."""

import uuid

from sessions import storage
from sessions.evening import domain_events, events, ideas, phases
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.ids import client_id, require_same_sender
from sessions.ground.models import IDEA_MAX_LENGTH, Priority
from sessions.ground.roles import Principal, authorise
from sessions.ground.text import clean_text


def _check_room(conn, event_id: str, table_number: int) -> None:
    limit = phases.priorities_per_table(events.get(conn, event_id))
    if storage.count_priorities(conn, event_id, table_number) >= limit:
        raise DomainError("priority.limit", limit=limit)


def choose_idea(conn: storage.Connection, principal: Principal, idea_id, chosen: bool) -> list[Priority]:
    """Mark or unmark one of the table's ideas as a priority; a third mark is refused."""
    idea_id = client_id(idea_id)
    with storage.transaction(conn):
        event, table_number = ideas.secretary_table(conn, principal, "priority.choose", None)
        ideas._own_idea(conn, principal, idea_id)
        current = storage.priority_for_idea(conn, idea_id)
        if chosen and current is None:
            _check_room(conn, event.id, table_number)
            storage.insert_priority(conn, str(uuid.uuid4()), event.id, table_number, idea_id, None, clock.now())
        elif not chosen and current is not None:
            storage.delete_priority(conn, current)
        else:
            return storage.fetch_priorities(conn, event.id, table_number)
        return _changed(conn, event.id, table_number)


def add_text(conn: storage.Connection, principal: Principal, priority_id, text) -> list[Priority]:
    """A priority the table words afresh rather than picking an idea; stored once per id."""
    priority_id = client_id(priority_id)
    with storage.transaction(conn):
        existing = storage.fetch_priority(conn, priority_id)
        if existing is not None:
            require_same_sender(existing, principal, "priority.choose")
            return _changed(conn, existing.event_id, existing.table_number)  # told again, as a resent idea is
        event, table_number = ideas.secretary_table(conn, principal, "priority.choose", None)
        text = clean_text(text, code="priority", limit=IDEA_MAX_LENGTH)
        _check_room(conn, event.id, table_number)
        storage.insert_priority(conn, priority_id, event.id, table_number, None, text, clock.now())
        return _changed(conn, event.id, table_number)


def of_table(conn: storage.Connection, principal: Principal) -> list[Priority]:
    authorise(principal, "event.view", event_id=principal.event_id)
    if principal.event_id is None:
        return []  # an organiser's link is for no one event
    return storage.fetch_priorities(conn, principal.event_id, principal.table_number)


def remove(conn: storage.Connection, principal: Principal, priority_id) -> list[Priority]:
    priority_id = client_id(priority_id)
    with storage.transaction(conn):
        event, table_number = ideas.secretary_table(conn, principal, "priority.choose", None)
        row = storage.fetch_priority(conn, priority_id)
        if row is None or row.event_id != event.id:
            raise DomainError("priority.not_found")
        if row.table_number != table_number:
            raise DomainError("role.other_table", table=row.table_number)
        storage.delete_priority(conn, priority_id)
        return _changed(conn, event.id, table_number)


def _changed(conn: storage.Connection, event_id: str, table_number: int) -> list[Priority]:
    """The table's priorities after a change, recorded for the screens."""
    chosen = storage.fetch_priorities(conn, event_id, table_number)
    domain_events.record(domain_events.PrioritiesChanged(event_id, table_number, tuple(chosen)))
    return chosen


def tables_missing(conn: storage.Connection, event_id: str) -> list[int]:
    counts = storage.count_priorities_by_table(conn, event_id)
    limit = phases.priorities_per_table(events.get(conn, event_id))
    return sorted(number for number, count in counts.items() if count != limit)
