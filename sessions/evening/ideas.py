"""A table's ideas (pass 1) and proposals (pass 2): stored once per client id, edited, withdrawn.

The tablet makes each idea's id before sending and resends until it is acknowledged, so a second
delivery must change nothing; in ``deepen`` the same form writes proposals for the table's theme.
"""

import json

from sessions import storage
from sessions.evening import domain_events, events, phases
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.ids import client_id, require_same_sender
from sessions.ground.models import AGE_BANDS, GENDERS, IDEA_MAX_LENGTH, Event, Idea, Phase
from sessions.ground.roles import Principal, authorise
from sessions.ground.text import clean_text


def secretary_table(conn, principal: Principal, action: str, table_number) -> tuple[Event, int]:
    """The event and the table a secretary acts for; naming another table is refused."""
    if table_number is None:
        table_number = principal.table_number
    authorise(principal, action, event_id=principal.event_id)
    event = events.get(conn, principal.event_id)
    events.require_table(conn, event.id, table_number)
    authorise(principal, action, event_id=event.id, table_number=table_number)
    phases.require_phase(action, event.phase)
    return event, table_number


def _own_idea(conn, principal: Principal, idea_id: str, phase: Phase | None = None) -> Idea:
    """The table's own idea; with ``phase``, only one of the kind written now (pass 1 ideas are
    settled once pass 2 begins)."""
    row = storage.fetch_idea(conn, idea_id)
    if row is None or row.event_id != principal.event_id or row.withdrawn_at is not None:
        raise DomainError("idea.not_found")
    if row.table_number != principal.table_number:
        raise DomainError("role.other_table", table=row.table_number)
    if phase is not None and row.kind != phases.written_kind(phase):
        raise DomainError("phase.not_allowed", phase=phase.value)
    return row


DETAIL_MAX_LENGTH = 100
# A log step's fields with a fixed set of answers; the others are short texts.
DETAIL_CHOICES = {"gender": GENDERS, "age_band": AGE_BANDS}


def log_details(event: Event, details) -> str:
    """A log entry's details as stored: only the current step's fields, each optional and bounded."""
    if not details:
        return ""
    if not isinstance(details, dict):
        raise DomainError("request.malformed")
    kept = {}
    for name in phases.log_fields(event):
        value = details.get(name)
        if value in (None, ""):
            continue
        if name in DETAIL_CHOICES:
            if value not in DETAIL_CHOICES[name]:
                raise DomainError("idea.bad_detail", field=name)
            kept[name] = value
        else:
            kept[name] = clean_text(value, code="idea", limit=DETAIL_MAX_LENGTH)
    return json.dumps(kept, ensure_ascii=False) if kept else ""


def add(conn: storage.Connection, principal: Principal, idea_id, text, table_number=None,
        details=None) -> tuple[Idea, bool]:
    """Store a table's idea (a question, a log's entry) once, however often the tablet sends it;
    returns (idea, was_new)."""
    idea_id = client_id(idea_id)
    with storage.transaction(conn):
        existing = storage.fetch_idea(conn, idea_id)
        if existing is not None:
            # A resend after a lost acknowledgement: answer as the first time, change nothing. Its
            # screens hear of it again, in case the server that stored it went down before telling them.
            require_same_sender(existing, principal, "idea.add")
            if existing.withdrawn_at is None:
                domain_events.record(domain_events.IdeaAdded(existing.event_id, existing))
            return existing, False
        event, table_number = secretary_table(conn, principal, "idea.add", table_number)
        text = clean_text(text, code="idea", limit=IDEA_MAX_LENGTH)
        kind, theme_id = phases.written_kind(event.phase), None
        if kind == "proposal":
            theme_id = events.table_theme(conn, event.id, table_number)
            if theme_id is None:
                raise DomainError("deepen.no_theme")
        now = clock.now()
        idea = Idea(id=idea_id, event_id=event.id, table_number=table_number, text=text,
                    created_at=now, updated_at=now, kind=kind, theme_id=theme_id, details=log_details(event, details))
        storage.insert_idea(conn, idea)
        domain_events.record(domain_events.IdeaAdded(event.id, idea))
        if kind == "question":
            domain_events.record(domain_events.VotesChanged(event.id))  # the room votes on the questions
        return idea, True


def answer(conn: storage.Connection, principal: Principal, idea_id, answered: bool) -> Idea:
    """The leader marks a question to the panel as answered ("besvarad"), or takes the mark back."""
    idea_id = client_id(idea_id)
    authorise(principal, "question.answer", event_id=principal.event_id)
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        phases.require_phase("question.answer", event.phase)
        row = storage.fetch_idea(conn, idea_id)
        if row is None or row.event_id != event.id or row.kind != "question" or row.withdrawn_at is not None:
            raise DomainError("idea.not_found")
        storage.set_answered(conn, idea_id, clock.now() if answered else None)
        idea = storage.fetch_idea(conn, idea_id)
        assert idea is not None
        domain_events.record(domain_events.IdeaEdited(event.id, idea), domain_events.VotesChanged(event.id))
        return idea


def seed(conn: storage.Connection, principal: Principal, idea_id, text, kind: str = "idea",
         details: str = "") -> Idea:
    """Store an idea whatever the phase: for demo content and imports, never for live input."""
    idea_id = client_id(idea_id)
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        table_number = events.require_table(conn, event.id, principal.table_number)
        now = clock.now()
        idea = Idea(id=idea_id, event_id=event.id, table_number=table_number,
                    text=clean_text(text, code="idea", limit=IDEA_MAX_LENGTH), created_at=now, updated_at=now,
                    kind=kind, details=details)
        storage.insert_idea(conn, idea)
        return idea


def edit(conn: storage.Connection, principal: Principal, idea_id, text) -> Idea:
    idea_id = client_id(idea_id)
    with storage.transaction(conn):
        event, _ = secretary_table(conn, principal, "idea.edit", None)
        _own_idea(conn, principal, idea_id, event.phase)
        storage.update_idea_text(conn, idea_id, clean_text(text, code="idea", limit=IDEA_MAX_LENGTH), clock.now())
        idea = _own_idea(conn, principal, idea_id)
        domain_events.record(domain_events.IdeaEdited(event.id, idea))
        return idea


def withdraw(conn: storage.Connection, principal: Principal, idea_id) -> str | None:
    """Take an idea off the table's list (and off its priorities); returns the priority removed."""
    idea_id = client_id(idea_id)
    with storage.transaction(conn):
        event, table = secretary_table(conn, principal, "idea.withdraw", None)
        withdrawn = _own_idea(conn, principal, idea_id, event.phase)
        removed_priority = storage.priority_for_idea(conn, idea_id)
        storage.withdraw_idea(conn, idea_id, clock.now())
        domain_events.record(domain_events.IdeaWithdrawn(event.id, table, idea_id))
        if withdrawn.kind == "question":
            domain_events.record(domain_events.VotesChanged(event.id))  # off the list the room votes on
        if removed_priority:
            domain_events.record(domain_events.PrioritiesChanged(event.id, table, tuple(
                storage.fetch_priorities(conn, event.id, table))))
        return removed_priority
