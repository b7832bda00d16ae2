"""The real server: the demo command's links, and no acknowledged idea lost in a crash."""

import signal
import sqlite3
import uuid

import socketio


def connect(url: str, token: str) -> socketio.SimpleClient:
    client = socketio.SimpleClient()
    client.connect(url, auth={"token": token, "lang": "sv"}, transports=["websocket"])
    return client


def base_of(link: str) -> str:
    return link.split("/", 3)[0] + "//" + link.split("/", 3)[2]


def test_demo_writes_every_roles_link(live_server):
    links = live_server.links
    assert set(links) >= {"event_id", "organiser", "leader", "projector", "participant", "tables"}
    assert [table["number"] for table in links["tables"]] == [1, 2, 3, 4, 5, 6]
    assert "(eventlet)" in live_server.log()


def test_an_acknowledged_idea_survives_a_server_crash(live_server):
    links = live_server.links
    base = base_of(links["leader"])
    leader = connect(base, links["leader"].rsplit("/", 1)[1])
    leader.receive(timeout=5)  # snapshot
    for phase in ("setup", "warmup"):
        assert leader.call("phase:advance", {"from": phase}, timeout=5)["ok"]
    tablet = connect(base, links["tables"][0]["secretary"].rsplit("/", 1)[1])
    idea_id = str(uuid.uuid4())
    ack = tablet.call("idea:add", {"id": idea_id, "text": "Överlever en krasch"}, timeout=5)
    assert ack["ok"] is True
    live_server.kill(signal.SIGKILL)
    tablet.disconnect()
    leader.disconnect()
    conn = sqlite3.connect(live_server.db_path)
    try:
        stored = conn.execute("SELECT text FROM idea WHERE id = ?", (idea_id,)).fetchone()
    finally:
        conn.close()
    assert stored == ("Överlever en krasch",)
