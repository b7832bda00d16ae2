"""Nothing acknowledged is lost while other processes open the evening's SQLite file.

SQLite keeps its locks as POSIX record locks, which Linux drops for the whole process as soon as any
descriptor of the file is closed, even one SQLite never saw. A server that did so lost its locks
unnoticed; the next command that opened and closed the database (an export, a backup, a second
worker) then found itself the last user, checkpointed and deleted the WAL the server was still
writing to, and every idea acknowledged after that vanished with the server. These tests run the
evening as it happens: a real served process, a pool grown by concurrent work, the documented
commands as separate processes on the same file, then ideas acknowledged and the server killed.
"""

import os
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import uuid

import pytest
import requests
import socketio

from serverproc import start_demo_server, start_worker

IDEAS = 10


def connect(base: str, token: str) -> socketio.SimpleClient:
    client = socketio.SimpleClient()
    client.connect(base, auth={"token": token, "lang": "sv"}, transports=["websocket"])
    return client


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


def database_descriptors(pid: int, path: str) -> int:
    """How many descriptors the process holds on the database file: one per SQLite connection."""
    folder = f"/proc/{pid}/fd"
    count = 0
    for name in os.listdir(folder):
        try:
            count += os.readlink(os.path.join(folder, name)) == os.path.realpath(path)
        except OSError:
            pass
    return count


def grow_the_pool(server, base: str) -> None:
    """Exports run off the event loop while holding their connection, so exports at once while a
    tablet keeps sending make the server open more connections, as a grouping during the evening does."""
    event_id = server.links["event_id"]
    sessions = [requests.Session() for _ in range(4)]
    for session in sessions:
        assert session.get(server.links["organiser"], timeout=30).status_code == 200
    failures: list[str] = []

    def download(session: requests.Session) -> None:
        for file_format in ("xlsx", "json"):
            response = session.get(f"{base}/organiser/events/{event_id}/export?format={file_format}", timeout=60)
            if response.status_code != 200:
                failures.append(f"{file_format}: {response.status_code}")

    workers = [threading.Thread(target=download, args=(session,)) for session in sessions]
    for worker in workers:
        worker.start()
    tablet = connect(base, token_of(server.links["tables"][1]["secretary"]))
    for number in range(5):
        assert tablet.call("idea:add", {"id": str(uuid.uuid4()), "text": f"Medan exporten går {number}"},
                           timeout=30)["ok"] is True
    for worker in workers:
        worker.join()
    tablet.disconnect()
    assert failures == []
    assert database_descriptors(server.process.pid, server.db_path) >= 2, "the pool did not grow"


def dialog_app(*arguments: str, cwd: str) -> None:
    done = subprocess.run([sys.executable, "-m", "dialog_app.serve", *arguments], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 0, f"dialog-app {arguments[0]}: {done.stdout}{done.stderr}"


def run_the_documented_commands(server, folder: str) -> None:
    """Each in its own process, on the database the server is writing, as an organiser would."""
    db, event_id = server.db_path, server.links["event_id"]
    dialog_app("export", event_id, "--format", "json", "--out", os.path.join(folder, "export.json"), "--db", db,
               cwd=folder)
    dialog_app("organiser-link", "--db", db, cwd=folder)
    dialog_app("followup", event_id, "--out", os.path.join(folder, "followup.md"), "--db", db, cwd=folder)
    dialog_app("create-organiser", "anna", "--password", "ett långt lösenord", "--db", db, cwd=folder)
    # A backup while live, as docs/deploy.md says: SQLite's online backup, by its shell and by Python's.
    if shutil.which("sqlite3"):
        subprocess.run(["sqlite3", db, f".backup {os.path.join(folder, 'backup-shell.sqlite')}"], check=True,
                       timeout=60)
    subprocess.run([sys.executable, "-c", "import sqlite3, sys\n"
                    "source, copy = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])\n"
                    "source.backup(copy)\ncopy.close()\nsource.close()",
                    db, os.path.join(folder, "backup-python.sqlite")], check=True, timeout=60)


def send_ideas(server, base: str) -> list[str]:
    tablet = connect(base, token_of(server.links["tables"][0]["secretary"]))
    sent = []
    for number in range(IDEAS):
        idea_id = str(uuid.uuid4())
        ack = tablet.call("idea:add", {"id": idea_id, "text": f"Kvittad idé nummer {number + 1}"}, timeout=30)
        assert ack["ok"] is True, ack
        sent.append(idea_id)
    tablet.disconnect()
    return sent


def stored(db_path: str, idea_ids: list[str]) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        marks = ", ".join("?" * len(idea_ids))
        return [row[0] for row in conn.execute(f"SELECT id FROM idea WHERE id IN ({marks})", idea_ids)]
    finally:
        conn.close()


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
@pytest.mark.parametrize("visitor", ["commands", "second worker"])
def test_ideas_acknowledged_after_other_processes_opened_the_database_survive_the_server(tmp_path, visitor, stop):
    folder = str(tmp_path)
    server = start_demo_server(folder, sample=True)
    second = None
    try:
        base = server.links["organiser"].split("/o/")[0]
        leader = connect(base, token_of(server.links["leader"]))
        for phase in ("setup", "warmup"):
            assert leader.call("phase:advance", {"from": phase}, timeout=30)["ok"] is True
        leader.disconnect()
        grow_the_pool(server, base)
        if visitor == "commands":
            run_the_documented_commands(server, folder)
        else:
            second = start_worker(folder, server.db_path, name="second", secret=secrets.token_hex(32))
        acknowledged = send_ideas(server, base)
        server.kill(stop)
        assert server.process.returncode == -stop
    finally:
        server.kill(signal.SIGKILL)
        if second is not None:
            second.kill()
    assert len(stored(server.db_path, acknowledged)) == IDEAS
