"""Every Socket.IO event, sent anything at all by any role: no handler may fail; each answers with a
clear error code (never "server.error") or does what was asked.

Payloads start from what a page sends (real ids of the evening, sensible values) and have fields
replaced by what a broken or hostile client sends, dropped, or added: a refusal for one bad field
is only reached when the others are good, so wholly random payloads would miss most of it.
"""

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sessions.evening import ideas, priorities
from sessions.ground.roles import Role
from support.evening import principal

ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=600)
# Numbers no person types: past SQLite's 64 bits, and past what a refusal's number formatting takes
# (Babel failed at 25 digits, so {"table": 10**30} once got no answer at all); up to the 100 characters that
# Socket.IO's JSON decoder accepts.
HUGE_INTS = st.integers(min_value=2**63, max_value=10**98) | st.integers(min_value=-10**98, max_value=-2**63)
HOSTILE_VALUES = [2**63, -2**63 - 1, 2**80, 10**30, -10**30, 10**98, -1, 0, 7, 61, 1.5, float("nan"), float("inf"),
                  True, False, None,
                  "", " ", "\ud800", "\x00\x0b", "x" * 10_000, "1", "setup", [], {}, [1, 2], {"id": 1},
                  "00000000-0000-0000-0000-000000000000"]
HOSTILE = st.sampled_from(HOSTILE_VALUES)
VALUES = st.recursive(HOSTILE | ANY_TEXT | st.integers() | HUGE_INTS | st.floats(),
                      lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
                      max_leaves=8)

# What each event's page sends: field -> kind of value (see SENSIBLE).
TEMPLATES = {
    "idea:add": {"id": "new", "text": "text", "table": "table"},
    "idea:edit": {"id": "idea", "text": "text"},
    "idea:withdraw": {"id": "idea"},
    "priority:choose": {"idea_id": "idea", "chosen": "bool"},
    "priority:add": {"id": "new", "text": "text"},
    "priority:remove": {"id": "priority"},
    "parking:add": {"id": "new", "text": "text"},
    "parking:show": {"show": "bool"},
    "parking:note": {"id": "new", "hidden": "bool", "answered": "bool"},
    "participants:list": {},
    "participant:remove": {"id": "participant"},
    "participant:join": {"name": "text", "table": "table"},
    "rotation:choose": {"table": "table"},
    "rotation:open": {"round": "round", "force": "bool"},
    "rotation:close": {"round": "round"},
    "phase:advance": {"from": "phase", "force": "bool"},
    "phase:back": {"from": "phase"},
    "timer:set": {"minutes": "minutes", "expected_ends_at": "ends"},
    "pages:hold": {"held": "bool"},
    "deepen:assign": {"table": "table", "theme_id": "theme"},
    "theme:suggest": {"replace": "bool"},
    "theme:move": {"priority_id": "priority", "theme_id": "theme", "position": "round"},
    "theme:merge": {"source_id": "theme", "target_id": "theme"},
    "theme:split": {"theme_id": "theme", "priority_ids": "priorities", "title": "text"},
    "theme:rename": {"theme_id": "theme", "title": "text"},
    "theme:create": {"title": "text"},
    "theme:delete": {"theme_id": "theme"},
    "theme:undo": {},
    "theme:publish": {},
    "theme:finalise": {},
    "theme:reopen": {},
    "theme:context": {"show": "bool"},
    "question:answer": {"id": "idea", "answered": "bool"},
    "inbox:take": {"id": "idea"},
    "phone:idea": {"id": "new", "text": "text"},
    "vote:cast": {"id": "new", "target": "priority", "on": "bool"},
    "evaluation:send": {"id": "new", "rating": "round", "comment": "text"},
}


def socket_events() -> list[str]:
    from dialog_app import create_app
    from dialog_app.realtime import socketio

    create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": ":memory:"})
    return sorted(name for name in socketio.server.handlers["/"] if name not in ("connect", "disconnect"))


def test_every_socket_event_is_fuzzed():
    assert sorted(TEMPLATES) == socket_events()


def furnished(evening, phase: str) -> dict:
    """The evening in ``phase`` with ideas, priorities and themes; returns their ids."""
    from dialog_app.db import get_db
    from sessions import storage
    from sessions.evening import board, rotation

    with evening.app.app_context():
        conn = get_db()
        evening.set_phase("brainstorm")
        idea_ids = [ideas.add(conn, principal(evening.event, Role.SECRETARY, 1), str(uuid.uuid4()), text)[0].id
                 for text in ("Snabbare bygglov", "Bredband", "Praktikplatser")]
        evening.set_phase("prioritise")
        for table in (1, 2):
            priorities.add_text(conn, principal(evening.event, Role.SECRETARY, table), str(uuid.uuid4()), "Mark")
        if phase != "prioritise":
            evening.set_phase("theming")
            board.suggest(conn, principal(evening.event, Role.LEADER), lambda texts,
                          n: [(t, [i]) for i, t in enumerate(texts)])
            evening.set_phase(phase)
        phones = [rotation.join(conn, principal(evening.event, Role.PARTICIPANT), name,
                                1)[0].id for name in ("Anna", "Bo")]
        return {"idea": idea_ids, "priority": [p.id for p in storage.fetch_priorities(conn, evening.event.id)],
                "theme": [theme.id for theme in storage.fetch_themes(conn, evening.event.id)], "participant": phones}


# The role whose page sends each event; the others are refused before anything else is looked at.
SENDER = {event: ("participant" if event in ("participant:join", "rotation:choose", "phone:idea", "vote:cast",
                                             "evaluation:send") else
                  "secretary" if event.split(":")[0] in ("idea", "priority", "parking", "inbox")
                  and event != "parking:show"
                  else "leader") for event in TEMPLATES}


def sensible_values(ids: dict) -> dict:
    return {
        "new": st.uuids().map(str), "text": st.sampled_from(["Fler mötesplatser", "Å", "x" * 500]) | ANY_TEXT,
        "table": st.integers(min_value=1, max_value=6) | HUGE_INTS, "bool": st.booleans(), "round": st.integers(0, 3),
        "phase": st.sampled_from(["setup", "warmup", "brainstorm", "prioritise", "theming", "deepen", "closing"]),
        "minutes": st.sampled_from([0, 1, 10, 180, 181, "5"]), "ends": st.none() | st.floats(0, 2e9),
        "idea": st.sampled_from(ids["idea"]), "priority": st.sampled_from(ids["priority"]),
        "theme": st.sampled_from(ids["theme"]) if ids["theme"] else st.uuids().map(str),
        "priorities": st.lists(st.sampled_from(ids["priority"]), max_size=3),
        "participant": st.sampled_from(ids["participant"]),
    }


def payloads(event: str, ids: dict):
    sensible = sensible_values(ids)
    fields = {key: sensible[kind] | HOSTILE | VALUES for key, kind in TEMPLATES[event].items()}
    shaped = st.fixed_dictionaries({}, optional=fields) | st.fixed_dictionaries(fields)
    with_junk = st.builds(lambda payload, junk: payload | junk, shaped, st.dictionaries(ANY_TEXT, VALUES, max_size=2))
    return shaped | with_junk | VALUES


def connected(app, evening) -> dict:
    app.config["RATE_LIMITS"] = False  # the fuzzer sends far faster than any person
    clients = {"leader": evening.socket(evening.tokens["leader"]),
               "projector": evening.socket(evening.tokens["projector"]),
               "secretary": evening.socket(evening.secretary(1)),
               "participant": evening.socket(evening.tokens["participant"])}
    assert clients["participant"].emit("participant:join", {"name": "Fuzz", "table": 2}, callback=True)["ok"]
    return clients


def assert_clear(answer, *context) -> None:
    assert isinstance(answer, dict) and isinstance(answer.get("ok"), bool), (context, answer)
    if not answer["ok"]:
        error = answer["error"]
        assert error["code"] != "server.error", context
        assert isinstance(error["code"], str) and error["message"] and "%(" not in error["message"], (context, error)


@pytest.mark.parametrize("phase", ["prioritise", "theming", "deepen"])
def test_every_field_of_every_event_survives_every_hostile_value(app, evening, phase):
    """Deterministic: one field at a time replaced (or dropped), every other field as a page sends it."""
    ids = furnished(evening, phase)
    clients = connected(app, evening)
    plain = {"new": str(uuid.uuid4()), "text": "Fler mötesplatser", "table": 3, "bool": True, "round": 1,
             "phase": phase, "minutes": 10, "ends": None, "idea": ids["idea"][0], "priority": ids["priority"][0],
             "theme": ids["theme"][0] if ids["theme"] else str(uuid.uuid4()), "priorities": ids["priority"][:1],
             "participant": ids["participant"][0]}
    for event, template in sorted(TEMPLATES.items()):
        for field in template:
            for value in [*HOSTILE_VALUES, "dropped"]:
                payload = {key: plain[kind] for key, kind in template.items()}
                if value == "dropped":
                    del payload[field]
                else:
                    payload[field] = value
                if "id" in payload and template.get("id") == "new" and field != "id":
                    payload["id"] = str(uuid.uuid4())
                assert_clear(clients[SENDER[event]].emit(event, payload, callback=True), event, field, value)
        for socket in clients.values():
            socket.get_received()
    for socket in clients.values():
        assert socket.is_connected()


@pytest.mark.parametrize("phase", ["prioritise", "theming", "deepen"])
@pytest.mark.parametrize("event", sorted(TEMPLATES))
def test_no_socket_event_fails_whatever_it_is_sent(app, evening, phase, event):
    ids = furnished(evening, phase)
    clients = connected(app, evening)

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(role=st.sampled_from([SENDER[event]] * 3 + sorted(clients)), payload=payloads(event, ids),
           extra=st.booleans())
    def check(role, payload, extra):
        args = (payload, "an extra argument") if extra else (payload,)
        assert_clear(clients[role].emit(event, *args, callback=True), role, event, payload)
        for socket in clients.values():
            socket.get_received()

    check()
    for socket in clients.values():
        assert socket.is_connected()
