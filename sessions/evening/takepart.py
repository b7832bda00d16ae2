"""Phones that take part: a joined phone sends ideas (to its table's tablet, for the secretary to take in)
or questions (to the room's screen), gives three votes to priorities or questions, and answers a short
evaluation at the close, where the event's format has these steps (sessions/evening/formats.py).

Everything a phone sends is stored once per client id, as the tablet's ideas are; which phone sent what is
kept only to recognise a resend and to count one vote per phone, never shown or exported.
"""

from collections import Counter

from sessions import storage
from sessions.evening import domain_events, events, phases
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.ids import client_id, require_same_sender
from sessions.ground.models import IDEA_MAX_LENGTH, Evaluation, Event, Idea, Phase, Vote
from sessions.ground.roles import Principal, authorise
from sessions.ground.text import clean_text

VOTES_PER_PHONE = 3
RATINGS = range(1, 6)
COMMENT_MAX_LENGTH = 500
PHONE_IDEA = "phone_idea"  # a phone's idea waiting at its table's tablet


def _joined(conn: storage.Connection, principal: Principal, action: str) -> tuple[Event, str]:
    """The event and the phone's participant id, if the current step lets phones do ``action``."""
    authorise(principal, "phone.take_part", event_id=principal.event_id)
    event = events.get(conn, principal.event_id)
    if not phases.phones_may(event, action):
        raise DomainError("phase.not_allowed", action=f"phone.{action}", phase=event.phase.value)
    if principal.participant_id is None or storage.fetch_participant(conn, principal.participant_id) is None:
        raise DomainError("phone.not_joined")
    return event, principal.participant_id


def send_idea(conn: storage.Connection, principal: Principal, idea_id, text) -> tuple[Idea, bool]:
    """A phone's idea, to its table's tablet; in a panel step a question, straight to the room's screen."""
    idea_id = client_id(idea_id)
    with storage.transaction(conn):
        existing = storage.fetch_idea(conn, idea_id)
        if existing is not None:
            require_same_sender(existing, principal, "phone.take_part")
            return existing, False
        event, participant_id = _joined(conn, principal, "idea")
        person = storage.fetch_participant(conn, participant_id)
        table = person.table_number if person and person.table_number else 1
        text = clean_text(text, code="idea", limit=IDEA_MAX_LENGTH)
        kind = "question" if event.phase is Phase.PANEL else PHONE_IDEA
        now = clock.now()
        idea = Idea(id=idea_id, event_id=event.id, table_number=table, text=text, created_at=now, updated_at=now,
                    kind=kind, participant_id=participant_id)
        storage.insert_idea(conn, idea)
        if kind == "question":
            domain_events.record(domain_events.IdeaAdded(event.id, idea), domain_events.VotesChanged(event.id))
        else:
            domain_events.record(domain_events.InboxChanged(event.id, table))
        return idea, True


def inbox(conn: storage.Connection, event_id: str, table_number: int) -> list[Idea]:
    """The phones' ideas waiting at a table's tablet."""
    return storage.fetch_ideas(conn, event_id, table_number, kind=PHONE_IDEA)


def take_in(conn: storage.Connection, principal: Principal, idea_id) -> Idea:
    """The secretary takes a phone's idea in: it becomes one of the table's ideas (or questions)."""
    idea_id = client_id(idea_id)
    with storage.transaction(conn):
        authorise(principal, "idea.add", event_id=principal.event_id)
        event = events.get(conn, principal.event_id)
        phases.require_phase("idea.add", event.phase)
        row = storage.fetch_idea(conn, idea_id)
        if row is None or row.event_id != event.id or row.withdrawn_at is not None:
            raise DomainError("idea.not_found")
        authorise(principal, "idea.add", event_id=event.id, table_number=row.table_number)
        if row.kind != PHONE_IDEA:
            return row  # taken in already (a double tap)
        storage.take_in_idea(conn, idea_id, phases.listed_kind(event.phase), clock.now())
        idea = storage.fetch_idea(conn, idea_id)
        assert idea is not None
        domain_events.record(domain_events.IdeaAdded(event.id, idea), domain_events.InboxChanged(event.id,
                                                                                                   idea.table_number))
        return idea


def _targets(conn: storage.Connection, event: Event) -> list[dict]:
    """What phones vote on in this step: the tables' priorities, or in a panel the questions."""
    if event.phase is Phase.PANEL:
        return [{"id": q.id, "table": q.table_number, "text": q.text, "answered": q.answered_at is not None}
                for q in storage.fetch_ideas(conn, event.id, kind="question")]
    return [{"id": p.id, "table": p.table_number, "text": p.text, "answered": False}
            for p in storage.fetch_priorities(conn, event.id)]


def vote(conn: storage.Connection, principal: Principal, vote_id, target_id, on: bool) -> list[str]:
    """Give (or take back) one of the phone's three votes; returns what the phone has voted for now."""
    with storage.transaction(conn):
        event, participant_id = _joined(conn, principal, "vote")
        target_id = client_id(target_id)
        if target_id not in {target["id"] for target in _targets(conn, event)}:
            raise DomainError("vote.not_found")
        mine = {v.target_id for v in storage.fetch_votes(conn, event.id, event.phase.value)
                if v.participant_id == participant_id}
        if on and target_id not in mine:
            vote_id = client_id(vote_id)
            if storage.fetch_vote(conn, vote_id) is not None:
                raise DomainError("request.bad_id")
            if len(mine) >= VOTES_PER_PHONE:
                raise DomainError("vote.limit", limit=VOTES_PER_PHONE)
            storage.insert_vote(conn, Vote(vote_id, event.id, participant_id, event.phase.value, target_id,
                                           clock.now()))
            mine.add(target_id)
        elif not on and target_id in mine:
            storage.delete_vote(conn, participant_id, target_id)
            mine.discard(target_id)
        domain_events.record(domain_events.VotesChanged(event.id))
        return sorted(mine)


def room_votes(conn: storage.Connection, event: Event, participant_id: str | None = None) -> dict:
    """The step's list with live counts, as the screens and phones show it: each item's votes, of how many
    joined phones; with ``participant_id`` what that phone voted for."""
    if not any(step.phase is event.phase and "vote" in step.phones for step in phases.steps_of(event)):
        return {"items": [], "voters": 0, "mine": [], "per_phone": VOTES_PER_PHONE}
    votes = storage.fetch_votes(conn, event.id, event.phase.value)
    counts = Counter(v.target_id for v in votes)
    items = [target | {"votes": counts[target["id"]]} for target in _targets(conn, event)]
    items.sort(key=lambda item: -item["votes"])
    return {"items": items, "voters": storage.count_participants(conn, event.id),
            "mine": sorted(v.target_id for v in votes if v.participant_id == participant_id),
            "per_phone": VOTES_PER_PHONE}


def evaluate(conn: storage.Connection, principal: Principal, evaluation_id, rating, comment) -> Evaluation:
    """The phone's short evaluation at the close (a second one replaces the first)."""
    evaluation_id = client_id(evaluation_id)
    with storage.transaction(conn):
        existing = storage.fetch_evaluation(conn, evaluation_id)
        if existing is not None:
            require_same_sender(existing, principal, "phone.take_part")
            return existing
        event, participant_id = _joined(conn, principal, "evaluation")
        if not isinstance(rating, int) or isinstance(rating, bool) or rating not in RATINGS:
            raise DomainError("evaluation.bad_rating")
        text = clean_text(comment or "", code="idea", limit=COMMENT_MAX_LENGTH, required=False)
        evaluation = Evaluation(evaluation_id, event.id, participant_id, rating, text, clock.now())
        storage.save_evaluation(conn, evaluation)
        return evaluation


def evaluation_summary(conn: storage.Connection, event_id: str) -> dict:
    """The evaluation in numbers and words, for the report (never who said what)."""
    rows = storage.fetch_evaluations(conn, event_id)
    counts = Counter(row.rating for row in rows)
    return {"answers": len(rows), "average": round(sum(r.rating for r in rows) / len(rows), 1) if rows else None,
            "ratings": {str(rating): counts[rating] for rating in RATINGS},
            "comments": [row.comment for row in rows if row.comment]}


def support(conn: storage.Connection, event_id: str) -> dict:
    """Each voted item's support over the whole event ("stöd från 31 av 51"), by its id."""
    return {"by_item": dict(Counter(v.target_id for v in storage.fetch_votes(conn, event_id))),
            "voters": storage.count_participants(conn, event_id)}
