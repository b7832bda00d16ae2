"""Participants and rotation: joining by name, seats per table, and the leader's rotation rounds.

A participant joins from the event's QR code with a display name and the table they sit at, and
gets a personal key their phone keeps; with it the same phone is recognised after a reconnect.
During an open round they may move to the table whose theme interests them; a full table refuses
and names the tables with free seats. Seats per table are set by the organiser or, by default,
split evenly over the people who have joined.
"""

import hashlib
import math
import secrets
import sqlite3
import time
import uuid

from sessions import storage
from sessions.errors import DomainError
from sessions.models import Participant
from sessions.phases import require_phase
from sessions.roles import Principal, Role, authorise
from sessions.service import bounded_count, get_event
from sessions.text import clean_text

NAME_MAX_LENGTH = 60
MAX_SEATS = 500


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _table_numbers(conn, event_id: str) -> list[int]:
    return [table["number"] for table in storage.fetch_tables(conn, event_id)]


def _require_table(conn, event_id: str, table_number) -> int:
    if isinstance(table_number, bool) or table_number not in _table_numbers(conn, event_id):
        raise DomainError("table.unknown", table=table_number)
    return table_number


def join(conn: sqlite3.Connection, principal: Principal, display_name, table_number) -> tuple[Participant, str]:
    """A participant joins with a name and the table they sit at; returns them and their phone's key."""
    authorise(principal, "participant.join", event_id=principal.event_id)
    name = clean_text(display_name, limit=NAME_MAX_LENGTH, empty="participant.name_empty",
                      too_long="participant.name_too_long", one_line=True)
    key = secrets.token_urlsafe(32)
    with storage.transaction(conn):
        event = get_event(conn, principal.event_id)
        participant = Participant(str(uuid.uuid4()), event.id, name,
                                  _require_table(conn, event.id, table_number))
        storage.insert_participant(conn, participant, _key_hash(key), time.time())
    return participant, key


def identify(conn: sqlite3.Connection, principal: Principal, key) -> Principal:
    """The participant link's holder, as the joined participant whose phone holds ``key``."""
    if principal.role is not Role.PARTICIPANT or not isinstance(key, str) or not key:
        return principal
    participant = storage.fetch_participant_by_key(conn, principal.event_id, _key_hash(key))
    if participant is None:
        return principal
    return Principal(Role.PARTICIPANT, principal.event_id, participant.table_number, participant.id)


def seats(conn: sqlite3.Connection, event_id: str) -> dict[int, int]:
    """Seats per table: the organiser's number, or an even split of everyone who has joined."""
    tables = storage.fetch_tables(conn, event_id)
    seated = storage.count_seated(conn, event_id)
    even = max(1, math.ceil(sum(seated.values()) / max(1, len(tables))))
    return {table["number"]: table["seats"] if table["seats"] else even for table in tables}


def set_seats(conn: sqlite3.Connection, principal: Principal, event_id: str, seats_per_table) -> None:
    """The organiser's seats per table; empty or 0 means an even split."""
    authorise(principal, "event.edit", event_id=event_id)
    if seats_per_table in (None, "", 0, "0"):
        value = None
    else:
        value = bounded_count(seats_per_table, 1, MAX_SEATS, "rotation.bad_seats")
    with storage.transaction(conn):
        storage.set_seats(conn, get_event(conn, event_id).id, value)


def _open_round(conn, event_id: str):
    rounds = storage.fetch_rounds(conn, event_id)
    return next((row for row in rounds if row["closed_at"] is None), None), len(rounds)


def open_round(conn: sqlite3.Connection, principal: Principal, number) -> int:
    """Open rotation round ``number``, which must be the next one (at most the event's number);
    a second click, or a leader whose page is behind, changes nothing. Returns the number."""
    authorise(principal, "rotation.manage", event_id=principal.event_id)
    with storage.transaction(conn):
        event = get_event(conn, principal.event_id)
        require_phase("rotation.manage", event.phase)
        current, held = _open_round(conn, event.id)
        if current is not None:
            raise DomainError("rotation.already_open", number=current["number"])
        if held >= event.rotation_rounds_max:
            raise DomainError("rotation.no_more_rounds", limit=event.rotation_rounds_max)
        if number != held + 1:
            raise DomainError("rotation.changed", number=held)
        storage.open_round(conn, event.id, held + 1, time.time())
        return held + 1


def close_round(conn: sqlite3.Connection, principal: Principal, number) -> None:
    """Close round ``number``, if it is the one open."""
    authorise(principal, "rotation.manage", event_id=principal.event_id)
    with storage.transaction(conn):
        event = get_event(conn, principal.event_id)
        current, _ = _open_round(conn, event.id)
        if current is None or current["number"] != number:
            raise DomainError("rotation.not_open")
        storage.close_round(conn, current["id"], time.time())


def choose_table(conn: sqlite3.Connection, principal: Principal, table_number) -> int:
    """Move to ``table_number`` during an open round if it has a free seat; returns the table sat at.

    The check and the move happen in one write transaction, so two phones racing for the last
    seat cannot both get it: one moves, the other is told the table is full."""
    authorise(principal, "rotation.choose", event_id=principal.event_id)
    if principal.participant_id is None:
        raise DomainError("participant.not_joined")
    with storage.transaction(conn):
        event = get_event(conn, principal.event_id)
        require_phase("rotation.choose", event.phase)
        current, _ = _open_round(conn, event.id)
        if current is None:
            raise DomainError("rotation.not_open")
        table_number = _require_table(conn, event.id, table_number)
        participant = storage.fetch_participant(conn, principal.participant_id)
        if participant is None:
            raise DomainError("participant.not_joined")
        if participant.table_number == table_number:
            return table_number
        capacity = seats(conn, event.id)
        seated = storage.count_seated(conn, event.id)
        if seated.get(table_number, 0) >= capacity[table_number]:
            free = [number for number in sorted(capacity)
                    if seated.get(number, 0) < capacity[number] and number != participant.table_number]
            raise DomainError("rotation.full", table=table_number, free=free)
        storage.seat_participant(conn, participant.id, table_number)
        storage.record_move(conn, current["id"], participant.id, participant.table_number, table_number, time.time())
        return table_number


def seat_view(conn: sqlite3.Connection, principal: Principal) -> dict:
    """Counts only, never names: seats taken and free per table, the round, how many are moving."""
    authorise(principal, "event.view", event_id=principal.event_id)
    event = get_event(conn, principal.event_id)
    capacity = seats(conn, event.id)
    seated = storage.count_seated(conn, event.id)
    rounds = storage.fetch_rounds(conn, event.id)
    current = next((row for row in rounds if row["closed_at"] is None), None)
    return {"tables": [{"number": number, "seated": seated.get(number, 0), "seats": capacity[number]}
                       for number in sorted(capacity)],
            "round": {"number": current["number"], "open": True} if current else
            {"number": len(rounds), "open": False},
            "rounds_max": event.rotation_rounds_max,
            "moving": storage.count_movers(conn, current["id"]) if current else 0}
