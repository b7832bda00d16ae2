"""Participants and rotation: joining by name, seats per table, and the leader's rotation rounds.

A participant joins from the event's QR code with a display name and the table they sit at, and
gets a personal key their phone keeps; with it the same phone is recognised after a reconnect.
During an open round they may move to the table whose theme interests them; a full table refuses
and names the tables with free seats. Seats per table are set by the organiser or, by default,
split evenly over the people who have joined.
"""

import math
import secrets
import uuid

from sessions import storage
from sessions.evening import domain_events, events, phases, tokens
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.models import STAGES, Participant
from sessions.ground.roles import Principal, Role, authorise
from sessions.ground.text import clean_text, search_key

NAME_MAX_LENGTH = 60
MAX_SEATS = 500
SEAT_MARGIN = 1.25
MIN_FREE_SEATS = 2
COMING = ("registered", "attended")  # the organiser's people a seating plan's place is kept for


def join(conn: storage.Connection, principal: Principal, display_name, table_number) -> tuple[Participant, str]:
    """A participant joins with a name and the table they sit at; returns them and their phone's key.

    A full table refuses and names the tables with free seats; a full room (or the event's cap on
    participants) says so. Check and seat are one write transaction, so a crowd joining at once
    never puts more people at a table than it has seats."""
    authorise(principal, "participant.join", event_id=principal.event_id)
    name = clean_text(display_name, limit=NAME_MAX_LENGTH, empty="participant.name_empty",
                      too_long="participant.name_too_long", one_line=True)
    key = secrets.token_urlsafe(32)
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        table_number = events.require_table(conn, event.id, table_number)
        if storage.count_participants(conn, event.id) >= event.participant_cap:
            raise DomainError("join.room_full", limit=event.participant_cap)
        _require_free_seat(conn, event, table_number, "join.table_full", "join.room_full", joining=name)
        participant = Participant(str(uuid.uuid4()), event.id, name, table_number)
        storage.insert_participant(conn, participant, tokens.hash_token(key), clock.now())
        domain_events.record(domain_events.SeatsChanged(event.id, (table_number,)))
    return participant, key


def remove(conn: storage.Connection, principal: Principal, event_id: str, participant_id) -> None:
    """A leader or organiser takes a joined phone off the evening (a name that is nobody in the room,
    the link shared outside it): its seat is free at once, and the phone is told and may join again."""
    authorise(principal, "participants.manage", event_id=event_id)
    try:
        participant_id = str(uuid.UUID(str(participant_id)))  # the ids this module makes; nothing else is looked up
    except ValueError:
        raise DomainError("participant.not_found") from None
    with storage.transaction(conn):
        event = events.get(conn, event_id)
        participant = storage.fetch_participant(conn, participant_id)
        if participant is None or participant.event_id != event.id:
            raise DomainError("participant.not_found")
        storage.delete_participant(conn, participant.id)
        seated = (participant.table_number,) if participant.table_number is not None else ()
        domain_events.record(domain_events.ParticipantRemoved(event.id, participant.id),
                             domain_events.SeatsChanged(event.id, seated))


def _require_free_seat(conn, event, table_number: int, full: str, room_full: str, leaving: int | None = None,
                       joining: str | None = None) -> None:
    """Refuse with ``full`` (naming the tables with free seats) when ``table_number`` is full, or with
    ``room_full`` when no table has a free seat; ``leaving`` is the table the person sits at now, and
    ``joining`` the name of a phone joining (the plan's place kept for that name is theirs)."""
    capacity = seats(conn, event.id)
    seated = count_seated(conn, event.id, joining=joining)
    if seated.get(table_number, 0) < capacity[table_number]:
        return
    free = [number for number in sorted(capacity) if seated.get(number, 0) < capacity[number] and number != leaving]
    if not free:
        raise DomainError(room_full, table=table_number, limit=event.participant_cap)
    raise DomainError(full, table=table_number, free=free)


def seated(conn: storage.Connection, event_id: str, *, joining: str | None = None) -> dict[int, list[str]]:
    """Who sits at each table, each person once: the phones that joined or moved there, and the people
    the organiser's seating plan put there who are coming (registered or checked in) unless a phone
    joined with their name (then they sit where that phone is). ``joining`` counts a name as joined.
    The one headcount: the leader's, the projector's, the tablets' and the phones' seats all come from here."""
    phones = storage.fetch_participants(conn, event_id)
    joined = {search_key(phone.display_name) for phone in phones} | ({search_key(joining)} if joining else set())
    at_tables: dict[int, list[str]] = {}
    for phone in phones:
        if phone.table_number is not None:
            at_tables.setdefault(phone.table_number, []).append(phone.display_name)
    for person in storage.fetch_people(conn, event_id):
        if person.table_number is not None and person.status in COMING and search_key(person.name) not in joined:
            at_tables.setdefault(person.table_number, []).append(person.name)
    return at_tables


def count_seated(conn: storage.Connection, event_id: str, *, joining: str | None = None) -> dict[int, int]:
    """People per table, as :func:`seated` counts them."""
    return {number: len(names) for number, names in seated(conn, event_id, joining=joining).items()}


def identify(conn: storage.Connection, principal: Principal, key) -> Principal:
    """The participant link's holder, as the joined participant whose phone holds ``key``."""
    if principal.role is not Role.PARTICIPANT or principal.event_id is None or not isinstance(key, str) or not key:
        return principal
    participant = storage.fetch_participant_by_key(conn, principal.event_id, tokens.hash_token(key))
    if participant is None:
        return principal
    return Principal(Role.PARTICIPANT, principal.event_id, participant.table_number, participant.id)


def expected_people(conn: storage.Connection, event) -> int:
    """Who the seats are for: the organiser's expectation (or, without one, the registered on the
    list), or everyone who has joined if that is more."""
    planned = event.expected_participants
    if planned is None:
        planned = storage.count_people_with_status(conn, event.id, STAGES["registered"])
    return max(planned, storage.count_participants(conn, event.id))


def default_seats(expected: int, tables: int) -> int:
    """Seats per table when the organiser has set none: room for a quarter more than an even share,
    and never fewer than two free, so people can always move in a rotation round."""
    share = expected / max(1, tables)
    return max(math.ceil(share * SEAT_MARGIN), math.ceil(share) + MIN_FREE_SEATS)


def seat_plan(conn: storage.Connection, event_id: str) -> dict:
    """What the organiser sees of the seats: the people expected, the default per table, and the
    organiser's own number when every table has it (None otherwise)."""
    event = events.get(conn, event_id)
    expected = expected_people(conn, event)
    chosen = {table.seats for table in storage.fetch_tables(conn, event_id)}
    return {"expected": expected, "default": default_seats(expected, event.table_count),
            "per_table": next(iter(chosen)) if len(chosen) == 1 else None}


def seats(conn: storage.Connection, event_id: str) -> dict[int, int]:
    """Seats per table: the organiser's number, or :func:`default_seats` for the people expected."""
    event = events.get(conn, event_id)
    tables = storage.fetch_tables(conn, event_id)
    default = default_seats(expected_people(conn, event), len(tables))
    return {table.number: table.seats if table.seats else default for table in tables}


def set_seats(conn: storage.Connection, principal: Principal, event_id: str, seats_per_table) -> None:
    """The organiser's seats per table; empty or 0 means the default for the people expected."""
    authorise(principal, "event.edit", event_id=event_id)
    if seats_per_table in (None, "", 0, "0"):
        value = None
    else:
        value = events.bounded_count(seats_per_table, 1, MAX_SEATS, "rotation.bad_seats")
    with storage.transaction(conn):
        storage.set_seats(conn, events.get(conn, event_id).id, value)
        domain_events.record(domain_events.SeatsChanged(event_id))


def _open_round(conn, event_id: str):
    rounds = storage.fetch_rounds(conn, event_id)
    return next((row for row in rounds if row.closed_at is None), None), len(rounds)


def open_round(conn: storage.Connection, principal: Principal, number, *, force: bool = False) -> int:
    """Open rotation round ``number``, which must be the next one (at most the event's number);
    a second click, or a leader whose page is behind, changes nothing. A round in which nobody can
    move (no table has a free seat) asks for ``force``. Returns the number."""
    authorise(principal, "rotation.manage", event_id=principal.event_id)
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        phases.require_phase("rotation.manage", event.phase)
        current, held = _open_round(conn, event.id)
        if current is not None:
            raise DomainError("rotation.already_open", number=current.number)
        if held >= event.rotation_rounds_max:
            raise DomainError("rotation.no_more_rounds", limit=event.rotation_rounds_max)
        if number != held + 1:
            raise DomainError("rotation.changed", number=held)
        capacity, seated = seats(conn, event.id), count_seated(conn, event.id)
        if not force and all(seated.get(table, 0) >= capacity[table] for table in capacity):
            raise DomainError("rotation.no_free_seats")
        storage.open_round(conn, event.id, held + 1, clock.now())
        domain_events.record(domain_events.SeatsChanged(event.id))
        return held + 1


def close_round(conn: storage.Connection, principal: Principal, number) -> None:
    """Close round ``number``, if it is the one open."""
    authorise(principal, "rotation.manage", event_id=principal.event_id)
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        current, _ = _open_round(conn, event.id)
        if current is None or current.number != number:
            raise DomainError("rotation.not_open")
        storage.close_round(conn, current.id, clock.now())
        domain_events.record(domain_events.SeatsChanged(event.id))


def choose_table(conn: storage.Connection, principal: Principal, table_number) -> int:
    """Move to ``table_number`` during an open round if it has a free seat; returns the table sat at.

    The check and the move happen in one write transaction, so two phones racing for the last
    seat cannot both get it: one moves, the other is told the table is full."""
    authorise(principal, "rotation.choose", event_id=principal.event_id)
    if principal.participant_id is None:
        raise DomainError("participant.not_joined")
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        phases.require_phase("rotation.choose", event.phase)
        current, _ = _open_round(conn, event.id)
        if current is None:
            raise DomainError("rotation.not_open")
        table_number = events.require_table(conn, event.id, table_number)
        participant = storage.fetch_participant(conn, principal.participant_id)
        if participant is None:
            raise DomainError("participant.not_joined")
        if participant.table_number == table_number:
            return table_number
        _require_free_seat(conn, event, table_number, "rotation.full", "rotation.room_full",
                           leaving=participant.table_number)
        storage.seat_participant(conn, participant.id, table_number)
        storage.record_move(conn, current.id, participant.id, participant.table_number, table_number, clock.now())
        domain_events.record(domain_events.SeatsChanged(event.id, (participant.table_number, table_number)))
        return table_number
