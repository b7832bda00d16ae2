"""The real server: the demo command's links, and no acknowledged idea lost in a crash."""

import errno
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import uuid

import pytest
import socketio

from sessions import storage
from sessions.evening import phase_changes
from sessions.ground.roles import Role
from support.evening import principal


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


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_a_second_server_on_a_port_in_use_refuses_to_start_and_says_why(live_server, tmp_path, command):
    other_db = str(tmp_path / "andra.sqlite")
    second = subprocess.Popen([sys.executable, "-m", "dialog_app.serve", command, "--port", str(live_server.port),
                               "--db", other_db], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "DIALOG_APP_ASYNC_MODE": "eventlet", "PYTHONWARNINGS": "ignore"})
    try:
        out, err = second.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        second.kill()
        second.communicate()
        pytest.fail(f"a second `dialog-app {command}` started on port {live_server.port}, which was in use")
    assert second.returncode == 1
    assert (f"Error: Porten {live_server.port} på 127.0.0.1 används redan, kanske av en annan dialog_app: stoppa den "
            f"eller välj en annan --port. / Port {live_server.port} on 127.0.0.1 is already in use, perhaps by "
            f"another dialog_app: stop it or choose another --port.") in err
    assert "Arrangör" not in out  # refused before any link was made
    assert not os.path.exists(other_db)
    assert live_server.process.poll() is None


def test_the_server_does_not_share_its_port(live_server):
    """With SO_REUSEPORT on the server's socket, the kernel hands part of the connections to any other
    socket of the same user that sets it too, a second server included."""
    intruder = socket.socket()
    intruder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    intruder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        with pytest.raises(OSError) as refused:
            intruder.bind(("127.0.0.1", live_server.port))
            intruder.listen(1)
    finally:
        intruder.close()
    assert refused.value.errno == errno.EADDRINUSE


def test_a_worker_waiting_its_turn_to_write_still_serves_its_other_pages(database, tmp_path):
    """A served worker (eventlet) whose tablet must wait for another writer keeps answering the rest
    of the room meanwhile: a projector connecting then gets its snapshot at once, and the idea follows."""
    import secrets
    import time

    import socketio

    from dialog_app import create_app
    from dialog_app.cli import _event_links
    from dialog_app.db import get_db, token_secret
    from sessions.evening.demo import create_demo_event
    from support.serverproc import start_worker

    secret = secrets.token_hex(32)
    app = create_app({"DATABASE": database, "SECRET_KEY": secret})
    with app.app_context():
        event = create_demo_event(get_db(), token_secret())
        for phase in ("setup", "warmup"):
            phase_changes.advance(get_db(), principal(event, Role.LEADER), expected=phase)
    worker = start_worker(str(tmp_path), database, name="worker", secret=secret)
    base = f"http://127.0.0.1:{worker.port}"
    links = _event_links(app, base, event.id)
    tablet, projector = socketio.SimpleClient(), socketio.SimpleClient()
    other_writer = storage.connect(database)
    try:
        tablet.connect(base, auth={"token": links["tables"][0]["secretary"].rsplit("/", 1)[1]},
                       transports=["websocket"])
        assert tablet.receive(timeout=10)[0] == "snapshot"
        answer = {}
        with storage.transaction(other_writer):
            sending = threading.Thread(target=lambda: answer.update(
                tablet.call("idea:add", {"id": str(uuid.uuid4()), "text": "Väntar på sin tur"}, timeout=20)))
            sending.start()
            time.sleep(0.5)  # the worker is now waiting for the lock on the tablet's behalf
            started = time.monotonic()
            projector.connect(base, auth={"token": links["projector"].rsplit("/", 1)[1]}, transports=["websocket"])
            assert projector.receive(timeout=10)[0] == "snapshot"
            snapshot_after = time.monotonic() - started
            time.sleep(max(0.0, 2.5 - snapshot_after))
            assert not answer, "the idea cannot be stored while the other writer holds the database"
        sending.join(timeout=20)
        assert answer["ok"] is True
        assert snapshot_after < 1.0, f"the projector waited {snapshot_after:.2f} s for its snapshot"
        while (message := projector.receive(timeout=10))[0] != "idea:saved":
            pass
        assert message[1]["idea"]["text"] == "Väntar på sin tur"
    finally:
        storage.close(other_writer)
        for client in (tablet, projector):
            client.disconnect()
        worker.kill()
