"""Seating the organiser's people: a suggestion that mixes gender and sector at every table, the
organiser's own choice per person, and the seating as counts."""

from collections import Counter

from sessions import storage
from sessions.evening import domain_events, events
from sessions.ground.errors import DomainError
from sessions.ground.roles import Principal, authorise
from sessions.people.balance import balance, sector_key


def suggest_seating(conn: storage.Connection, principal: Principal, event_id: str) -> dict[int, int]:
    """Seat the attendees (or, before the evening, the registered) so every table mixes gender and sector.

    People are ordered by gender, then sector, and dealt round the tables like cards, so each table
    gets as even a share of each group as the numbers allow. Returns people per table."""
    authorise(principal, "people.edit", event_id=event_id)
    with storage.transaction(conn):
        event = events.get(conn, event_id)
        everyone = storage.fetch_people(conn, event_id)
        attending = [p for p in everyone if p.status == "attended"] or \
            [p for p in everyone if p.status == "registered"]
        ordered = sorted(attending, key=lambda p: (p.gender, sector_key(p.sector), p.name.casefold(), p.id))
        for person in everyone:
            if person.table_number is not None and person not in attending:
                storage.set_person_table(conn, event_id, person.id, None)  # not coming: their seat is free
        per_table: Counter = Counter()
        for index, person in enumerate(ordered):
            table = index % event.table_count + 1
            storage.set_person_table(conn, event_id, person.id, table)
            per_table[table] += 1
        domain_events.record(domain_events.SeatsChanged(event_id, tuple(range(1, event.table_count + 1))))
        return dict(sorted(per_table.items()))


def seat_person(conn: storage.Connection, principal: Principal, event_id: str, person_id: str, table_number) -> None:
    """The organiser's own choice of table for one person (or none)."""
    authorise(principal, "people.edit", event_id=event_id)
    with storage.transaction(conn):
        events.get(conn, event_id)
        if table_number is not None:
            events.require_table(conn, event_id, table_number)
        person = storage.fetch_person(conn, event_id, person_id)
        if person is None:
            raise DomainError("person.not_found")
        storage.set_person_table(conn, event_id, person_id, table_number)
        domain_events.record(domain_events.SeatsChanged(event_id, tuple(t for t in (person.table_number,
                                                                                    table_number) if t)))


def seating(conn: storage.Connection, principal: Principal, event_id: str) -> dict:
    """The seating as counts, so a suggestion explains itself: each table's mix of gender and sector."""
    authorise(principal, "people.view", event_id=event_id)
    event = events.get(conn, event_id)
    everyone = storage.fetch_people(conn, event_id)
    basis = "attended" if any(p.status == "attended" for p in everyone) else "registered"
    tables = []
    for number in range(1, event.table_count + 1):
        seated = [p for p in everyone if p.table_number == number]
        sectors = Counter(p.sector for p in seated)
        tables.append({"table": number, **balance(seated),
                       "by_sector": dict(sorted(sectors.items(), key=lambda item: (not item[0], -item[1], item[0])))})
    return {"tables": tables, "basis": basis,
            "unseated": sum(p.status == basis and p.table_number is None for p in everyone),
            "seated": sum(table["count"] for table in tables)}
