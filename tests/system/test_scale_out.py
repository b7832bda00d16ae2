"""Two server processes behind one redis message queue: an idea sent to one reaches a projector on the other.

Needs Debian's redis-server; locally the test skips and says so, in CI (DIALOG_APP_REQUIRE_REDIS=1,
set by .ci/run) it must run.
"""

import time
import uuid

import socketio

from support.serverproc import start_demo_server


def test_an_idea_crosses_from_one_server_process_to_another(tmp_path, redis_url):
    first = start_demo_server(str(tmp_path), message_queue=redis_url, name="first")
    # The second process serves the same database and secret, so the first one's links work there too.
    second = start_demo_server(str(tmp_path), message_queue=redis_url, name="second")
    try:
        links = first.links
        first_base = links["leader"].split("/leader/")[0]
        second_base = second.links["leader"].split("/leader/")[0]
        leader = socketio.SimpleClient()
        leader.connect(first_base, auth={"token": links["leader"].rsplit("/", 1)[1]}, transports=["websocket"])
        for phase in ("setup", "warmup"):
            assert leader.call("phase:advance", {"from": phase}, timeout=10)["ok"]
        projector = socketio.SimpleClient()
        projector.connect(second_base, auth={"token": links["projector"].rsplit("/", 1)[1]}, transports=["websocket"])
        assert projector.receive(timeout=10)[0] == "snapshot"
        tablet = socketio.SimpleClient()
        tablet.connect(first_base, auth={"token": links["tables"][0]["secretary"].rsplit("/", 1)[1]},
                       transports=["websocket"])
        assert tablet.call("idea:add", {"id": str(uuid.uuid4()), "text": "Över redis"}, timeout=10)["ok"]
        deadline = time.monotonic() + 10
        while True:
            name, data = projector.receive(timeout=max(0.1, deadline - time.monotonic()))
            if name == "idea:saved":
                break
        assert data["idea"]["text"] == "Över redis"
        for client in (tablet, projector, leader):
            client.disconnect()
    finally:
        second.kill()
        first.kill()
