"""Pass 2, rotation and the parking lot over Socket.IO."""

import time
import uuid

import pytest

from dialog_app import publisher
from dialog_app.db import get_db
from sessions.evening import board, rotation
from sessions.ground import roles
from support.evening import received


@pytest.fixture
def deepening(evening):
    """Six finalised themes; the evening in pass 2 with a theme at every table."""
    evening.set_phase("prioritise")
    for number in range(1, 7):
        evening.socket(evening.secretary(number)).emit("priority:add",
                                                       {"id": str(uuid.uuid4()), "text": f"Tema {number}"},
                                                       callback=True)
    evening.set_phase("theming")
    leader = evening.socket(evening.tokens["leader"])
    with evening.app.app_context():
        from sessions.ground.roles import Role
        from support.evening import principal
        lead = principal(evening.event, Role.LEADER)
        board.suggest(get_db(), lead, lambda texts, n: [(text, [i]) for i, text in enumerate(texts)])
        board.finalise(get_db(), lead)
    assert leader.emit("phase:advance", {"from": "theming"}, callback=True)["phase"] == "deepen"
    return evening


def join(evening, name, table):
    phone = evening.socket(evening.tokens["participant"])
    ack = phone.emit("participant:join", {"name": name, "table": table}, callback=True)
    assert ack["ok"], ack
    return phone, ack["participant_key"]


def wait_for_seats(socket):
    time.sleep(publisher.SEAT_UPDATE_INTERVAL * 3)
    return received(socket, "seats:changed")


def test_tablets_write_proposals_that_the_projector_sees(deepening):
    projector = deepening.socket(deepening.tokens["projector"])
    snapshot = received(projector, "snapshot")[0]
    assert [t["theme"]["title"] for t in snapshot["tables"]] == [f"Tema {n}" for n in range(1, 7)]
    tablet = deepening.socket(deepening.secretary(2))
    assert received(tablet, "snapshot")[0]["theme"]["title"] == "Tema 2"
    ack = tablet.emit("idea:add", {"id": str(uuid.uuid4()), "text": "Ett lokalt förslag"}, callback=True)
    assert ack["ok"] and ack["idea"]["kind"] == "proposal"
    assert received(projector, "idea:saved")[-1]["idea"]["kind"] == "proposal"


def test_a_phone_joins_and_is_recognised_after_reconnecting(deepening):
    phone, key = join(deepening, "Anna", 3)
    phone.disconnect()
    again = deepening.socket(deepening.tokens["participant"])
    assert received(again, "snapshot")[0]["me"] is None
    from dialog_app.realtime import socketio
    known = socketio.test_client(deepening.app, auth={"token": deepening.tokens["participant"], "participant_key": key})
    assert received(known, "snapshot")[0]["me"] == {"name": "Anna", "table": 3}


def test_rotation_moves_and_seat_counts_reach_screens_as_counts(deepening):
    leader = deepening.socket(deepening.tokens["leader"])
    projector = deepening.socket(deepening.tokens["projector"])
    phone, _ = join(deepening, "Bo", 1)
    assert phone.emit("rotation:choose", {"table": 2}, callback=True)["error"]["code"] == "rotation.not_open"
    assert leader.emit("rotation:open", {"round": 1}, callback=True)["round"] == 1
    assert phone.emit("rotation:choose", {"table": 2}, callback=True) == {"ok": True, "table": 2}
    seats = wait_for_seats(projector)[-1]
    assert seats["tables"][1]["seated"] == 1 and seats["moving"] == 1 and seats["round"]["open"] is True
    assert "Bo" not in repr(seats)
    assert leader.emit("rotation:close", {"round": 1}, callback=True)["ok"]
    assert wait_for_seats(projector)[-1]["round"]["open"] is False


def test_many_moves_are_coalesced_into_few_seat_messages(deepening, monkeypatch):
    # Twelve moves well inside one interval: exactly one message, however slow the machine.
    monkeypatch.setattr(publisher, "SEAT_UPDATE_INTERVAL", 1.0)
    with deepening.app.app_context():
        rotation.set_seats(get_db(), roles.ORGANISER, deepening.event.id, 4)
    leader = deepening.socket(deepening.tokens["leader"])
    phones = [join(deepening, f"P{i}", 1 + i % 6)[0] for i in range(12)]
    watcher = deepening.socket(deepening.tokens["projector"])
    assert leader.emit("rotation:open", {"round": 1}, callback=True)["ok"]
    wait_for_seats(watcher)
    for index, phone in enumerate(phones):
        assert phone.emit("rotation:choose", {"table": 1 + (index + 1) % 6}, callback=True)["ok"]
    messages = wait_for_seats(watcher)
    assert len(messages) == 1
    assert sum(t["seated"] for t in messages[-1]["tables"]) == 12


def test_a_full_table_tells_the_phone_which_tables_are_free(deepening):
    with deepening.app.app_context():
        rotation.set_seats(get_db(), roles.ORGANISER, deepening.event.id, 1)
    leader = deepening.socket(deepening.tokens["leader"])
    first, _ = join(deepening, "A", 1)
    second, _ = join(deepening, "B", 2)
    assert leader.emit("rotation:open", {"round": 1}, callback=True)["ok"]
    refusal = second.emit("rotation:choose", {"table": 1}, callback=True)
    assert refusal["error"]["code"] == "rotation.full"
    assert "Bord 1 är fullt" in refusal["error"]["message"] and "3, 4, 5 och 6" in refusal["error"]["message"]


def test_only_the_leader_runs_rotation_and_assigns_themes(deepening):
    phone, _ = join(deepening, "C", 1)
    tablet = deepening.socket(deepening.secretary(1))
    for socket in (phone, tablet, deepening.socket(deepening.tokens["projector"])):
        assert socket.emit("rotation:open", {}, callback=True)["error"]["code"] == "role.forbidden"
        assert socket.emit("deepen:assign", {"table": 1, "theme_id": "x"},
                           callback=True)["error"]["code"] == "role.forbidden"
        assert socket.emit("parking:show", {"show": True}, callback=True)["error"]["code"] == "role.forbidden"


def test_the_leader_reassigns_a_tables_theme_and_the_tablet_hears_it(deepening):
    leader = deepening.socket(deepening.tokens["leader"])
    tablet = deepening.socket(deepening.secretary(1))
    themes = received(leader, "snapshot")[0]["board"]["themes"]
    assert leader.emit("deepen:assign", {"table": 1, "theme_id": themes[3]["id"]}, callback=True)["ok"]
    update = received(tablet, "tables:themes")[-1]
    assert update["tables"][0]["theme"]["title"] == themes[3]["title"]


def test_parking_notes_reach_the_leader_and_the_projector_only_when_shown(deepening):
    leader = deepening.socket(deepening.tokens["leader"])
    projector = deepening.socket(deepening.tokens["projector"])
    phone, _ = join(deepening, "D", 1)
    unjoined = deepening.socket(deepening.tokens["participant"])
    assert unjoined.emit("parking:add", {"id": str(uuid.uuid4()), "text": "x"}, callback=True)["error"]["code"] == \
        "participant.not_joined"
    assert phone.emit("parking:add", {"id": str(uuid.uuid4()), "text": "Var finns kaffet?"}, callback=True)["ok"]
    assert received(leader, "parking:added")[-1]["note"]["text"] == "Var finns kaffet?"
    assert received(projector, "parking:added") == [] and received(projector, "parking:projector") == []
    assert leader.emit("parking:show", {"show": True}, callback=True)["ok"]
    assert received(projector, "parking:projector")[-1]["notes"][0]["text"] == "Var finns kaffet?"


def test_a_phone_that_moves_updates_the_seat_list_on_both_tables_tablets(deepening):
    leader = deepening.socket(deepening.tokens["leader"])
    first, second = deepening.socket(deepening.secretary(1)), deepening.socket(deepening.secretary(2))
    phone, _ = join(deepening, "Åsa Öberg", 1)
    assert received(first, "table:seated") == [{"table": 1, "seated": ["Åsa Öberg"]}]
    assert received(second, "table:seated") == []
    assert leader.emit("rotation:open", {"round": 1}, callback=True)["ok"]
    assert phone.emit("rotation:choose", {"table": 2}, callback=True) == {"ok": True, "table": 2}
    assert received(first, "table:seated") == [{"table": 1, "seated": []}]
    assert received(second, "table:seated") == [{"table": 2, "seated": ["Åsa Öberg"]}]
    # Names reach the table's own tablet only, never the projector or other phones.
    projector = deepening.socket(deepening.tokens["projector"])
    assert "Åsa" not in repr(received(projector, "snapshot"))
