"""Formats as data: an event runs its format's steps, kept as they were when it was made."""

import dataclasses

from sessions import storage
from sessions.evening import events, formats, phases, views
from sessions.evening.demo import DEMO_EVENT
from sessions.ground import roles
from sessions.ground.models import Phase, Step
from sessions.ground.roles import Role
from support.evening import SECRET, advance, principal, refused


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
