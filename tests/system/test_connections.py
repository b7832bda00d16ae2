"""How many connections one server process holds: more than eventlet's default 1,024, within what
the open-file limit allows."""

import base64
import gc
import os
import resource
import socket

import pytest

from dialog_app import cli, create_app
from sessions.evening.events import MAX_PARTICIPANT_CAP

ENGINE_IO_WEBSOCKET = "/socket.io/?EIO=4&transport=websocket"


def handshake(port: int, extra_headers: str = "") -> tuple[socket.socket, bytes]:
    """Open a WebSocket to Engine.IO as a browser does; the connection and the server's answer."""
    # Well under the ~20 s after which the server drops silent connections and so frees their places.
    connection = socket.create_connection(("127.0.0.1", port), timeout=8)
    key = base64.b64encode(os.urandom(16)).decode()
    connection.sendall((f"GET {ENGINE_IO_WEBSOCKET} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                        f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                        f"Sec-WebSocket-Version: 13\r\n{extra_headers}\r\n").encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = connection.recv(4096)
        assert chunk, "the server closed the connection"
        answer += chunk
    assert answer.startswith(b"HTTP/1.1 101"), answer[:80]
    return connection, answer


def open_websocket(port: int) -> socket.socket:
    """A phone's connection as far as the server's pool is concerned: a WebSocket that Engine.IO opened."""
    connection, answer = handshake(port)
    # The first frame is Engine.IO's open packet ("0{...}"): this connection is served, not queued.
    while len(answer.split(b"\r\n\r\n", 1)[1]) < 3:
        answer += connection.recv(4096)
    frame = answer.split(b"\r\n\r\n", 1)[1]
    assert frame[0] == 0x81 and frame[2:3] == b"0", frame[:8]
    return connection


def test_the_served_app_holds_more_than_1024_connections_at_once(live_server):
    port = live_server.port
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < 1200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(1200, hard), hard))
    connections = []
    try:
        for _ in range(1100):
            connections.append(open_websocket(port))
        assert len(connections) == 1100
    finally:
        for connection in connections:
            connection.close()


BROWSERS_OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"


def test_the_served_app_declines_compression_a_browser_offers(live_server):
    """Messages of a few hundred bytes gain nothing from it, and each phone's compressor cost ~110 KB
    and a quarter of a broadcast's CPU (bench/fanout.py with and without --no-deflate)."""
    connection, answer = handshake(live_server.port, BROWSERS_OFFER)
    connection.close()
    assert b"sec-websocket-extensions" not in answer.lower()


def test_compression_can_be_switched_back_on(tmp_path):
    from support.serverproc import start_demo_server

    server = start_demo_server(str(tmp_path), settings={"WEBSOCKET_COMPRESSION": "true"})
    try:
        connection, answer = handshake(server.port, BROWSERS_OFFER)
        connection.close()
    finally:
        server.kill()
    assert b"sec-websocket-extensions: permessage-deflate" in answer.lower()


@pytest.fixture
def served(tmp_path, monkeypatch):
    """What `dialog-app serve` would hand the server, without serving."""
    from dialog_app.realtime import socketio

    handed = {}
    monkeypatch.setattr(socketio, "run", lambda app, **options: handed.update(options))
    # Freezing this test process's objects would keep them for good, and its collector is pytest's
    # business: note the calls instead.
    monkeypatch.setattr(gc, "freeze", lambda: handed.update(frozen=True))
    monkeypatch.setattr(gc, "set_threshold", lambda *thresholds: handed.update(gc_thresholds=thresholds))

    def serve(**config):
        app = create_app({"SECRET_KEY": "s", "DATABASE": str(tmp_path / "db.sqlite"), **config})
        app.config["ASYNC_MODE"] = "eventlet"  # as the serving entry point sets it, without patching this process
        cli._serve(app, "127.0.0.1", 5000, None, None)
        return handed

    return serve


def test_by_default_a_process_takes_every_phone_of_the_largest_event_with_room_for_the_rest(served):
    max_size = served()["max_size"]
    assert max_size == cli.connection_limit({})
    assert max_size == MAX_PARTICIPANT_CAP * 6 // 5 + 2 * 60 + 50


def test_the_limit_is_a_setting(served):
    assert served(MAX_CONNECTIONS=3000)["max_size"] == 3000


def test_a_low_open_file_limit_is_raised_to_fit_the_connections(served, monkeypatch):
    limits = {"now": (1024, 100_000)}
    monkeypatch.setattr(resource, "getrlimit", lambda which: limits["now"])
    monkeypatch.setattr(resource, "setrlimit", lambda which, value: limits.update(now=value))
    assert served(MAX_CONNECTIONS=3000)["max_size"] == 3000
    assert limits["now"] == (3000 + cli.FILES_BESIDE_CONNECTIONS, 100_000)


def test_a_hard_open_file_limit_caps_the_connections_instead_of_stopping_the_server(served, monkeypatch, caplog):
    limits = {"now": (1024, 2048)}
    monkeypatch.setattr(resource, "getrlimit", lambda which: limits["now"])
    monkeypatch.setattr(resource, "setrlimit", lambda which, value: limits.update(now=value))
    assert served(MAX_CONNECTIONS=3000)["max_size"] == 2048 - cli.FILES_BESIDE_CONNECTIONS
    assert limits["now"] == (2048, 2048)
    assert "serving at most 1984 connections, not 3000" in caplog.text


def test_the_collector_is_set_for_broadcasts_before_serving(served):
    handed = served()
    # A full collection that walks Flask and scikit-learn stalls every phone's broadcast ~80 ms.
    assert handed["frozen"] is True
    # Young collections rare enough that a broadcast's objects die before they are promoted.
    assert handed["gc_thresholds"] == (50_000, 20, 10)
