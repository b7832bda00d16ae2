"""The organiser's lists: who was invited, who registered, who came, and the balance of them.

The method's lesson: personal invitations brought people, but the inviters' networks
over-represented men (17 women, 34 men at Lerum). So every figure here is also given by gender,
by sector and per inviter, with a warning when a group's share leaves its band, while there is
still time to invite more. Names live only here and only organisers reach them.
"""

from dataclasses import dataclass

from sessions import storage
from sessions.evening import audit, domain_events, events
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.models import GENDERS, STAGES, STATUSES, Person
from sessions.ground.roles import Principal, authorise
from sessions.ground.text import clean_text, search_key

PERSON_FIELDS = ("name", "organisation", "sector", "gender", "inviter", "contact", "status")
FIELD_LIMITS = {"name": 120, "organisation": 200, "sector": 80, "inviter": 120, "contact": 200}


def clean_person(fields: dict) -> dict:
    """Validated fields of a person; the name is required, the rest may be empty."""
    cleaned = {}
    for name, limit in FIELD_LIMITS.items():
        cleaned[name] = clean_text(fields.get(name), limit=limit, required=name == "name", one_line=True,
                                   empty="person.name_empty", too_long="person.field_too_long", field=name)
    gender = fields.get("gender") or "unknown"
    status = fields.get("status") or "invited"
    if gender not in GENDERS:
        raise DomainError("person.bad_gender")
    if status not in STATUSES:
        raise DomainError("person.bad_status")
    cleaned["gender"], cleaned["status"] = gender, status
    return cleaned


def add_person(conn: storage.Connection, principal: Principal, event_id: str, fields: dict, *,
               walk_in: bool = False) -> str:
    """Add one person by hand; a walk-in at the door is added as attended."""
    authorise(principal, "people.edit", event_id=event_id)
    person = clean_person(fields | ({"status": "attended"} if walk_in else {}))
    with storage.transaction(conn):
        events.get(conn, event_id)
        audit.record_on_event(conn, principal, "people.add", event_id, walk_in=walk_in)
        return storage.insert_people(conn, event_id, [person], walk_in, clock.now())[0]


def edit_person(conn: storage.Connection, principal: Principal, event_id: str, person_id: str, fields: dict) -> Person:
    """Correct a person's details by hand."""
    authorise(principal, "people.edit", event_id=event_id)
    person = clean_person(fields)
    with storage.transaction(conn):
        if not storage.update_person(conn, event_id, person_id, person, clock.now()):
            raise DomainError("person.not_found")
        audit.record_on_event(conn, principal, "people.edit", event_id)
        stored = _stored(conn, event_id, person_id)
        _seats_changed(event_id, stored)  # a name or a status changes who the table counts
        return stored


def _stored(conn: storage.Connection, event_id: str, person_id: str) -> Person:
    person = storage.fetch_person(conn, event_id, person_id)
    if person is None:
        raise DomainError("person.not_found")
    return person


def get_person(conn: storage.Connection, principal: Principal, event_id: str, person_id: str) -> Person:
    authorise(principal, "people.view", event_id=event_id)
    row = storage.fetch_person(conn, event_id, person_id)
    if row is None:
        raise DomainError("person.not_found")
    return row


def list_people(conn: storage.Connection, principal: Principal, event_id: str, query: str = "") -> list[Person]:
    """Everyone on the event's list, or those whose name, organisation or e-mail contains ``query``,
    ignoring case and accents."""
    authorise(principal, "people.view", event_id=event_id)
    needle = search_key(query)
    people = storage.fetch_people(conn, event_id)
    if not needle:
        return people
    return [p for p in people if needle in search_key(f"{p.name}\n{p.organisation}\n{p.contact}")]


def export_list(conn: storage.Connection, principal: Principal, event_id: str) -> list[Person]:
    """The whole list to take away (names and all), noted in the organisation's audit log."""
    everyone = list_people(conn, principal, event_id)
    with storage.transaction(conn):
        audit.record_on_event(conn, principal, "people.export", event_id, names=True)
    return everyone


def count_people(conn: storage.Connection, principal: Principal, event_id: str) -> int:
    """How many are on the event's list (a search reads them all: worth doing off the loop when many)."""
    authorise(principal, "people.view", event_id=event_id)
    return storage.count_people(conn, event_id)


# The organiser's list is shown a page at a time: 5,000 people on one page were 8.8 MB.
PAGE_SIZE = 100


@dataclass(frozen=True)
class ListPage:
    """One page of the organiser's list, with the counts of the whole list."""

    people: list[Person]
    total: int  # everyone on the list
    found: int  # those the search finds; everyone without a search
    page: int  # from 1
    pages: int
    first: int  # the place of the page's first person among those found, from 1 (0 when none)


def list_page(conn: storage.Connection, principal: Principal, event_id: str, query: str = "", page: int = 1,
              size: int = PAGE_SIZE) -> ListPage:
    """Page ``page`` (clamped to those there are) of :func:`list_people`, ``size`` people a page."""
    authorise(principal, "people.view", event_id=event_id)
    total = storage.count_people(conn, event_id)
    if search_key(query):
        found = list_people(conn, principal, event_id, query)
        pages = max(1, -(-len(found) // size))
        page = min(max(1, page), pages)
        shown, count = found[(page - 1) * size:page * size], len(found)
    else:
        pages = max(1, -(-total // size))
        page = min(max(1, page), pages)
        shown, count = storage.fetch_people(conn, event_id, limit=size, offset=(page - 1) * size), total
    return ListPage(shown, total, count, page, pages, (page - 1) * size + 1 if shown else 0)


def delete_person(conn: storage.Connection, principal: Principal, event_id: str, person_id: str) -> Person:
    """Take a person off the list for good (a wrong row, or someone who asks to be removed)."""
    authorise(principal, "people.edit", event_id=event_id)
    with storage.transaction(conn):
        row = storage.fetch_person(conn, event_id, person_id)
        if row is None:
            raise DomainError("person.not_found")
        storage.delete_person_mails(conn, event_id, person_id)  # the outbox names them too
        storage.delete_person(conn, event_id, person_id)
        audit.record_on_event(conn, principal, "people.delete", event_id)
        _seats_changed(event_id, row)
        return row


def set_status(conn: storage.Connection, principal: Principal, event_id: str, person_id: str, status: str) -> Person:
    """Move a person along invited → registered → attended (or declined, no-show); check-in is "attended"."""
    authorise(principal, "people.edit", event_id=event_id)
    if status not in STATUSES:
        raise DomainError("person.bad_status")
    with storage.transaction(conn):
        if not storage.update_person_status(conn, event_id, person_id, status, clock.now()):
            raise DomainError("person.not_found")
        person = _stored(conn, event_id, person_id)
        _seats_changed(event_id, person)
        return person


# At the door: those still expected are the registered who have not come; a check-in can be undone
# (a wrong tap on a namesake), back to the status the person had before it.
EXPECTED_STATUS = "registered"


def check_in(conn: storage.Connection, principal: Principal, event_id: str, person_id: str) -> Person:
    """Check a person in at the door; checking in someone already checked in changes nothing."""
    authorise(principal, "people.edit", event_id=event_id)
    with storage.transaction(conn):
        person = _stored(conn, event_id, person_id)
        storage.check_in_person(conn, event_id, person_id, clock.now())
        person = _stored(conn, event_id, person.id)
        _seats_changed(event_id, person)  # who comes changes who the table counts
        return person


def undo_check_in(conn: storage.Connection, principal: Principal, event_id: str, person_id: str) -> Person:
    """Take back a check-in: the person is as before it (a walk-in, or one checked in without the door's
    button, is expected again). Someone not checked in is refused, naming them."""
    authorise(principal, "people.edit", event_id=event_id)
    with storage.transaction(conn):
        person = _stored(conn, event_id, person_id)
        if not storage.undo_check_in_person(conn, event_id, person_id, EXPECTED_STATUS, clock.now()):
            raise DomainError("checkin.not_checked_in", name=person.name)
        person = _stored(conn, event_id, person_id)
        _seats_changed(event_id, person)
        return person


def still_expected(conn: storage.Connection, principal: Principal, event_id: str,
                   limit: int = PAGE_SIZE) -> tuple[list[Person], int]:
    """The first ``limit`` of those registered and not checked in yet, in name order, and how many they are."""
    authorise(principal, "people.view", event_id=event_id)
    return (storage.fetch_people_with_status(conn, event_id, EXPECTED_STATUS, limit),
            storage.count_people_with_status(conn, event_id, {EXPECTED_STATUS}))


def checked_in_count(conn: storage.Connection, principal: Principal, event_id: str) -> int:
    """How many have come, as the balance page and the closing count them (a count, not the whole list)."""
    authorise(principal, "people.view", event_id=event_id)
    return storage.count_people_with_status(conn, event_id, STAGES["attended"])


def _seats_changed(event_id: str, person: Person) -> None:
    """A seated person who comes, does not, or is gone changes their table's headcount on every screen."""
    if person.table_number is not None:
        domain_events.record(domain_events.SeatsChanged(event_id, (person.table_number,)))
