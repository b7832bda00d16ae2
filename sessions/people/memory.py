"""The memory across events: who is heard for the first time and who comes back, and whose invitations
bring new people, matched with the one people-matching rule (sessions/people/import_rows.py, ``same_person``).

The memory spans the events of one organisation (all events of an installation without organisations),
and only as long as names are kept: names removed after the retention period (sessions/people/privacy.py)
match nobody.
"""

from collections import Counter

from sessions import storage
from sessions.evening import events
from sessions.ground.models import Person
from sessions.ground.roles import Principal, authorise
from sessions.people.import_rows import email_key, name_key, same_person


def _keys(person: Person) -> tuple[str, str]:
    return email_key(person.contact), name_key(person.name, person.organisation)


def heard(conn: storage.Connection, event_ids: list[str], organisation_id: int | None, *,
          whole_list: bool = False) -> dict:
    """For the people who came to ``event_ids`` (with ``whole_list``, everyone on their lists): how many are
    new and how many came to an earlier event, by inviter too (the lesson that an inviter's network brings
    the same people)."""
    wanted = set(event_ids)
    seen: dict[str, list] = {}  # e-mail or name key -> [(e-mail, (name key, person))] of earlier events
    first_time = returning = 0
    by_inviter: dict[str, Counter] = {}
    current_event: str | None = None
    pending: list[tuple[str, str, Person]] = []
    everyone: list[Person | None] = [*storage.fetch_all_people(conn, organisation_id), None]
    for person in everyone:
        # People of one event are added to the memory only after the whole event is judged.
        if person is None or person.event_id != current_event:
            for email, key, earlier in pending:
                for index in {email, key} - {""}:
                    seen.setdefault(index, []).append((email, (key, earlier)))
            pending = []
            if person is None:
                break
            current_event = person.event_id
        email, key = _keys(person)
        if person.status == "attended":
            pending.append((email, key, person))  # the memory holds those who came
        if person.event_id not in wanted or not (whole_list or person.status == "attended"):
            continue
        before = same_person(email, key, seen.get(email, []) + seen.get(key, []))
        tally = by_inviter.setdefault(person.inviter or "", Counter())
        if before is None:
            first_time += 1
            tally["new"] += 1
        else:
            returning += 1
            tally["returning"] += 1
    return {"first_time": first_time, "returning": returning,
            "by_inviter": [{"inviter": inviter, "new": tally["new"], "returning": tally["returning"]}
                           for inviter, tally in sorted(by_inviter.items(), key=lambda item: -sum(item[1].values()))]}


def on_list(conn: storage.Connection, principal: Principal, event_id: str) -> dict:
    """Who on the event's list came to an earlier event and who would be new, for its balance dashboard.
    Reads every event's list: run it off the event loop (bench/memory.py)."""
    authorise(principal, "people.view", event_id=event_id)
    event = events.get(conn, event_id)
    return heard(conn, [event.id], event.organisation_id, whole_list=True)

