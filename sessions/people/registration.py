"""Registration: a person's own link from the invitation, the public link for people not on the list,
consent with its text's version and time, capacity and the waiting list, the ticket, unsubscribing.

Every link here is an HMAC of the server's secret, kept as its hash (as the role links are, see
sessions/evening/tokens.py). A registration goes straight into the organiser's list: the person's
status becomes "registered", so the balance dashboard counts it per inviter at once.
"""

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

from sessions import storage
from sessions.evening import events
from sessions.evening.tokens import hash_token
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.models import GENDERS, Event, Person
from sessions.ground.roles import Principal, authorise
from sessions.ground.text import clean_text
from sessions.people import mail_texts, outbox, privacy
from sessions.people.people import FIELD_LIMITS

PERSON_PURPOSES = ("register", "ticket", "unsubscribe")
PUBLIC_PURPOSES = ("register", "results")
# The consent text's version: a new wording gets a new version; what each person agreed to is kept.
CONSENT_VERSION = "2026-12-v1"
MAX_CAPACITY = 100_000
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s.]{2,}")


def _hmac(secret: bytes, message: str) -> str:
    digest = hmac.new(secret, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def person_token(secret: bytes, person_id: str, purpose: str) -> str:
    return _hmac(secret, f"person:{person_id}:{purpose}")


def public_token(secret: bytes, event_id: str, purpose: str, generation: int) -> str:
    return _hmac(secret, f"public:{event_id}:{purpose}:{generation}")


def issue_person_token(conn: storage.Connection, secret: bytes, person_id: str, event_id: str, purpose: str) -> str:
    token = person_token(secret, person_id, purpose)
    storage.insert_person_token(conn, hash_token(token), person_id, event_id, purpose)
    return token


def _person_for(conn: storage.Connection, token, purpose: str) -> Person:
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise DomainError("token.invalid")
    row = storage.fetch_person_token(conn, hash_token(token))
    if row is None or row["purpose"] != purpose:
        raise DomainError("token.invalid")
    person = storage.fetch_person(conn, row["event_id"], row["person_id"])
    if person is None:
        raise DomainError("token.invalid")
    return person


def consent_version(conn: storage.Connection, event: Event) -> str:
    """The version of the consent text with this event's retention period in it."""
    return f"{CONSENT_VERSION}/{privacy.retention_months(conn, event)}m"


@dataclass(frozen=True)
class Registration:
    """What a registration page shows: the person as listed, and where their registration stands."""

    event: Event
    person: Person | None  # None on the public link
    state: str  # new, registered, waiting, declined, attended
    results_mail: bool
    retention_months: int
    consent_version: str
    inviters: tuple[str, ...] = ()
    seats_left: int | None = None


def _state(person: Person, row) -> str:
    if person.status in ("registered", "attended", "declined"):
        return person.status
    return "waiting" if row and row["waiting_since"] is not None else "new"


def _seats_left(conn: storage.Connection, event_id: str) -> int | None:
    capacity = storage.fetch_capacity(conn, event_id)
    return None if capacity is None else max(0, capacity - storage.count_seats_taken(conn, event_id))


def view(conn: storage.Connection, token) -> Registration:
    """The page a person's registration link opens."""
    person = _person_for(conn, token, "register")
    event = events.get(conn, person.event_id)
    row = storage.fetch_registration(conn, event.id, person.id)
    return Registration(event, person, _state(person, row), bool(row and row["results_mail"]
                                                                 and row["unsubscribed_at"] is None),
                        privacy.retention_months(conn, event), consent_version(conn, event),
                        seats_left=_seats_left(conn, event.id))


def _choices(fields: dict) -> tuple[str, str, bool]:
    if fields.get("consent") != "yes":
        raise DomainError("register.consent_needed")
    gender = fields.get("gender") or "unknown"
    if gender not in GENDERS:
        raise DomainError("person.bad_gender")
    sector = clean_text(fields.get("sector"), limit=FIELD_LIMITS["sector"], required=False, one_line=True,
                        too_long="person.field_too_long", field="sector")
    return gender, sector, fields.get("results_mail") == "yes"


def _name_and_organisation(fields: dict) -> tuple[str, str]:
    name = clean_text(fields.get("name"), limit=FIELD_LIMITS["name"], one_line=True, empty="person.name_empty",
                      too_long="person.field_too_long", field="name")
    organisation = clean_text(fields.get("organisation"), limit=FIELD_LIMITS["organisation"], required=False,
                              one_line=True, too_long="person.field_too_long", field="organisation")
    return name, organisation


def _register(conn: storage.Connection, event: Event, person: Person, gender: str, sector: str,
              results_mail: bool, version: str, domain: str) -> str:
    """Inside a transaction: a seat if one is left, else the waiting list; consent kept; a mail stored."""
    now = clock.now()
    storage.save_consent(conn, person.id, event.id, version, results_mail, now)
    if person.status in ("registered", "attended"):
        storage.set_registration(conn, person.id, status=person.status, registered_at=now, waiting_since=None,
                                 gender=gender, sector=sector, now=now)
        return person.status
    left = _seats_left(conn, event.id)
    row = storage.fetch_registration(conn, event.id, person.id)
    if left is not None and left <= 0:
        waiting = row["waiting_since"] if row and row["waiting_since"] is not None else now
        storage.set_registration(conn, person.id, status="invited", registered_at=None, waiting_since=waiting,
                                 gender=gender, sector=sector, now=now)
        _mail(conn, event, person, "waiting", domain)
        return "waiting"
    storage.set_registration(conn, person.id, status="registered", registered_at=now, waiting_since=None,
                             gender=gender, sector=sector, now=now)
    _mail(conn, event, person, "confirmation", domain)
    return "registered"


def _mail(conn: storage.Connection, event: Event, person: Person, purpose: str, domain: str) -> None:
    if not _EMAIL.fullmatch(person.contact or ""):
        return
    subject, body = mail_texts.registration_mail(purpose, event, person)
    outbox.queue(conn, event_id=event.id, person_id=person.id, purpose=purpose, recipient=person.contact,
                 subject=subject, body=body, domain=domain)


def register(conn: storage.Connection, secret: bytes, token, fields: dict, domain: str = "dialog-app.local") -> str:
    """The person registers through their own link, correcting their name and organisation if the list had
    them wrong; returns "registered" or "waiting"."""
    gender, sector, results_mail = _choices(fields)
    with storage.transaction(conn):
        person = _person_for(conn, token, "register")
        event = events.get(conn, person.event_id)
        if "name" in fields:
            name, organisation = _name_and_organisation(fields)
            storage.set_person_name(conn, person.id, name, organisation, clock.now())
            person = storage.fetch_person(conn, event.id, person.id)  # type: ignore[assignment]
        for purpose in ("ticket", "unsubscribe"):
            issue_person_token(conn, secret, person.id, event.id, purpose)
        return _register(conn, event, person, gender, sector, results_mail, consent_version(conn, event), domain)


def decline(conn: storage.Connection, token, domain: str = "dialog-app.local") -> Person:
    """The person cannot come: their seat goes to the first on the waiting list, who is told."""
    with storage.transaction(conn):
        person = _person_for(conn, token, "register")
        event = events.get(conn, person.event_id)
        had_seat = person.status == "registered"
        now = clock.now()
        storage.set_registration(conn, person.id, status="declined", registered_at=None, waiting_since=None,
                                 gender=person.gender, sector=person.sector, now=now)
        if had_seat:
            first = storage.fetch_first_waiting(conn, event.id)
            if first is not None:
                waiting = storage.fetch_person(conn, event.id, first["id"])
                assert waiting is not None
                storage.set_registration(conn, waiting.id, status="registered", registered_at=now,
                                         waiting_since=None, gender=waiting.gender, sector=waiting.sector, now=now)
                _mail(conn, event, waiting, "confirmation", domain)
        return storage.fetch_person(conn, event.id, person.id)  # type: ignore[return-value]


# --- the public link, for people not on the list --------------------------------------------------

def public_event(conn: storage.Connection, secret: bytes, token, purpose: str) -> Event:
    """The event whose live public link of ``purpose`` this is."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise DomainError("token.invalid")
    row = storage.fetch_public_link(conn, hash_token(token))
    if row is None or row["purpose"] != purpose:
        raise DomainError("token.invalid")
    return events.get(conn, row["event_id"])


def public_view(conn: storage.Connection, secret: bytes, token) -> Registration:
    event = public_event(conn, secret, token, "register")
    return Registration(event, None, "new", False, privacy.retention_months(conn, event),
                        consent_version(conn, event), tuple(storage.fetch_inviters(conn, event.id)),
                        _seats_left(conn, event.id))


def register_public(conn: storage.Connection, secret: bytes, token, fields: dict,
                    domain: str = "dialog-app.local") -> tuple[str, str]:
    """Someone not on the list registers by the public link, saying who invited them; they are added to
    the list (so the dashboard counts them under that inviter). Returns (state, their own link's token)."""
    gender, sector, results_mail = _choices(fields)
    name, organisation = _name_and_organisation(fields)
    contact = clean_text(fields.get("contact"), limit=FIELD_LIMITS["contact"], one_line=True,
                         empty="register.email_needed", too_long="person.field_too_long", field="contact")
    if not _EMAIL.fullmatch(contact):
        raise DomainError("register.email_needed")
    with storage.transaction(conn):
        event = public_event(conn, secret, token, "register")
        inviter = fields.get("inviter") or ""
        if inviter and inviter not in storage.fetch_inviters(conn, event.id):
            raise DomainError("register.unknown_inviter")
        if storage.fetch_person_by_contact(conn, event.id, contact) is not None:
            raise DomainError("register.already_listed")
        now = clock.now()
        [person_id] = storage.insert_people(conn, event.id, [
            {"name": name, "organisation": organisation, "sector": sector, "gender": gender, "inviter": inviter,
             "contact": contact, "status": "invited"}], False, now)
        person = storage.fetch_person(conn, event.id, person_id)
        assert person is not None
        own = issue_person_token(conn, secret, person.id, event.id, "register")
        for purpose in ("ticket", "unsubscribe"):
            issue_person_token(conn, secret, person.id, event.id, purpose)
        state = _register(conn, event, person, gender, sector, results_mail, consent_version(conn, event), domain)
        return state, own


def public_link(conn: storage.Connection, secret: bytes, principal: Principal, event_id: str,
                purpose: str) -> str | None:
    """The event's live public link of ``purpose`` (its token), or None when it is closed."""
    authorise(principal, "people.view", event_id=event_id)
    row = storage.fetch_live_public_link(conn, event_id, purpose)
    return None if row is None else public_token(secret, event_id, purpose, row["generation"])


def open_public_link(conn: storage.Connection, secret: bytes, principal: Principal, event_id: str,
                     purpose: str) -> str:
    """A new public link of ``purpose`` (the one before it stops working)."""
    authorise(principal, "people.edit", event_id=event_id)
    if purpose not in PUBLIC_PURPOSES:
        raise DomainError("request.not_found")
    with storage.transaction(conn):
        events.get(conn, event_id)
        generation = storage.revoke_public_links(conn, event_id, purpose, clock.now()) + 1
        token = public_token(secret, event_id, purpose, generation)
        storage.insert_public_link(conn, hash_token(token), event_id, purpose, generation, clock.now())
        return token


def close_public_link(conn: storage.Connection, principal: Principal, event_id: str, purpose: str) -> None:
    authorise(principal, "people.edit", event_id=event_id)
    with storage.transaction(conn):
        storage.revoke_public_links(conn, event_id, purpose, clock.now())


def set_capacity(conn: storage.Connection, principal: Principal, event_id: str, value) -> int | None:
    """How many may register before the waiting list starts; empty for no limit."""
    authorise(principal, "people.edit", event_id=event_id)
    text = str(value or "").strip()
    if text and (not text.isdigit() or not 1 <= int(text) <= MAX_CAPACITY):
        raise DomainError("register.bad_capacity", limit=MAX_CAPACITY)
    with storage.transaction(conn):
        events.get(conn, event_id)
        storage.set_capacity(conn, event_id, int(text) if text else None)
    return int(text) if text else None


def capacity(conn: storage.Connection, principal: Principal, event_id: str) -> dict:
    authorise(principal, "people.view", event_id=event_id)
    return {"capacity": storage.fetch_capacity(conn, event_id), "taken": storage.count_seats_taken(conn, event_id),
            "waiting": storage.count_waiting(conn, event_id)}


# --- the ticket at the door, and unsubscribing ----------------------------------------------------

def ticket_person(conn: storage.Connection, token) -> Person:
    return _person_for(conn, token, "ticket")


def check_in_ticket(conn: storage.Connection, principal: Principal, event_id: str, ticket: str) -> Person:
    """The door scans a ticket: its person is checked in (once; a second scan says they already are)."""
    authorise(principal, "people.edit", event_id=event_id)
    token = (ticket or "").strip().rsplit("/", 1)[-1]
    with storage.transaction(conn):
        person = _person_for(conn, token, "ticket")
        if person.event_id != event_id:
            raise DomainError("ticket.other_event")
        if person.status == "attended":
            raise DomainError("ticket.already_in", name=person.name)
        storage.update_person_status(conn, event_id, person.id, "attended", clock.now())
        return storage.fetch_person(conn, event_id, person.id)  # type: ignore[return-value]


def unsubscribe(conn: storage.Connection, token) -> Person:
    """One click from a mail: no more mails about the results (done again, it changes nothing)."""
    with storage.transaction(conn):
        person = _person_for(conn, token, "unsubscribe")
        storage.unsubscribe(conn, person.id, clock.now())
        return person
