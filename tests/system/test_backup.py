"""The restore drill: a backup taken while a brainstorm is going on, restored elsewhere, holds every
idea acknowledged before the backup began, and the restored database serves the evening.

As docs/deploy.md says to do it: `dialog-app backup --out PATH --db PATH` (SQLite's online backup; for
PostgreSQL it runs pg_dump), then, on the other machine, the copy as the database (SQLite) or
`pg_restore` into a new database (PostgreSQL), and a worker started on it.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
import uuid

import socketio

from support.serverproc import require, start_worker

TABLES_TYPING = (1, 2)


def prepare_brainstorm(database: str, secret: str) -> dict:
    """A demo evening in the brainstorm, and its tablets' tokens (from the links the organiser sees)."""
    from dialog_app import create_app
    from dialog_app.cli import _event_links
    from dialog_app.db import get_db, token_secret
    from sessions.evening import phase_changes
    from sessions.evening.demo import create_demo_event
    from sessions.ground.roles import Principal, Role

    app = create_app({"DATABASE": database, "SECRET_KEY": secret})
    with app.app_context():
        conn = get_db()
        event = create_demo_event(conn, token_secret())
        for phase in ("setup", "warmup"):
            phase_changes.advance(conn, Principal(Role.LEADER, event.id), expected=phase)
    links = _event_links(app, "http://127.0.0.1", event.id)
    return {table["number"]: table["secretary"].rsplit("/", 1)[1] for table in links["tables"]}


def connect(port: int, token: str) -> socketio.SimpleClient:
    client = socketio.SimpleClient()
    client.connect(f"http://127.0.0.1:{port}", auth={"token": token, "lang": "sv"}, transports=["websocket"])
    return client


class Tablets:
    """Tablets typing ideas one after the other, each waiting for its acknowledgement, until stopped."""

    def __init__(self, port: int, tokens: dict[int, str]):
        self.acknowledged: list[tuple[float, str]] = []  # (when the acknowledgement came, idea id)
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._type, args=(port, tokens[number], number))
                         for number in TABLES_TYPING]
        for thread in self._threads:
            thread.start()

    def _type(self, port: int, token: str, table: int) -> None:
        try:
            tablet = connect(port, token)
            number = 0
            while not self._stop.is_set():
                number += 1
                idea_id = str(uuid.uuid4())
                ack = tablet.call("idea:add", {"id": idea_id, "text": f"Bord {table}, idé {number}"}, timeout=30)
                if ack.get("ok"):
                    self.acknowledged.append((time.monotonic(), idea_id))
                else:
                    self.failures.append(str(ack))
                time.sleep(0.3)  # a quick secretary, within the tablet's allowance
            tablet.disconnect()
        except Exception as error:  # noqa: BLE001 - reported by the test
            self.failures.append(repr(error))

    def count(self) -> int:
        return len(self.acknowledged)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)


def dialog_app(*arguments: str, secret: str, cwd: str) -> str:
    done = subprocess.run([sys.executable, "-m", "dialog_app.serve", *arguments], capture_output=True, text=True,
                          timeout=120, cwd=cwd,
                          env={**os.environ, "PYTHONWARNINGS": "ignore", "DIALOG_APP_SECRET_KEY": secret})
    assert done.returncode == 0, f"dialog-app {arguments[0]}: {done.stdout}{done.stderr}"
    return done.stdout


def wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def back_up_mid_brainstorm(folder: str, database: str, backup_file: str) -> tuple[dict, list[str], str]:
    """Ideas arriving from two tablets; the backup taken in the middle. Returns the tablets' tokens,
    the ideas acknowledged before the backup began, and the secret."""
    secret = secrets.token_hex(32)
    tokens = prepare_brainstorm(database, secret)
    worker = start_worker(folder, database, name="live", secret=secret)
    tablets = None
    try:
        tablets = Tablets(worker.port, tokens)
        wait_for(lambda: tablets.count() >= 10 or tablets.failures)
        began = time.monotonic()
        before = [idea for when, idea in list(tablets.acknowledged) if when < began]
        output = dialog_app("backup", "--out", backup_file, "--db", database, secret=secret, cwd=folder)
        ended, so_far = time.monotonic(), tablets.count()
        # The evening went on during the backup and after it.
        wait_for(lambda: tablets.count() >= so_far + 4 or tablets.failures)
        tablets.stop()
    finally:
        if tablets is not None:
            tablets.stop()
        worker.kill()
    assert tablets.failures == []
    assert f"Wrote {backup_file}" in output
    assert any(began < when < ended for when, _ in tablets.acknowledged), "no idea arrived during the backup"
    assert any(when > ended for when, _ in tablets.acknowledged)
    return tokens, before, secret


def assert_the_restored_database_serves(folder: str, restored: str, secret: str, tokens: dict,
                                        acknowledged: list[str]) -> None:
    """A worker on the restored database shows each tablet its table's ideas, and takes a new one."""
    os.makedirs(folder, exist_ok=True)
    worker = start_worker(folder, restored, name="restored", secret=secret)
    try:
        shown = ""
        for number in TABLES_TYPING:
            tablet = connect(worker.port, tokens[number])
            event, snapshot = tablet.receive(timeout=30)
            assert event == "snapshot"
            shown += json.dumps(snapshot)
            if number == TABLES_TYPING[0]:
                ack = tablet.call("idea:add", {"id": str(uuid.uuid4()), "text": "Efter återställningen"}, timeout=30)
                assert ack["ok"] is True, ack
            tablet.disconnect()
    finally:
        worker.kill()
    missing = [idea for idea in acknowledged if idea not in shown]
    assert missing == [], f"{len(missing)} of {len(acknowledged)} acknowledged ideas are not in the restored evening"


def test_a_sqlite_backup_mid_brainstorm_restores_every_acknowledged_idea(tmp_path):
    database, backup_file = str(tmp_path / "kvallen.sqlite"), str(tmp_path / "kvallen-backup.sqlite")
    tokens, acknowledged, secret = back_up_mid_brainstorm(str(tmp_path), database, backup_file)
    assert os.stat(backup_file).st_mode & 0o077 == 0, "the copy holds names: its owner's alone"
    # Restored elsewhere: the copy is the database there.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    restored = str(elsewhere / "kvallen.sqlite")
    shutil.copyfile(backup_file, restored)
    assert_the_restored_database_serves(str(elsewhere), restored, secret, tokens, acknowledged)


def test_a_postgresql_backup_mid_brainstorm_restores_every_acknowledged_idea(tmp_path, postgres_server):
    require(shutil.which("pg_dump") is not None and shutil.which("pg_restore") is not None,
            "pg_dump is not installed (apt-get install postgresql-client)", "DIALOG_APP_REQUIRE_POSTGRES")
    database, backup_file = postgres_server.fresh_database(), str(tmp_path / "kvallen.dump")
    tokens, acknowledged, secret = back_up_mid_brainstorm(str(tmp_path), database, backup_file)
    # Restored elsewhere: a new, empty database, filled by pg_restore.
    restored = postgres_server.fresh_database(template="template0")
    subprocess.run([shutil.which("pg_restore") or "pg_restore", "--no-owner", f"--dbname={restored}", backup_file],
                   check=True, capture_output=True, timeout=120)
    assert_the_restored_database_serves(str(tmp_path / "elsewhere"), restored, secret, tokens, acknowledged)
