"""Formats as data: an event runs its format's steps, kept as they were when it was made."""

import dataclasses
import uuid

from sessions import storage
from sessions.evening import events, formats, ideas, phases, priorities, views
from sessions.evening.demo import DEMO_EVENT
from sessions.ground import roles
from sessions.ground.models import Phase, Step
from sessions.ground.roles import Role
from support.evening import SECRET, advance, in_phase, principal, refused


def test_a_new_event_runs_the_open_forum_by_default_and_keeps_its_steps(conn, event):
    stored = events.get(conn, event.id)
    assert stored.format_id == "oppet-forum"
    assert [step.phase for step in stored.steps] == list(phases.PHASE_ORDER)


def test_an_event_keeps_the_steps_it_was_made_with(conn, monkeypatch):
    event = events.create(conn, SECRET.encode(), roles.ORGANISER, DEMO_EVENT | {"format_id": "oppet-forum"})
    shorter = dataclasses.replace(formats.OPEN_FORUM, steps=(Step(Phase.SETUP), Step(Phase.CLOSING)))
    monkeypatch.setitem(formats.FORMATS, "oppet-forum", shorter)
    # A later change to the built-in format does not rewrite the event made before it.
    assert len(events.get(conn, event.id).steps) == 7
    advance(conn, principal(event, Role.LEADER))
    assert events.get(conn, event.id).phase is Phase.WARMUP


def test_an_older_event_without_steps_runs_the_open_forum(conn, event):
    with storage.transaction(conn):
        conn.execute("UPDATE event SET steps = '' WHERE id = ?", (event.id,))
    older = events.get(conn, event.id)
    assert older.steps == ()
    assert views.phase(older)["order"] == [phase.value for phase in phases.PHASE_ORDER]


def test_an_unknown_format_is_refused_and_nothing_is_made(conn):
    refused("event.bad_format", events.create, conn, SECRET.encode(), roles.ORGANISER,
            DEMO_EVENT | {"format_id": "kafferep"})
    assert storage.fetch_events(conn) == []


def _event_of(conn, format_id: str):
    from sessions.evening.demo import create_demo_event

    return create_demo_event(conn, SECRET.encode(), format_id=format_id)


def _walk(conn, event) -> list[str]:
    leader = principal(event, Role.LEADER)
    seen = [events.get(conn, event.id).phase.value]
    while views.phase(events.get(conn, event.id))["next"]:
        advance(conn, leader, force=True)
        seen.append(events.get(conn, event.id).phase.value)
    return seen


def test_a_breakfast_meeting_runs_its_own_steps_with_one_priority_per_table(conn):
    event = _event_of(conn, "frukostmote")
    assert event.deepen_question == "Vad tar vi med oss från morgonen?" and event.table_count == 4
    secretary = principal(event, Role.SECRETARY, 1)
    in_phase(conn, event, "brainstorm")
    assert views.phase(events.get(conn, event.id))["phones"] == ["idea"]
    first, _ = ideas.add(conn, secretary, str(uuid.uuid4()), "Snabbare bygglov")
    second, _ = ideas.add(conn, secretary, str(uuid.uuid4()), "En väg in")
    advance(conn, principal(event, Role.LEADER), force=True)
    priorities.choose_idea(conn, secretary, first.id, True)
    refused("priority.limit", priorities.choose_idea, conn, secretary, second.id, True)
    assert _walk(conn, events.get(conn, event.id)) == ["prioritise", "vote", "closing"]


def test_a_procurement_dialogue_takes_questions_then_ideas(conn):
    event = _event_of(conn, "upphandlingsdialog")
    secretary = principal(event, Role.SECRETARY, 2)
    in_phase(conn, event, "panel")
    question, _ = ideas.add(conn, secretary, str(uuid.uuid4()), "Varför så många krav på referenser?")
    assert question.kind == "question"
    answered = ideas.answer(conn, principal(event, Role.LEADER), question.id, True)
    assert answered.public()["answered"] is True
    refused("role.forbidden", ideas.answer, conn, secretary, question.id, True)
    advance(conn, principal(event, Role.LEADER))
    idea, _ = ideas.add(conn, secretary, str(uuid.uuid4()), "Dela upp upphandlingarna")
    tablet = views.tablet(conn, secretary)
    assert [entry["text"] for entry in tablet["ideas"]] == ["Dela upp upphandlingarna"]
    assert _walk(conn, events.get(conn, event.id)) == ["brainstorm", "prioritise", "closing"]


def test_a_square_log_keeps_each_answer_with_what_the_person_chose_to_say(conn):
    event = _event_of(conn, "gator-och-torg")
    staff = principal(event, Role.SECRETARY, 1)
    in_phase(conn, event, "log")
    entry, _ = ideas.add(conn, staff, str(uuid.uuid4()), "Fler bänkar", details={"age_band": "65-", "gender": "woman",
                                                                               "category": "ignored"})
    assert entry.kind == "entry" and entry.public()["details"] == {"age_band": "65-", "gender": "woman"}
    refused("idea.bad_detail", ideas.add, conn, staff, str(uuid.uuid4()), "Hmm", details={"gender": "robot"})
    assert [idea["text"] for idea in views.tablet(conn, staff)["ideas"]] == ["Fler bänkar"]


def test_an_open_house_logs_the_visitors_question_its_category_and_who_follows_it_up(conn):
    event = _event_of(conn, "oppet-hus")
    staff = principal(event, Role.SECRETARY, 2)
    in_phase(conn, event, "log")
    entry, _ = ideas.add(conn, staff, str(uuid.uuid4()), "Bygglov för skylt?",
                         details={"category": "Bygglov", "follow_up": "Karin"})
    assert entry.public()["details"] == {"category": "Bygglov", "follow_up": "Karin"}


def test_every_format_has_a_demo_that_walks_from_setup_to_closing(conn):
    for format_id, fmt in formats.FORMATS.items():
        event = _event_of(conn, format_id)
        assert _walk(conn, event) == [step.phase.value for step in fmt.steps]
