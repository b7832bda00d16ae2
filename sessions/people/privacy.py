"""Personal data: how long names are kept, a person's data exported and erased on request, and the
names of past events removed once the retention period has run out.

What is kept, for how long and why is written for the organiser in docs/personal-data.md (svenska)
and shown on the organiser's page "Personuppgifter".
"""

import calendar
import datetime

from sessions import storage
from sessions.evening import events
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.models import Event
from sessions.ground.roles import Principal, authorise
from sessions.people import organisations

DEFAULT_RETENTION_MONTHS = 24
# The installation's setting (DIALOG_APP_RETENTION_MONTHS), set by the app when it starts.
_setting = {"months": DEFAULT_RETENTION_MONTHS}


def configure(months) -> None:
    """Take the installation's retention period (months, at least 1)."""
    _setting["months"] = max(1, int(months or DEFAULT_RETENTION_MONTHS))


def installation_retention_months() -> int:
    """The period for an organisation that has not chosen its own."""
    return _setting["months"]


def retention_months(conn: storage.Connection, event: Event) -> int:
    """How many months after ``event`` its people's names are kept.

    The one place the period is read: the event's organisation's setting when it has one, else the
    installation's (DIALOG_APP_RETENTION_MONTHS, 24 unless set), so names are never kept without end."""
    if event.organisation_id is not None:
        chosen = organisations.organisation_settings(conn, event.organisation_id).retention_months
        if chosen:
            return chosen
    return _setting["months"]


def consent_text(months: int) -> dict[str, str]:
    """What a person agrees to when registering, in Swedish and English (its version:
    sessions.people.registration.CONSENT_VERSION with the months)."""
    return {
        "sv": (f"Vi sparar ditt namn, din organisation, din e-postadress, vem som bjöd in dig och, om du fyller "
               f"i dem, ditt kön och din bransch. Vi använder dem för att ordna kvällen (anmälan, biljett, "
               f"incheckning, bordsplacering) och för att se att de inbjudna speglar kommunens näringsliv; bara "
               f"arrangörerna ser dem. Namn, organisation och e-postadress tas bort {months} månader efter "
               f"evenemanget. Det borden skriver under kvällen sparas utan namn. Du kan när som helst be "
               f"arrangören om en kopia av dina uppgifter eller att de raderas."),
        "en": (f"We keep your name, your organisation, your email address, who invited you and, if you give "
               f"them, your gender and sector. We use them to run the evening (registration, ticket, check-in, "
               f"seating) and to see that those invited reflect the local economy; only the organisers see "
               f"them. Name, organisation and email address are removed {months} months after the event. What "
               f"the tables write during the evening is kept without names. You may at any time ask the "
               f"organiser for a copy of your data or to have it erased."),
    }


# --- retention: names removed from past events ----------------------------------------------------

def _event_day(event_date: str, created_at: float) -> datetime.date:
    try:
        return datetime.date.fromisoformat(event_date)
    except ValueError:
        return datetime.datetime.fromtimestamp(created_at, datetime.UTC).date()


def _months_later(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def names_removed_on(conn: storage.Connection, event: Event) -> datetime.date:
    """The day after which ``event``'s names are removed: its date (else the day it was made) plus the
    retention period."""
    return _months_later(_event_day(event.event_date, event.created_at), retention_months(conn, event))


def run_retention(conn: storage.Connection) -> dict:
    """Remove the names of every event whose retention period has run out; what was done."""
    today = datetime.datetime.fromtimestamp(clock.now(), datetime.UTC).date()
    done = {"events": 0, "people": 0}
    for row in storage.fetch_events_keeping_names(conn):
        event = storage.fetch_event(conn, row["id"])
        if event is None or names_removed_on(conn, event) >= today:
            continue
        with storage.transaction(conn):
            done["people"] += storage.remove_event_names(conn, event.id, clock.now())
            done["events"] += 1
    return done


# --- a person's data, on request ------------------------------------------------------------------

def export_person(conn: storage.Connection, principal: Principal, event_id: str, person_id: str) -> dict:
    """Everything kept about one person at this event, as JSON for them (what they agreed to included)."""
    authorise(principal, "people.view", event_id=event_id)
    event = events.get(conn, event_id)
    person = storage.fetch_person(conn, event_id, person_id)
    if person is None:
        raise DomainError("person.not_found")
    kept = storage.fetch_registration(conn, event_id, person_id)

    def stamp(value):
        return None if value is None else datetime.datetime.fromtimestamp(value, datetime.UTC).isoformat()

    consent = None
    if kept is not None and kept["given_at"] is not None:
        consent = {"text_version": kept["text_version"], "given_at": stamp(kept["given_at"]),
                   "text": consent_text(retention_months(conn, event)),
                   "results_mail": bool(kept["results_mail"]), "unsubscribed_at": stamp(kept["unsubscribed_at"])}
    return {
        "event": {"id": event.id, "title": event.title, "date": event.event_date,
                  "names_removed_after": names_removed_on(conn, event).isoformat()},
        "person": {"name": person.name, "organisation": person.organisation, "sector": person.sector,
                   "gender": person.gender, "invited_by": person.inviter, "email": person.contact,
                   "status": person.status, "walk_in": person.walk_in, "table": person.table_number,
                   "added_at": stamp(person.created_at), "changed_at": stamp(person.updated_at),
                   "invited_at": stamp(kept["invited_at"]) if kept else None,
                   "registered_at": stamp(kept["registered_at"]) if kept else None,
                   "waiting_since": stamp(kept["waiting_since"]) if kept else None},
        "consent": consent,
        "mails": [{"purpose": mail.purpose.split(":")[0], "subject": mail.subject, "state": mail.state,
                   "stored_at": stamp(mail.created_at), "sent_at": stamp(mail.sent_at)}
                  for mail in storage.fetch_person_mails(conn, event_id, person_id)],
    }
