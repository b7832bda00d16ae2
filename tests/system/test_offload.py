"""On the real server (eventlet, as `make run` serves): files and the imprint are prepared in worker
processes, so the room's ideas keep coming while eight exports are made, the organiser sees each
file's place in the queue, and a page view of the imprint reads what was computed once."""

import os
import re
import signal
import threading
import time
import uuid

import requests
import socketio

from sessions import storage
from sessions.documents.forum_report import MEDIA_TYPES
from sessions.evening import events
from support.serverproc import when_ready

FILES = [("xlsx", 0), ("xlsx", 1), ("docx", 0), ("docx", 1), ("html", 0), ("html", 1), ("md", 0), ("md", 1)]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used (its own, not its children's)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
            found += [int(child) for child in handle.read().split()]
    return found


def children_cpu_seconds(pid: int) -> float:
    total = 0.0
    for child in children(pid):
        try:
            total += cpu_seconds(child)
        except OSError:
            pass
    return total


def running(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            return "(zombie)" not in handle.read()
    except OSError:
        return False


def organiser(live_server) -> requests.Session:
    session = requests.Session()
    session.get(live_server.links["organiser"], timeout=60)
    return session


def event_url(live_server, event_id: str) -> str:
    return live_server.links["organiser"].split("/o/")[0] + f"/organiser/events/{event_id}"


def second_event(live_server) -> events.Event:
    from sessions.evening.demo import DEMO_EVENT
    from sessions.ground import roles

    conn = storage.connect(live_server.db_path)
    try:
        return events.create(conn, b"other", roles.ORGANISER, DEMO_EVENT | {"title": "Kvällen förra året"})
    finally:
        conn.close()


def long_evening(live_server, count: int) -> str:
    from sessions.evening import board, ideas, priorities
    from sessions.ground.roles import Principal, Role
    from support.evening import in_phase

    event = second_event(live_server)
    conn = storage.connect(live_server.db_path)
    try:
        with storage.transaction(conn):
            for number in range(count):
                ideas.seed(conn, Principal(Role.SECRETARY, event.id, number % 6 + 1), str(uuid.uuid4()),
                           f"Idé {number} om bygglov, skola, pendling och bredband")
        in_phase(conn, event, "prioritise")
        for table in range(1, 7):
            for text in (f"Prioritet {table}a om bygglov", f"Prioritet {table}b om skolan"):
                priorities.add_text(conn, Principal(Role.SECRETARY, event.id, table), str(uuid.uuid4()), text)
        in_phase(conn, event, "theming")
        board.suggest(conn, Principal(Role.LEADER, event.id),
                      lambda texts, n: [(f"Tema {i}", [2 * i, 2 * i + 1]) for i in range(6)])
    finally:
        conn.close()
    return event.id


class Room:
    """The demo evening in the brainstorm: table 1's tablet and the projector, connected."""

    def __init__(self, live_server):
        self.base = live_server.links["organiser"].split("/o/")[0]
        token = live_server.links["leader"].rsplit("/", 1)[1]
        leader = socketio.SimpleClient()
        leader.connect(self.base, auth={"token": token}, transports=["websocket"])
        for phase in ("setup", "warmup"):
            leader.call("phase:advance", {"from": phase}, timeout=30)
        leader.disconnect()
        self.shown: set[str] = set()
        self.projector = socketio.Client(reconnection=False)
        self.projector.on("idea:saved", lambda data: self.shown.add(data["idea"]["id"]))
        self.projector.connect(self.base, auth={"token": live_server.links["projector"].rsplit("/", 1)[1]},
                               transports=["websocket"])
        self.tablet = socketio.Client(reconnection=False)
        self.tablet.connect(self.base, auth={"token": live_server.links["tables"][0]["secretary"].rsplit("/", 1)[1]},
                            transports=["websocket"])
        self.acknowledged: list[str] = []

    def type_until(self, done: threading.Event) -> None:
        """One idea every 200 ms, each after the last one's acknowledgement, until ``done``."""
        number = 0
        while not done.is_set():
            number += 1
            idea_id = str(uuid.uuid4())
            answer = self.tablet.call("idea:add", {"id": idea_id, "text": f"Idé {number}: fler bussar"}, timeout=30)
            assert answer["ok"], answer
            self.acknowledged.append(idea_id)
            time.sleep(0.2)

    def all_shown(self) -> bool:
        deadline = time.monotonic() + 10
        while not set(self.acknowledged) <= self.shown and time.monotonic() < deadline:
            time.sleep(0.05)
        return set(self.acknowledged) <= self.shown

    def close(self) -> None:
        self.tablet.disconnect()
        self.projector.disconnect()


def test_ideas_keep_coming_while_eight_exports_wait_their_turn(live_server):
    event_id = long_evening(live_server, 1000)
    url = event_url(live_server, event_id)
    room = Room(live_server)
    sessions = [organiser(live_server) for _ in FILES]
    server = live_server.process.pid
    done = threading.Event()
    typing = threading.Thread(target=room.type_until, args=(done,))
    first: dict[int, requests.Response] = {}
    files: dict[int, requests.Response] = {}

    def download(number: int) -> None:
        file_format, names = FILES[number]
        address = f"{url}/export?format={file_format}&names={names}"
        first[number] = sessions[number].get(address, timeout=120)
        files[number] = when_ready(sessions[number], address, first[number])

    cpu_before = cpu_seconds(server)
    typing.start()
    downloads = [threading.Thread(target=download, args=(number,)) for number in range(len(FILES))]
    for thread in downloads:
        thread.start()
    for thread in downloads:
        thread.join()
    server_cpu, workers_cpu = cpu_seconds(server) - cpu_before, children_cpu_seconds(server)
    done.set()
    typing.join()
    room.close()

    # The organisers saw where their files were in the queue, and each got its own file.
    queued = [response.text for response in first.values() if response.status_code == 202]
    assert any(re.search(r"Exporten står i kö \(plats [2-7]\)\.", text) for text in queued), queued[:1]
    assert all(files[n].status_code == 200 for n in files)
    assert [files[n].headers["Content-Type"] for n in range(len(FILES))] == [
        MEDIA_TYPES[file_format] for file_format, _ in FILES]
    assert [files[n].content[:2] for n in range(4)] == [b"PK"] * 4
    # Every idea typed meanwhile was acknowledged and reached the projector.
    assert len(room.acknowledged) >= 5 and room.all_shown()
    # The exports' work was done by the worker process, not by the server's (the event loop's) process.
    assert workers_cpu > 2 * server_cpu, (workers_cpu, server_cpu)


def big_strategy(path: str, megabytes: float) -> None:
    from support.imprint_data import STRATEGY

    with open(STRATEGY, encoding="utf-8") as handle:
        text = handle.read()
    parts, copy = [], 0
    while sum(len(part.encode()) for part in parts) < megabytes * 1024 * 1024:
        copy += 1
        parts.append(re.sub(r"^(#+ .*)$", rf"\1 (del {copy})", text, flags=re.M))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n\n".join(parts))


def test_the_imprint_is_computed_once_while_its_pages_say_so(live_server, tmp_path):
    from support.imprint_data import asby_evening

    event = second_event(live_server)
    conn = storage.connect(live_server.db_path)
    try:
        asby_evening(conn, event)
    finally:
        conn.close()
    strategy = tmp_path / "strategi.md"
    big_strategy(str(strategy), 1.0)
    session = organiser(live_server)
    url = f"{event_url(live_server, event.id)}/imprint"
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', session.get(url, timeout=60).text).group(1)
    server = live_server.process.pid
    cpu_before = cpu_seconds(server)
    with open(strategy, "rb") as handle:
        uploaded = session.post(url, data={"csrf_token": csrf}, files={"strategy": ("strategi.md", handle)},
                                timeout=120)
    # Ten organisers open the page at once while it is computed: each is told so, none waits for it.
    views = []
    readers = [threading.Thread(target=lambda: views.append(organiser(live_server).get(url, timeout=120)))
               for _ in range(10)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert "Strategin är inläst." in uploaded.text and 'data-testid="imprint-computing"' in uploaded.text
    assert all(view.status_code == 200 for view in views)
    assert all("Jämförelsen med strategin beräknas." in view.text or 'data-testid="imprint-summary"' in view.text
               for view in views)
    deadline = time.monotonic() + 120
    page = session.get(url, timeout=60).text
    while 'data-testid="imprint-summary"' not in page and time.monotonic() < deadline:
        assert 'http-equiv="refresh"' in page
        time.sleep(1)
        page = session.get(url, timeout=60).text
    assert re.search(r"\d av 6 teman och \d+ av 22 förslag tas upp i strategin\.", page)
    assert session.get(f"{url}/download?format=json", timeout=60).json()["summary"]["strategy"] == "strategi.md"
    # Reading the strategy and comparing it were the worker processes' work, not the event loop's.
    server_cpu, workers_cpu = cpu_seconds(server) - cpu_before, children_cpu_seconds(server)
    assert workers_cpu > 2 * server_cpu, (workers_cpu, server_cpu)


def test_a_refusal_comes_back_from_the_worker_and_the_workers_end_with_the_server(live_server):
    session = organiser(live_server)
    answer = when_ready(session, f"{event_url(live_server, live_server.links['event_id'])}/export?format=docx")
    assert answer.status_code == 200 and answer.content[:2] == b"PK"
    workers = children(live_server.process.pid)
    assert workers, "the export was prepared in a worker process"
    # A refusal in the worker process reaches the page as a sentence.
    missing = when_ready(session, f"{event_url(live_server, 'finns-inte')}/export?format=docx")
    assert missing.status_code == 404 and "Evenemanget finns inte." in missing.text
    live_server.kill(signal.SIGKILL)
    deadline = time.monotonic() + 15
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if running(pid)]


def test_work_larger_than_a_pipe_holds_goes_to_the_worker_through_a_private_file(app, monkeypatch):
    """A write to a full pipe blocks the whole event loop until the worker reads, and a worker that is
    starting or busy reads nothing: a 1 MB strategy sent to a starting worker froze the room 1.6 s."""
    from dialog_app import offload

    sent = []

    class Pipe:
        def submit(self, runner, work):
            sent.append(len(work))
            future = offload.concurrent.futures.Future()
            future.set_result(runner(work))  # as the worker would
            return future

    monkeypatch.setattr(offload, "_executor", lambda lane: Pipe())
    app.config["WORKER_PROCESSES"] = True
    strategy = "Kommunen ska korta handläggningstiden. " * 30_000  # about 1 MB
    spilled = set(os.listdir(offload.tempfile.gettempdir()))
    with app.app_context():
        assert offload.run_cpu(len, strategy) == len(strategy)
        assert offload.run_cpu(len, "kort") == 4
    assert max(sent) < offload.PIPE_SAFE_BYTES
    assert set(os.listdir(offload.tempfile.gettempdir())) == spilled  # the worker removed the file it read
