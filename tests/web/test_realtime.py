"""Socket.IO: snapshots, broadcasts to the right rooms, role checks, refusals that change nothing."""

import uuid

import pytest

from dialog_app.db import get_db
from sessions.evening import events
from sessions.ground import roles


def new_id() -> str:
    return str(uuid.uuid4())


def received(socket, name):
    return [message["args"][0] for message in socket.get_received() if message["name"] == name]


def ideas_in_db(app) -> list[str]:
    with app.app_context():
        return [row[0] for row in get_db().execute("SELECT text FROM idea WHERE withdrawn_at IS NULL ORDER BY rowid")]


def test_a_connection_without_a_valid_token_is_refused(evening):
    assert not evening.socket("no-such-token-but-long-enough-to-look-real").is_connected()
    from dialog_app.realtime import socketio
    assert not socketio.test_client(evening.app).is_connected()
    assert not evening.socket(evening.organiser).is_connected()


def test_every_connect_gets_a_snapshot_of_its_view(evening):
    projector = evening.socket(evening.tokens["projector"])
    snapshot = received(projector, "snapshot")[0]
    assert snapshot["event"]["vision_question"].startswith("Tio år framåt i tiden")
    assert [table["number"] for table in snapshot["tables"]] == [1, 2, 3, 4, 5, 6]
    tablet = evening.socket(evening.secretary(4))
    table_snapshot = received(tablet, "snapshot")[0]
    assert table_snapshot["table"] == 4 and table_snapshot["ideas"] == []
    assert "tables" not in table_snapshot


def test_a_secretarys_idea_reaches_the_projector_and_only_its_own_table(evening):
    evening.set_phase("brainstorm")
    projector = evening.socket(evening.tokens["projector"])
    leader = evening.socket(evening.tokens["leader"])
    tablet_one = evening.socket(evening.secretary(1))
    tablet_two = evening.socket(evening.secretary(2))
    for socket in (projector, leader, tablet_one, tablet_two):
        socket.get_received()
    idea_id = new_id()
    ack = tablet_one.emit("idea:add", {"id": idea_id, "text": "Företagslots som svarar samma dag"}, callback=True)
    assert ack["ok"] is True and ack["idea"]["id"] == idea_id and ack["duplicate"] is False
    assert received(projector, "idea:saved")[0]["idea"]["text"] == "Företagslots som svarar samma dag"
    assert received(leader, "idea:saved")[0]["idea"]["table"] == 1
    assert received(tablet_two, "idea:saved") == []


def test_a_repeated_idea_is_stored_once_and_the_screens_hear_it_again(evening):
    """A resend after a lost acknowledgement may come after the server that stored it went down
    before telling the screens: it is stored once, and told again (screens keep an idea by its id)."""
    evening.set_phase("brainstorm")
    projector = evening.socket(evening.tokens["projector"])
    tablet = evening.socket(evening.secretary(1))
    projector.get_received()
    idea_id = new_id()
    first = tablet.emit("idea:add", {"id": idea_id, "text": "Bredband"}, callback=True)
    second = tablet.emit("idea:add", {"id": idea_id, "text": "Bredband"}, callback=True)
    assert first["ok"] and second["ok"] and second["duplicate"] is True
    assert [message["idea"]["id"] for message in received(projector, "idea:saved")] == [idea_id, idea_id]
    assert ideas_in_db(evening.app) == ["Bredband"]
    # A resend of an idea withdrawn since is not brought back.
    assert tablet.emit("idea:withdraw", {"id": idea_id}, callback=True)["ok"]
    projector.get_received()
    assert tablet.emit("idea:add", {"id": idea_id, "text": "Bredband"}, callback=True)["ok"]
    assert received(projector, "idea:saved") == []


def test_a_secretary_cannot_write_to_another_table(evening):
    evening.set_phase("brainstorm")
    projector = evening.socket(evening.tokens["projector"])
    projector.get_received()
    tablet = evening.socket(evening.secretary(1))
    ack = tablet.emit("idea:add", {"id": new_id(), "text": "Till bord två", "table": 2}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "role.other_table"
    assert "bord 2" in ack["error"]["message"]
    assert ideas_in_db(evening.app) == []
    assert received(projector, "idea:saved") == []


@pytest.mark.parametrize("payload, code", [
    ({"text": "utan id"}, "request.bad_id"),
    ({"id": "inte-ett-uuid", "text": "x"}, "request.bad_id"),
    ({"id": "00000000-0000-4000-8000-000000000000", "text": ""}, "idea.empty"),
    ({"id": "00000000-0000-4000-8000-000000000001", "text": "x" * 501}, "idea.too_long"),
    ({"id": "00000000-0000-4000-8000-000000000002", "text": "bord 9", "table": 9}, "table.unknown"),
    ({"id": "00000000-0000-4000-8000-000000000003", "text": "bord", "table": "1"}, "request.malformed"),
])
def test_refusals_go_to_the_sender_only_and_change_nothing(evening, payload, code):
    evening.set_phase("brainstorm")
    projector = evening.socket(evening.tokens["projector"])
    tablet = evening.socket(evening.secretary(1))
    projector.get_received()
    ack = tablet.emit("idea:add", payload, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == code and ack["error"]["message"]
    assert ideas_in_db(evening.app) == []
    assert projector.get_received() == []


def test_a_payload_that_is_not_an_object_is_refused(evening):
    tablet = evening.socket(evening.secretary(1))
    ack = tablet.emit("idea:add", ["not", "an", "object"], callback=True)
    assert ack["error"]["code"] == "request.malformed"


def test_an_idea_outside_its_phase_is_refused_in_the_users_language(evening):
    swedish = evening.socket(evening.secretary(1), lang="sv").emit("idea:add", {"id": new_id(), "text": "Tidigt"},
                                                                   callback=True)
    english = evening.socket(evening.secretary(1), lang="en").emit("idea:add", {"id": new_id(), "text": "Early"},
                                                                   callback=True)
    assert swedish["error"]["code"] == english["error"]["code"] == "phase.not_allowed"
    assert "Förberedelse" in swedish["error"]["message"]
    assert "Preparation" in english["error"]["message"]


def test_only_the_leader_moves_the_phase_and_everyone_hears_it(evening):
    tablet = evening.socket(evening.secretary(3))
    projector = evening.socket(evening.tokens["projector"])
    leader = evening.socket(evening.tokens["leader"])
    for socket in (tablet, projector, leader):
        socket.get_received()
    assert tablet.emit("phase:advance", {"from": "setup"}, callback=True)["error"]["code"] == "role.forbidden"
    assert projector.emit("phase:advance", {"from": "setup"}, callback=True)["error"]["code"] == "role.forbidden"
    assert leader.emit("phase:advance", {"from": "setup"}, callback=True) == {"ok": True, "phase": "warmup"}
    [changed] = received(tablet, "phase:changed")
    # The phase and what it allows, not the event (and its warm-up story) again.
    assert sorted(changed) == ["phase", "server_now"] and changed["phase"]["key"] == "warmup"
    assert changed["phase"]["next"] == "brainstorm" and changed["phase"]["allows"] == []
    assert received(projector, "phase:changed")[0]["phase"]["key"] == "warmup"
    assert leader.emit("phase:back", {"from": "warmup"}, callback=True)["phase"] == "setup"


def test_two_leaders_pressing_next_at_once_move_the_evening_one_phase(evening):
    evening.set_phase("brainstorm")
    first, second = evening.socket(evening.tokens["leader"]), evening.socket(evening.tokens["leader"])
    tablet = evening.socket(evening.secretary(1))
    tablet.get_received()
    assert first.emit("phase:advance", {"from": "brainstorm"}, callback=True) == {"ok": True, "phase": "prioritise"}
    late = second.emit("phase:advance", {"from": "brainstorm"}, callback=True)
    assert late["ok"] is False and late["error"]["code"] == "phase.changed"
    assert late["error"]["message"] == "Fasen har redan ändrats till ”Två prioriteringar”. Inget mer ändrades."
    assert [update["phase"]["key"] for update in received(tablet, "phase:changed")] == ["prioritise"]


def test_the_projector_is_read_only(evening):
    evening.set_phase("prioritise")
    projector = evening.socket(evening.tokens["projector"])
    for name in ("idea:add", "idea:edit", "idea:withdraw", "priority:choose", "priority:add", "timer:set"):
        ack = projector.emit(name, {"id": new_id(), "text": "x", "idea_id": new_id(), "chosen": True}, callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == "role.forbidden", name


def test_third_priority_is_refused_and_the_projector_sees_two(evening):
    evening.set_phase("brainstorm")
    tablet = evening.socket(evening.secretary(5))
    projector = evening.socket(evening.tokens["projector"])
    ids = []
    for text in ("Mark för industri", "Lokal upphandling", "Kultur"):
        ids.append(tablet.emit("idea:add", {"id": new_id(), "text": text}, callback=True)["idea"]["id"])
    evening.set_phase("prioritise")
    projector.get_received()
    assert tablet.emit("priority:choose", {"idea_id": ids[0], "chosen": True}, callback=True)["ok"]
    assert tablet.emit("priority:choose", {"idea_id": ids[1], "chosen": True}, callback=True)["ok"]
    third = tablet.emit("priority:choose", {"idea_id": ids[2], "chosen": True}, callback=True)
    assert third["ok"] is False and third["error"]["code"] == "priority.limit"
    assert third["error"]["message"] == "Bordet har redan 2 prioriteringar. Ta bort en innan du väljer en ny."
    updates = received(projector, "priorities:changed")
    assert len(updates) == 2
    assert [p["text"] for p in updates[-1]["priorities"]] == ["Mark för industri", "Lokal upphandling"]


def test_leaving_prioritise_early_asks_the_leader_to_confirm(evening):
    evening.set_phase("prioritise")
    leader = evening.socket(evening.tokens["leader"])
    ack = leader.emit("phase:advance", {"from": "prioritise"}, callback=True)
    assert ack["error"]["code"] == "phase.priorities_incomplete"
    assert ack["error"]["message"] == "Bord 1, 2, 3, 4, 5 och 6 har inte valt alla sina prioriteringar (2 per bord)."
    assert leader.emit("phase:advance", {"from": "prioritise", "force": True}, callback=True)["phase"] == "theming"


def test_a_rotated_link_stops_working_on_an_open_connection(evening):
    evening.set_phase("brainstorm")
    tablet = evening.socket(evening.secretary(1))
    with evening.app.app_context():
        from dialog_app.db import token_secret
        events.replace_link(get_db(), token_secret(), roles.ORGANISER, evening.event.id, "secretary", 1)
    ack = tablet.emit("idea:add", {"id": new_id(), "text": "Efter bytet"}, callback=True)
    assert ack["error"]["code"] == "token.invalid"
    assert ideas_in_db(evening.app) == []


def test_edit_and_withdraw_reach_the_projector(evening):
    evening.set_phase("brainstorm")
    tablet = evening.socket(evening.secretary(2))
    projector = evening.socket(evening.tokens["projector"])
    idea_id = new_id()
    tablet.emit("idea:add", {"id": idea_id, "text": "Bostäder"}, callback=True)
    projector.get_received()
    assert tablet.emit("idea:edit", {"id": idea_id, "text": "Fler bostäder"}, callback=True)["ok"]
    assert received(projector, "idea:saved")[0]["idea"]["text"] == "Fler bostäder"
    assert tablet.emit("idea:withdraw", {"id": idea_id}, callback=True)["ok"]
    assert received(projector, "idea:withdrawn") == [{"id": idea_id, "table": 2}]


def test_the_timer_reaches_every_page_of_the_event(evening):
    leader = evening.socket(evening.tokens["leader"])
    tablet = evening.socket(evening.secretary(1))
    tablet.get_received()
    ack = leader.emit("timer:set", {"minutes": 15, "expected_ends_at": None}, callback=True)
    assert ack["ok"] and ack["timer_ends_at"]
    # One small message, not the event again.
    [message] = received(tablet, "timer:changed")
    assert sorted(message) == ["server_now", "timer_ends_at"] and message["timer_ends_at"] == ack["timer_ends_at"]
    assert received(tablet, "phase:changed") == []
    invalid = leader.emit("timer:set", {"minutes": 999, "expected_ends_at": ack["timer_ends_at"]}, callback=True)
    assert invalid["error"]["code"] == "timer.invalid"
    twice = leader.emit("timer:set", {"minutes": 15, "expected_ends_at": None}, callback=True)
    assert twice["error"]["code"] == "timer.changed"


def test_a_reconnecting_tablet_sees_what_it_missed(evening):
    evening.set_phase("brainstorm")
    first = evening.socket(evening.secretary(1))
    first.emit("idea:add", {"id": new_id(), "text": "Första"}, callback=True)
    first.disconnect()
    other_device = evening.socket(evening.secretary(1))
    other_device.emit("idea:add", {"id": new_id(), "text": "Andra"}, callback=True)
    again = evening.socket(evening.secretary(1))
    assert [idea["text"] for idea in received(again, "snapshot")[0]["ideas"]] == ["Första", "Andra"]


def test_the_leader_sees_which_tables_have_a_tablet_connected(evening):
    leader = evening.socket(evening.tokens["leader"])
    assert received(leader, "snapshot")[0]["tablets"] == {}
    tablet = evening.socket(evening.secretary(3))
    assert received(leader, "tablets:changed")[-1]["tablets"] == {"3": 1}
    tablet.disconnect()
    assert received(leader, "tablets:changed")[-1]["tablets"] == {}


def test_a_replaced_link_closes_its_open_connection_at_once(evening, client):
    evening.set_phase("brainstorm")
    old_tablet = evening.socket(evening.secretary(1))
    other_table = evening.socket(evening.secretary(2))
    csrf = evening.log_in(client)
    response = client.post(f"/organiser/events/{evening.event.id}/rotate",
                           data={"role": "secretary", "table": "1", "csrf_token": csrf})
    assert response.status_code == 302
    assert not old_tablet.is_connected()
    assert other_table.is_connected()
    with evening.app.app_context():
        from dialog_app.db import token_secret
        links = events.role_links(get_db(), token_secret(), roles.ORGANISER, evening.event.id)
    new_tablet = evening.socket(links["secretaries"][1])
    assert new_tablet.emit("idea:add", {"id": new_id(), "text": "Med den nya länken"}, callback=True)["ok"]
    assert ideas_in_db(evening.app) == ["Med den nya länken"]
    # The old link cannot come back either.
    assert not evening.socket(evening.secretary(1)).is_connected()


@pytest.fixture
def frozen_clock(monkeypatch):
    """Time stands still for the rate limits, so a test sends as fast as it likes without sleeping."""
    from dialog_app import limits

    monkeypatch.setattr(limits, "clock", lambda: 1000.0)


def test_a_client_over_its_allowance_is_told_to_wait_and_its_excess_is_not_stored(evening, frozen_clock):
    evening.set_phase("brainstorm")
    tablet = evening.socket(evening.secretary(1))
    answers = [tablet.emit("idea:add", {"id": new_id(), "text": f"Idé {n}"}, callback=True) for n in range(31)]
    assert [answer["ok"] for answer in answers] == [True] * 30 + [False]
    assert answers[30]["error"]["code"] == "rate.limited"
    assert answers[30]["error"]["params"] == {"retry_after": 1}
    assert answers[30]["error"]["message"].startswith("Det kom fler meddelanden än servern tar emot på en gång.")
    assert len(ideas_in_db(evening.app)) == 30
    # Another table's tablet has its own allowance.
    assert evening.socket(evening.secretary(2)).emit("idea:add", {"id": new_id(), "text": "Bord två"},
                                                     callback=True)["ok"]


def test_a_connection_that_keeps_flooding_after_being_told_to_wait_is_closed(evening, frozen_clock):
    from dialog_app import limits

    evening.set_phase("brainstorm")
    flooder = evening.socket(evening.secretary(1))
    projector = evening.socket(evening.tokens["projector"])
    sent = 0
    while flooder.is_connected() and sent < 500:
        flooder.emit("idea:add", {"id": new_id(), "text": "Om och om igen"})
        sent += 1
    assert sent == limits.DEFAULT_LIMIT[0] + limits.SHED_AFTER
    assert not flooder.is_connected()
    assert projector.is_connected()
    assert len(ideas_in_db(evening.app)) == limits.DEFAULT_LIMIT[0]
