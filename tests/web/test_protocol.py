"""docs/protocol.md against the code: the events registered and sent, and the fields a real evening's
messages, acknowledgements and snapshots carry."""

import os
import re
import uuid

import pytest

from dialog_app.db import get_db
from sessions.evening import events

DOC = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "docs", "protocol.md")
CODE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "dialog_app")


def table_after(heading: str) -> list[list[str]]:
    """The rows of the first table under ``heading`` in the document, cells stripped of backticks."""
    with open(DOC, encoding="utf-8") as handle:
        text = handle.read()
    section = text.split(f"## {heading}\n", 1)[1]
    rows = [line for line in section.split("\n## ", 1)[0].splitlines() if line.startswith("|")]
    return [[cell.strip().strip("`") for cell in row.strip("|").split("|")] for row in rows[2:]]


def fields(cell: str) -> set[str]:
    return {name.strip().rstrip("?") for name in cell.split(",") if name.strip() and not name.strip().startswith("(")}


SENT = {row[0]: {"by": row[1], "payload": fields(row[2]),
                 "ack": fields(row[3])} for row in table_after("Events a page sends")}
RECEIVED = {row[0]: fields(row[2]) for row in table_after("Events the server sends")}
SNAPSHOTS = {row[0]: fields(row[1]) for row in table_after("Snapshots")}
SHAPES = {row[0]: fields(row[1]) for row in table_after("Shapes")}


def test_every_event_a_page_may_send_is_documented_and_every_documented_one_is_handled(app):
    from dialog_app.realtime import socketio

    registered = set(socketio.server.handlers["/"]) - {"connect", "disconnect"}
    assert registered == set(SENT)


def test_every_event_the_server_sends_is_documented_and_every_documented_one_is_sent():
    sent_in_code = set()
    for folder, _, names in os.walk(CODE):
        for name in names:
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    source = handle.read()
                sent_in_code |= set(re.findall(r"""emit\(\s*"([a-z]+:[a-z]+|snapshot)\"""", source))
                sent_in_code |= set(re.findall(r"""_to_table_and_screens\(\s*"([a-z]+:[a-z]+)\"""", source))
    assert sent_in_code == set(RECEIVED)


class Recorder:
    """Every message and acknowledgement of a scripted evening, by name."""

    def __init__(self, evening):
        self.evening = evening
        self.clients = {}
        self.messages: dict[str, list[dict]] = {}
        self.acks: dict[str, list[dict]] = {}

    def connect(self, name, token, **auth):
        from dialog_app.realtime import socketio

        self.clients[name] = socketio.test_client(self.evening.app, auth={"token": token, "lang": "sv", **auth})
        return self.clients[name]

    def send(self, client, event, payload):
        ack = self.clients[client].emit(event, payload, callback=True)
        assert ack["ok"] is True, (event, ack)
        self.acks.setdefault(event, []).append(ack)
        self.collect()
        return ack

    def collect(self):
        for name, client in self.clients.items():
            if client.is_connected():
                for message in client.get_received():
                    self.messages.setdefault(message["name"], []).append(
                        {"by": name, "payload": message["args"][0] if message["args"] else {}})


@pytest.fixture
def evening_recorded(evening, client):
    """One evening through every phase, every event a page may send sent once or more."""
    evening.app.config["RATE_LIMITS"] = False
    rec = Recorder(evening)
    rec.connect("leader", evening.tokens["leader"])
    rec.connect("projector", evening.tokens["projector"])
    rec.connect("tablet", evening.secretary(1))
    rec.connect("tablet2", evening.secretary(2))
    phone = rec.connect("phone", evening.tokens["participant"])
    rec.collect()
    rec.send("leader", "phase:advance", {"from": "setup"})
    ends = rec.send("leader", "timer:set", {"minutes": 10, "expected_ends_at": None})["timer_ends_at"]
    rec.send("leader", "timer:set", {"minutes": 0, "expected_ends_at": ends})
    rec.send("leader", "pages:hold", {"held": True})
    rec.send("leader", "pages:hold", {"held": False})
    rec.send("leader", "phase:advance", {"from": "warmup"})
    ideas = [rec.send("tablet", "idea:add", {"id": str(uuid.uuid4()), "text": text})["idea"]["id"]
             for text in ("Snabbare bygglov", "Bredband", "Praktikplatser")]
    rec.send("tablet", "idea:edit", {"id": ideas[1], "text": "Bredband till alla"})
    rec.send("tablet", "idea:withdraw", {"id": ideas[2]})
    rec.send("leader", "phase:advance", {"from": "brainstorm"})
    rec.send("tablet", "priority:choose", {"idea_id": ideas[0], "chosen": True})
    written = str(uuid.uuid4())
    rec.send("tablet", "priority:add", {"id": written, "text": "Fler mötesplatser"})
    rec.send("tablet", "priority:remove", {"id": written})
    rec.send("tablet", "priority:choose", {"idea_id": ideas[1], "chosen": True})
    for text in ("Pendeltåg", "Bostäder"):
        rec.send("tablet2", "priority:add", {"id": str(uuid.uuid4()), "text": text})
    rec.send("tablet", "parking:add", {"id": str(uuid.uuid4()), "text": "Mikrofonen hörs inte"})
    rec.send("leader", "parking:show", {"show": True})
    coffee = rec.send("tablet", "parking:add", {"id": str(uuid.uuid4()), "text": "Kaffet är slut"})["note"]["id"]
    rec.send("leader", "parking:note", {"id": coffee, "answered": True})
    rec.send("leader", "phase:advance", {"from": "prioritise", "force": True})
    rec.send("leader", "theme:suggest", {})
    rec.send("leader", "theme:publish", {})
    board = rec.messages["board:changed"][-1]["payload"]
    first, second = board["themes"][0], board["themes"][1]
    created = rec.send("leader", "theme:create", {"title": "Nytt tema"})["theme_id"]
    rec.send("leader", "theme:rename", {"theme_id": created, "title": "Kompetens"})
    rec.send("leader", "theme:move", {"priority_id": first["priorities"][0]["id"], "theme_id": created, "position": 0})
    rec.send("leader", "theme:split", {"theme_id": second["id"], "priority_ids": [second["priorities"][0]["id"]],
                                       "title": "Pendling"})
    rec.send("leader", "theme:merge", {"source_id": created, "target_id": first["id"]})
    rec.send("leader", "theme:undo", {})
    rec.send("leader", "theme:delete", {"theme_id": created})
    rec.send("leader", "theme:undo", {})
    rec.send("leader", "theme:context", {"show": True})
    rec.send("leader", "theme:finalise", {})
    rec.send("leader", "theme:reopen", {})
    rec.send("leader", "phase:advance", {"from": "theming", "force": True})
    rec.send("leader", "phase:back", {"from": "deepen"})
    rec.send("leader", "phase:advance", {"from": "theming", "force": True})
    rec.send("leader", "deepen:assign", {"table": 2, "theme_id": first["id"]})
    rec.send("phone", "participant:join", {"name": "Åsa", "table": 1})
    rec.connect("stray phone", evening.tokens["participant"])
    rec.send("stray phone", "participant:join", {"name": "Ingen här", "table": 1})
    stray = rec.send("leader", "participants:list", {})["phones"][0]
    rec.send("leader", "participant:remove", {"id": stray["id"]})
    rec.send("leader", "rotation:open", {"round": 1})
    rec.send("phone", "rotation:choose", {"table": 2})
    rec.send("leader", "rotation:close", {"round": 1})
    rec.send("phone", "parking:add", {"id": str(uuid.uuid4()), "text": "Var är garderoben?"})
    csrf = evening.log_in(client)
    client.post(f"/organiser/events/{evening.event.id}", data={
        "csrf_token": csrf, "title": "Framtidens näringsliv", "vision_question": "Tio år framåt?",
        "deepen_question": "Hur når vi dit?", "table_count": "6", "theme_count": "6", "rotation_rounds_max": "2"})
    rec.connect("late tablet", evening.secretary(3))  # a tablet that comes online: the screens hear of it
    from dialog_app.publisher import SEAT_UPDATE_INTERVAL
    from dialog_app.rooms import socketio
    socketio.sleep(SEAT_UPDATE_INTERVAL * 3)  # seat counts are coalesced: the one message comes a moment later
    rec.collect()
    assert phone.is_connected()
    _other_formats(rec)
    return rec


def _other_formats(rec):
    """What only the other formats send (issue 24): a procurement dialogue's panel."""
    from dialog_app.db import get_db, token_secret
    from sessions.evening import events
    from sessions.evening.demo import create_demo_event
    from sessions.ground import roles

    with rec.evening.app.app_context():
        event = create_demo_event(get_db(), token_secret(), format_id="upphandlingsdialog")
        links = events.role_links(get_db(), token_secret(), roles.ORGANISER, event.id)
    rec.connect("panel leader", links["leader"])
    rec.connect("panel tablet", links["secretaries"][1])
    rec.send("panel leader", "phase:advance", {"from": "setup"})
    question = rec.send("panel tablet", "idea:add", {"id": str(uuid.uuid4()), "text": "Varför så många krav?"})
    rec.send("panel leader", "question:answer", {"id": question["idea"]["id"], "answered": True})
    with rec.evening.app.app_context():
        breakfast = create_demo_event(get_db(), token_secret(), format_id="frukostmote")
        links = events.role_links(get_db(), token_secret(), roles.ORGANISER, breakfast.id)
    rec.connect("breakfast leader", links["leader"])
    rec.connect("breakfast tablet", links["secretaries"][1])
    rec.connect("breakfast phone", links["participant"])
    rec.send("breakfast phone", "participant:join", {"name": "Åsa", "table": 1})
    rec.send("breakfast leader", "phase:advance", {"from": "setup"})
    sent = rec.send("breakfast phone", "phone:idea", {"id": str(uuid.uuid4()), "text": "En väg in"})
    taken = rec.send("breakfast tablet", "inbox:take", {"id": sent["idea"]["id"]})
    rec.send("breakfast leader", "phase:advance", {"from": "brainstorm"})
    rec.send("breakfast tablet", "priority:choose", {"idea_id": taken["idea"]["id"], "chosen": True})
    rec.send("breakfast leader", "phase:advance", {"from": "prioritise", "force": True})
    rec.collect()
    target = rec.messages["votes:changed"][-1]["payload"]["items"][0]["id"]
    rec.send("breakfast phone", "vote:cast", {"id": str(uuid.uuid4()), "target": target})
    rec.send("breakfast leader", "phase:advance", {"from": "vote"})
    rec.send("breakfast phone", "evaluation:send", {"id": str(uuid.uuid4()), "rating": 4, "comment": "Bra"})
    rec.collect()


def test_a_real_evenings_messages_carry_exactly_the_documented_fields(evening_recorded):
    received = evening_recorded.messages
    # link:replaced and join:changed are tested where a link is replaced (test_realtime, test_screens),
    # evening:reset where a practice is reset (test_pages)
    assert set(received) == set(RECEIVED) - {"link:replaced", "join:changed", "evening:reset"}
    for name, messages in received.items():
        if name == "snapshot":
            continue
        for message in messages:
            assert set(message["payload"]) == RECEIVED[name], (name, message)


def test_every_acknowledgement_carries_exactly_the_documented_fields(evening_recorded):
    assert set(evening_recorded.acks) == set(SENT)
    for name, acks in evening_recorded.acks.items():
        for ack in acks:
            assert set(ack) - {"ok"} == SENT[name]["ack"], (name, ack)


def test_every_roles_snapshot_carries_exactly_the_documented_fields(evening_recorded):
    by_role = {"leader": "leader", "projector": "projector", "tablet": "secretary", "phone": "participant"}
    for client, role in by_role.items():
        [snapshot] = [m["payload"] for m in evening_recorded.messages["snapshot"] if m["by"] == client]
        assert set(snapshot) == SNAPSHOTS[role], role


def test_the_shapes_inside_the_messages_are_as_documented(evening_recorded):
    received = evening_recorded.messages
    assert all(set(m["payload"]["phase"]) == SHAPES["phase"] for m in received["phase:changed"])
    assert all(set(m["payload"]["idea"]) == SHAPES["idea"] for m in received["idea:saved"])
    assert all(set(p) == SHAPES["priority"] for m in received["priorities:changed"] for p in m["payload"]["priorities"])
    assert all(set(m["payload"]["note"]) == SHAPES["note"] for m in received["parking:added"])
    assert all(set(phone) == SHAPES["joined phone"] for ack in evening_recorded.acks["participants:list"]
               for phone in ack["phones"])
    assert all(set(theme) == SHAPES["board theme"]
               for m in received["board:changed"] for theme in m["payload"]["themes"])
    assert all(set(m["payload"]["readiness"]) == SHAPES["readiness"] for m in received["board:changed"])


def test_a_replaced_links_sockets_are_told_before_they_are_closed(evening):
    from dialog_app.db import token_secret
    from sessions.ground import roles

    tablet = Recorder(evening).connect("tablet", evening.secretary(4))
    tablet.get_received()
    with evening.app.app_context():
        from dialog_app.realtime import replace_link_everywhere
        events.replace_link(get_db(), token_secret(), roles.ORGANISER, evening.event.id, "secretary", 4)
        sent = []
        from dialog_app.rooms import socketio
        original = socketio.emit
        socketio.emit = lambda name, *args, **kwargs: sent.append(name) or original(name, *args, **kwargs)
        try:
            replace_link_everywhere(evening.app, {"event_id": evening.event.id, "role": "secretary", "table": 4})
        finally:
            socketio.emit = original
    # Told first; the screens then hear that the table has no tablet.
    assert sent == ["link:replaced", "tablets:changed"] and RECEIVED["link:replaced"] == set()
    assert not tablet.is_connected()
