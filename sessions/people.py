"""The organiser's lists: who was invited, who registered, who came, and the balance of them.

The method's lesson: personal invitations brought people, but the inviters' networks
over-represented men (17 women, 34 men at Lerum). So every figure here is also given by gender,
by sector and per inviter, with a warning when a group's share leaves its band, while there is
still time to invite more. Names live only here and only organisers reach them.
"""

import sqlite3
import time
from collections import Counter
from dataclasses import asdict, dataclass

from sessions import storage
from sessions.errors import DomainError
from sessions.roles import Principal, authorise
from sessions.service import get_event
from sessions.text import clean_text

GENDERS = ("woman", "man", "unknown")
STATUSES = ("invited", "registered", "attended", "declined", "no_show")
# Each stage counts everyone who reached it: a person who attended was also registered and invited.
STAGES = {"invited": set(STATUSES), "registered": {"registered", "attended", "no_show"}, "attended": {"attended"}}
FIELD_LIMITS = {"name": 120, "organisation": 200, "sector": 80, "inviter": 120, "contact": 200}
DEFAULT_BAND = (0.40, 0.60)


@dataclass(frozen=True)
class Person:
    id: str
    event_id: str
    name: str
    organisation: str
    sector: str
    gender: str
    inviter: str
    contact: str
    status: str
    walk_in: bool
    table_number: int | None

    def public(self) -> dict:
        return asdict(self)


def _row(row: sqlite3.Row) -> Person:
    return Person(row["id"], row["event_id"], row["name"], row["organisation"], row["sector"], row["gender"],
                  row["inviter"], row["contact"], row["status"], bool(row["walk_in"]), row["table_number"])


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


def add_person(conn: sqlite3.Connection, principal: Principal, event_id: str, fields: dict, *,
               walk_in: bool = False) -> str:
    """Add one person by hand; a walk-in at the door is added as attended."""
    authorise(principal, "people.edit", event_id=event_id)
    person = clean_person(fields | ({"status": "attended"} if walk_in else {}))
    with storage.transaction(conn):
        get_event(conn, event_id)
        return storage.insert_people(conn, event_id, [person], walk_in, time.time())[0]


def edit_person(conn: sqlite3.Connection, principal: Principal, event_id: str, person_id: str, fields: dict) -> Person:
    """Correct a person's details by hand."""
    authorise(principal, "people.edit", event_id=event_id)
    person = clean_person(fields)
    with storage.transaction(conn):
        if not storage.update_person(conn, event_id, person_id, person, time.time()):
            raise DomainError("person.not_found")
        return _row(storage.fetch_person(conn, event_id, person_id))


def get_person(conn: sqlite3.Connection, principal: Principal, event_id: str, person_id: str) -> Person:
    authorise(principal, "people.view", event_id=event_id)
    row = storage.fetch_person(conn, event_id, person_id)
    if row is None:
        raise DomainError("person.not_found")
    return _row(row)


def list_people(conn: sqlite3.Connection, principal: Principal, event_id: str, query: str = "") -> list[Person]:
    """Everyone on the event's list, or those whose name or organisation contains ``query``."""
    authorise(principal, "people.view", event_id=event_id)
    needle = " ".join(query.split()).casefold()
    people = [_row(row) for row in storage.fetch_people(conn, event_id)]
    return [p for p in people if needle in p.name.casefold() or needle in p.organisation.casefold()]


def set_status(conn: sqlite3.Connection, principal: Principal, event_id: str, person_id: str, status: str) -> Person:
    """Move a person along invited → registered → attended (or declined, no-show); check-in is "attended"."""
    authorise(principal, "people.edit", event_id=event_id)
    if status not in STATUSES:
        raise DomainError("person.bad_status")
    with storage.transaction(conn):
        if not storage.update_person_status(conn, event_id, person_id, status, time.time()):
            raise DomainError("person.not_found")
        return _row(storage.fetch_person(conn, event_id, person_id))


# --- the balance dashboard -----------------------------------------------------------------------

def _split(people: list[Person], key: str) -> dict[str, int]:
    return dict(sorted(Counter(getattr(person, key) or "" for person in people).items()))


def _stage_people(people: list[Person]) -> dict[str, list[Person]]:
    return {stage: [p for p in people if p.status in statuses] for stage, statuses in STAGES.items()}


def figures(conn: sqlite3.Connection, principal: Principal, event_id: str,
            band: tuple[float, float] = DEFAULT_BAND) -> dict:
    """Counts only: the funnel, show-up rate, and gender and sector at each stage, overall and per inviter."""
    people = list_people(conn, principal, event_id)
    stages = _stage_people(people)

    def summary(group: dict[str, list[Person]]) -> dict:
        return {stage: {"count": len(members), "by_gender": _split(members, "gender"),
                        "by_sector": _split(members, "sector")} for stage, members in group.items()}

    inviters = sorted({p.inviter for p in people})
    registered = len(stages["registered"])
    return {
        "funnel": {stage: len(members) for stage, members in stages.items()},
        "declined": sum(p.status == "declined" for p in people),
        "no_show": sum(p.status == "no_show" for p in people),
        "walk_ins": sum(p.walk_in for p in people),
        "show_up_rate": round(len(stages["attended"]) / registered, 3) if registered else None,
        "stages": summary(stages),
        "per_inviter": {inviter: summary(_stage_people([p for p in people if p.inviter == inviter]))
                        for inviter in inviters},
        "warnings": gender_warnings(stages, band),
        "band": list(band),
    }


def gender_warnings(stages: dict[str, list[Person]], band: tuple[float, float]) -> list[dict]:
    """A warning for each stage where women's or men's share of those with a known gender is outside ``band``."""
    warnings = []
    for stage in ("registered", "attended"):
        known = [p for p in stages[stage] if p.gender in ("woman", "man")]
        if not known:
            continue
        for gender in ("woman", "man"):
            share = sum(p.gender == gender for p in known) / len(known)
            if not band[0] <= share <= band[1]:
                warnings.append({"stage": stage, "gender": gender, "share": round(share, 3)})
    return warnings


def attendance_summary(conn: sqlite3.Connection, event_id: str) -> dict:
    """Counts for the strategy export: never names."""
    everyone = [_row(row) for row in storage.fetch_people(conn, event_id)]
    stages = _stage_people(everyone)
    attended = stages["attended"]
    by_gender = _split(attended, "gender")
    return {"list_kept": bool(everyone), "invited": len(stages["invited"]), "registered": len(stages["registered"]),
            "attended": len(attended), "by_gender": by_gender,
            "gender_shares": {key: round(count / len(attended), 3) for key, count in by_gender.items()},
            "by_sector": _split(attended, "sector"),
            "by_stage": {stage: _split(members, "gender") for stage, members in stages.items()}}


# --- seating -------------------------------------------------------------------------------------

def suggest_seating(conn: sqlite3.Connection, principal: Principal, event_id: str) -> dict[int, int]:
    """Seat the attendees (or, before the evening, the registered) so every table mixes gender and sector.

    People are ordered by gender, then sector, and dealt round the tables like cards, so each table
    gets as even a share of each group as the numbers allow. Returns people per table."""
    authorise(principal, "people.edit", event_id=event_id)
    with storage.transaction(conn):
        event = get_event(conn, event_id)
        everyone = [_row(row) for row in storage.fetch_people(conn, event_id)]
        attending = [p for p in everyone if p.status == "attended"] or \
            [p for p in everyone if p.status == "registered"]
        ordered = sorted(attending, key=lambda p: (p.gender, p.sector.casefold(), p.name.casefold(), p.id))
        per_table: Counter = Counter()
        for index, person in enumerate(ordered):
            table = index % event.table_count + 1
            storage.set_person_table(conn, event_id, person.id, table)
            per_table[table] += 1
        return dict(sorted(per_table.items()))


def seat_person(conn: sqlite3.Connection, principal: Principal, event_id: str, person_id: str, table_number) -> None:
    """The organiser's own choice of table for one person (or none)."""
    authorise(principal, "people.edit", event_id=event_id)
    with storage.transaction(conn):
        event = get_event(conn, event_id)
        if table_number is not None and (isinstance(table_number, bool) or not isinstance(table_number, int)
                                         or not 1 <= table_number <= event.table_count):
            raise DomainError("table.unknown", table=table_number)
        if not storage.set_person_table(conn, event_id, person_id, table_number):
            raise DomainError("person.not_found")
