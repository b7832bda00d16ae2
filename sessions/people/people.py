"""The organiser's lists: who was invited, who registered, who came, and the balance of them.

The method's lesson: personal invitations brought people, but the inviters' networks
over-represented men (17 women, 34 men at Lerum). So every figure here is also given by gender,
by sector and per inviter, with a warning when a group's share leaves its band, while there is
still time to invite more. Names live only here and only organisers reach them.
"""

import datetime
import functools
import unicodedata
from collections import Counter
from dataclasses import dataclass

from sessions import storage
from sessions.evening import domain_events, events
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.models import Person, Phase
from sessions.ground.roles import Principal, authorise
from sessions.ground.text import clean_text, normalise_text

GENDERS = ("woman", "man", "unknown")
STATUSES = ("invited", "registered", "attended", "declined", "no_show")
# Each stage counts everyone who reached it: a person who attended was also registered and invited.
STAGES = {"invited": set(STATUSES), "registered": {"registered", "attended", "no_show"}, "attended": {"attended"}}
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
        return storage.insert_people(conn, event_id, [person], walk_in, clock.now())[0]


def edit_person(conn: storage.Connection, principal: Principal, event_id: str, person_id: str, fields: dict) -> Person:
    """Correct a person's details by hand."""
    authorise(principal, "people.edit", event_id=event_id)
    person = clean_person(fields)
    with storage.transaction(conn):
        if not storage.update_person(conn, event_id, person_id, person, clock.now()):
            raise DomainError("person.not_found")
        return storage.fetch_person(conn, event_id, person_id)


def get_person(conn: storage.Connection, principal: Principal, event_id: str, person_id: str) -> Person:
    authorise(principal, "people.view", event_id=event_id)
    row = storage.fetch_person(conn, event_id, person_id)
    if row is None:
        raise DomainError("person.not_found")
    return row


# Letters NFKD does not take apart, as they appear in Nordic and other European names.
_BASE_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "đ": "d", "ł": "l", "ħ": "h", "ı": "i", "œ": "oe"})


@functools.lru_cache(maxsize=20_000)
def search_key(text: str) -> str:
    """``text`` as it is typed at the door on any keyboard: no case, no accents ("oberg" finds "Öberg"),
    nothing hidden (a name stored before hidden characters were cleaned away is found too)."""
    decomposed = unicodedata.normalize("NFKD", normalise_text(str(text)).casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(letters.translate(_BASE_LETTERS).split())


def list_people(conn: storage.Connection, principal: Principal, event_id: str, query: str = "") -> list[Person]:
    """Everyone on the event's list, or those whose name, organisation or e-mail contains ``query``,
    ignoring case and accents."""
    authorise(principal, "people.view", event_id=event_id)
    needle = search_key(query)
    people = storage.fetch_people(conn, event_id)
    if not needle:
        return people
    return [p for p in people if needle in search_key(f"{p.name}\n{p.organisation}\n{p.contact}")]


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
        storage.delete_person(conn, event_id, person_id)
        return row


def set_status(conn: storage.Connection, principal: Principal, event_id: str, person_id: str, status: str) -> Person:
    """Move a person along invited → registered → attended (or declined, no-show); check-in is "attended"."""
    authorise(principal, "people.edit", event_id=event_id)
    if status not in STATUSES:
        raise DomainError("person.bad_status")
    with storage.transaction(conn):
        if not storage.update_person_status(conn, event_id, person_id, status, clock.now()):
            raise DomainError("person.not_found")
        return storage.fetch_person(conn, event_id, person_id)


# --- the balance dashboard -----------------------------------------------------------------------

# With fewer people of known gender than this, a share says little ("100 procent" of 2): counts only.
MIN_JUDGED = 5


def split_by(people: list[Person], key: str) -> dict[str, int]:
    return dict(sorted(Counter(getattr(person, key) or "" for person in people).items()))


def evening_has_begun(event, today: datetime.date) -> bool:
    """Whether someone registered and not checked in has stayed away ("Uteblev").

    Decided: once the leader has moved past the warm-up (people arriving late are checked in during
    the welcome), or once the event's date has passed (organisers who keep the list by hand after the
    evening). A late check-in still counts: "Uteblev" is computed, never stored."""
    if event.phase not in (Phase.SETUP, Phase.WARMUP):
        return True
    return bool(event.event_date) and event.event_date < today.isoformat()


def stage_people(people: list[Person]) -> dict[str, list[Person]]:
    return {stage: [p for p in people if p.status in statuses] for stage, statuses in STAGES.items()}


def balance(members: list[Person]) -> dict:
    """Women, men and unknown among ``members``; shares of those with a known gender when there are enough."""
    women = sum(p.gender == "woman" for p in members)
    men = sum(p.gender == "man" for p in members)
    known = women + men
    judged = known >= MIN_JUDGED
    return {"count": len(members), "woman": women, "man": men, "unknown": len(members) - known, "judged": judged,
            "share_woman": round(women / known, 3) if judged else None,
            "share_man": round(men / known, 3) if judged else None}


def balance_warning(counts: dict, band: tuple[float, float]) -> dict | None:
    """One warning for a group whose women's or men's share is outside ``band``, naming the fewer."""
    if not counts["judged"]:
        return None
    shares = {"woman": counts["share_woman"], "man": counts["share_man"]}
    if all(band[0] <= share <= band[1] for share in shares.values()):
        return None
    fewer = "woman" if shares["woman"] <= shares["man"] else "man"
    return {"fewer": fewer, "share": shares[fewer], "woman": counts["woman"], "man": counts["man"],
            "unknown": counts["unknown"]}


def _sector_key(sector: str) -> str:
    return " ".join(sector.casefold().split())


def sector_table(people: list[Person], stages: dict[str, list[Person]]) -> list[dict]:
    """Each sector (however its name was capitalised) with its count at every stage, largest first."""
    spellings: dict[str, Counter] = {}
    for person in people:
        spellings.setdefault(_sector_key(person.sector), Counter())[person.sector] += 1
    per_stage = {stage: Counter(_sector_key(p.sector) for p in members) for stage, members in stages.items()}
    rows = [{"sector": names.most_common(1)[0][0] if key else ""} | {stage: counts[key] for stage, counts in per_stage.items()}
            for key, names in spellings.items()]
    return sorted(rows, key=lambda row: (not row["sector"], -row["invited"], row["sector"].casefold()))


def attendance_summary(conn: storage.Connection, event_id: str) -> dict:
    """Counts for the strategy export: never names."""
    everyone = storage.fetch_people(conn, event_id)
    stages = stage_people(everyone)
    attended = stages["attended"]
    by_gender = split_by(attended, "gender")
    return {"list_kept": bool(everyone), "invited": len(stages["invited"]), "registered": len(stages["registered"]),
            "attended": len(attended), "by_gender": by_gender,
            "gender_shares": {key: round(count / len(attended), 3) for key, count in by_gender.items()},
            "by_sector": split_by(attended, "sector"),
            "by_stage": {stage: split_by(members, "gender") for stage, members in stages.items()}}


# --- seating -------------------------------------------------------------------------------------

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
        ordered = sorted(attending, key=lambda p: (p.gender, _sector_key(p.sector), p.name.casefold(), p.id))
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
        domain_events.record(domain_events.SeatsChanged(event_id, tuple(t for t in (person.table_number, table_number) if t)))
