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
import socketio

from support.serverproc import free_port, start_demo_server, start_worker

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
    """A request that waits off the event loop holds its connection meanwhile (a password being
    checked, as a grouping during the evening does), so logins at once while a tablet keeps sending
    make the server open more connections."""
    from support.liveroom import Browser

    failures: list[str] = []

    def log_in(number: int) -> None:
        status, _ = Browser(base, source=f"127.0.9.{number + 1}").log_in("anna", f"fel lösenord {number}")
        if status not in (401, 429):
            failures.append(f"login: {status}")

    workers = [threading.Thread(target=log_in, args=(number,)) for number in range(6)]
    for worker in workers:
        worker.start()
    tablet = connect(base, token_of(server.links["tables"][1]["secretary"]))
    for number in range(5):
        assert tablet.call("idea:add", {"id": str(uuid.uuid4()), "text": f"Medan inloggningarna prövas {number}"},
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
    dialog_app("create-organiser", "anna", "--organisation", "Sundsvall", "--password", "ett långt lösenord",
               "--db", db, cwd=folder)
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
    kept = stored(server.db_path, acknowledged)
    assert len(kept) == IDEAS, f"{len(kept)} of {IDEAS} acknowledged ideas are in the database"


# --- the rule in-process: nothing but SQLite opens the database file ---------------------------

def commands_of(group, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    found = set()
    for name, command in group.commands.items():
        found |= commands_of(command, prefix + (name,)) if hasattr(command, "commands") else {prefix + (name,)}
    return found


def test_the_watch_sees_a_database_opened_outside_sqlite(tmp_path):
    from support import database_files

    path = str(tmp_path / "evening.sqlite")
    sqlite3.connect(path).close()
    database_files.take()
    with open(path, "rb"):
        pass
    os.close(os.open(path + "-wal", os.O_RDWR | os.O_CREAT, 0o600))
    assert len(database_files.take()) == 2


def test_only_sqlite_opens_the_database_while_the_pool_grows_and_every_command_runs(tmp_path, monkeypatch):
    """Every documented command of ``dialog-app`` on one database, in this
    process, with the app's pool grown first: the watch (tests/support/database_files.py) sees every open."""
    from click.testing import CliRunner

    from dialog_app import cli as commands
    from dialog_app import create_app
    from dialog_app import db as app_db
    from sessions import storage
    from support import database_files

    path = str(tmp_path / "evening.sqlite")
    monkeypatch.setenv("DIALOG_APP_SECRET_KEY", secrets.token_hex(32))
    # demo and serve do all but serve: they claim the port and let it go
    monkeypatch.setattr(commands, "_serve", lambda *args: args[5].close())
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "DATABASE": path})
    with app.app_context():
        pool = app_db._pool(app)
        held = [pool.acquire() for _ in range(app_db.POOL_SIZE + 2)]
        for conn in held:
            conn.execute("SELECT COUNT(*) FROM event").fetchone()
        for conn in held:
            pool.release(conn)

    runner, ran = CliRunner(), set()

    def dialog_app_in_process(*arguments: str) -> str:
        result = runner.invoke(commands.cli, list(arguments), obj={"async_mode": "threading"}, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        group, name = commands.cli, ()
        while hasattr(group, "commands"):
            group, name = group.commands[arguments[len(name)]], name + (arguments[len(name)],)
        ran.add(name)
        return result.output

    out = tmp_path.joinpath
    dialog_app_in_process("demo", "--db", path, "--sample", "--port", str(free_port()))
    dialog_app_in_process("serve", "--db", path, "--port", str(free_port()))
    with app.app_context():
        event_id = storage.fetch_events(app_db.get_db())[0].id
    dialog_app_in_process("organiser-link", "--db", path)
    for file_format in ("md", "docx", "html", "xlsx", "json"):
        dialog_app_in_process("export", event_id, "--format", file_format, "--out", str(out(f"x.{file_format}")),
                              "--db", path)
    dialog_app_in_process("create-organiser", "anna", "--organisation", "Sundsvall", "--password", "ett långt lösenord",
                          "--db", path)
    dialog_app_in_process("backup", "--out", str(out("kopia.sqlite")), "--db", path)
    out("inbjudna.csv").write_text("Namn;Organisation\nÅsa Öberg;Öbergs Bygg\n", encoding="utf-8")
    dialog_app_in_process("invites", "import", event_id, str(out("inbjudna.csv")), "--db", path)
    dialog_app_in_process("invites", "send", event_id, "--db", path)
    dialog_app_in_process("retention", "run", "--db", path)
    out("strategi.md").write_text("# Strategi\n\nSnabbare bygglov och fler praktikplatser.\n", encoding="utf-8")
    dialog_app_in_process("imprint", str(out("x.json")), str(out("strategi.md")), "--out", str(out("avtryck.md")))
    dialog_app_in_process("followup", event_id, "--out", str(out("uppfoljning.md")), "--strategy",
                          str(out("strategi.md")), "--db", path)
    dialog_app_in_process("formats")
    programme_id = dialog_app_in_process("programme", "create", "Underlag", "--events", event_id,
                                         "--db", path).strip().splitlines()[-1]
    dialog_app_in_process("programme", "report", programme_id, "--format", "md", "--out", str(out("program.md")),
                          "--db", path)
    dialog_app_in_process("programme", "imprint", programme_id, str(out("strategi.md")), "--out",
                          str(out("program-avtryck.md")), "--db", path)
    dialog_app_in_process("programme", "followup", programme_id, "--format", "md", "--out",
                          str(out("program-uppfoljning.md")), "--db", path)

    assert ran == commands_of(commands.cli), "a command this test does not run yet"
    assert database_files.take() == []


def test_a_database_left_readable_by_others_is_made_private_by_its_path(tmp_path):
    import stat

    from sessions import storage
    from support import database_files

    path = str(tmp_path / "older.sqlite")
    previous = os.umask(0o022)
    try:
        older = sqlite3.connect(path)
        older.execute("PRAGMA journal_mode = WAL")
        older.execute("CREATE TABLE t (x)")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
    conn = storage.connect(path)
    try:
        for name in (path, path + "-wal", path + "-shm"):
            assert stat.S_IMODE(os.stat(name).st_mode) == 0o600, name
    finally:
        conn.close()
        older.close()
    assert database_files.take() == []
