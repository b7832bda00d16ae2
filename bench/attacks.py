"""The live room under attack: idea → projector while someone outside the room loads the server.

Each attack is a function in ATTACKS. The shared harness serves the app as `dialog-app demo` does
(eventlet, its own temporary database), moves the demo evening to the brainstorm and has one table's
tablet send an idea every 1/RATE seconds, one at a time as the tablet's outbox does, while a
projector listens. An attack prepares what it needs (in a second event, so the live evening is
untouched), then loads the server inside ``with h.under_attack():``. For the ideas sent inside that
window the harness prints idea → projector p50/p95, how many were acknowledged and shown, and the
server's peak memory (its own process, and the worker processes it started, apart).

    .venv/bin/python bench/attacks.py                       # every attack
    .venv/bin/python bench/attacks.py --attack "8 exports at once" --rate 5

Targets (issue 19): p95 under 500 ms, every idea acknowledged and shown, server memory under 800 MB.
To measure another checkout's code, put it first on PYTHONPATH (the server is started with it).
"""

import argparse
import contextlib
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable

import requests
import socketio

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from serverproc import start_demo_server  # noqa: E402

ROOT = os.path.dirname(HERE)
ATTACKS: dict[str, Callable[["Harness"], str]] = {}


def attack(name: str):
    """Register ``function(h) -> str`` (a line saying what the attack did) under ``name``."""
    def register(function):
        ATTACKS[name] = function
        return function
    return register


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] if ordered else float("nan")


def _rss_kib(pid: int, field: str = "VmRSS") -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(child) for child in handle.read().split()]
    except OSError:
        pass
    return found


class Harness:
    """A served evening with a tablet typing steadily and a projector watching; see the module text."""

    def __init__(self, folder: str, rate: float = 5.0):
        self.folder, self.rate = folder, rate
        self.server = start_demo_server(folder)
        self.links = self.server.links
        self.base = self.links["organiser"].split("/o/")[0]
        self.organiser = self.session()
        leader = self._connect(self.links["leader"])
        for phase in ("setup", "warmup"):
            leader.call("phase:advance", {"from": phase}, timeout=30)
        leader.disconnect()
        self.sent: dict[str, float] = {}
        self.acked: dict[str, float] = {}
        self.shown: dict[str, float] = {}
        self.failures: list[str] = []
        self.reconnects = 0
        self.window: list[float] = []
        self.peak_server_kib = 0
        self.peak_workers_kib = 0
        self._stop = threading.Event()
        self.projector = socketio.Client(reconnection=False)
        self.projector.on("idea:saved", self._on_saved)
        self.projector.connect(self.base, auth={"token": self._token(self.links["projector"])},
                               transports=["websocket"], wait_timeout=30)
        self.tablet = self._connect(self.links["tables"][0]["secretary"])
        self._threads = [threading.Thread(target=self._type, daemon=True),
                         threading.Thread(target=self._sample_memory, daemon=True)]
        for thread in self._threads:
            thread.start()

    # --- what the attacks use ---------------------------------------------------------------------

    def session(self) -> requests.Session:
        """A browser logged in as the organiser."""
        session = requests.Session()
        session.get(self.links["organiser"], timeout=60)
        return session

    def event_url(self, event_id: str) -> str:
        return f"{self.base}/organiser/events/{event_id}"

    def database(self):
        from sessions import storage

        return storage.connect(self.server.db_path)

    def other_event(self):
        """A second event in the server's database, for the attack's data."""
        from sessions import events, roles
        from sessions.demo import DEMO_EVENT

        conn = self.database()
        try:
            return events.create(conn, b"bench", roles.ORGANISER, DEMO_EVENT | {"title": "Angripen kväll"})
        finally:
            conn.close()

    @contextlib.contextmanager
    def under_attack(self):
        self.window = [time.perf_counter()]
        try:
            yield
        finally:
            self.window.append(time.perf_counter())

    # --- the room ----------------------------------------------------------------------------------

    @staticmethod
    def _token(url: str) -> str:
        return url.rsplit("/", 1)[1]

    def _connect(self, url: str) -> socketio.Client:
        client = socketio.Client(reconnection=False)
        client.connect(self.base, auth={"token": self._token(url), "lang": "sv"}, transports=["websocket"],
                       wait_timeout=30)
        return client

    def _on_saved(self, data) -> None:
        self.shown.setdefault(data["idea"]["id"], time.perf_counter())

    def _type(self) -> None:
        """One idea every 1/rate s, the next only after the last one's acknowledgement (the outbox)."""
        due, number = time.perf_counter(), 0
        while not self._stop.is_set():
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            due = max(due + 1 / self.rate, time.perf_counter())
            idea_id, number = str(uuid.uuid4()), number + 1
            self.sent[idea_id] = time.perf_counter()
            try:
                answer = self.tablet.call("idea:add", {"id": idea_id, "text": f"Idé {number}: snabbare bygglov"},
                                          timeout=30)
                if answer.get("ok"):
                    self.acked[idea_id] = time.perf_counter()
                else:
                    self.failures.append(str(answer))
            except Exception as error:  # a timeout or a dropped socket: the idea is not acknowledged
                self.failures.append(f"{type(error).__name__}: {error}")
                self._reconnect()

    def _reconnect(self) -> None:
        """The tablet connects again, as its page does, until the server answers."""
        while not self.tablet.connected and not self._stop.is_set():
            self.reconnects += 1
            try:
                self.tablet = self._connect(self.links["tables"][0]["secretary"])
            except Exception as error:
                self.failures.append(f"reconnect: {type(error).__name__}: {error}")
                time.sleep(1)

    def _sample_memory(self) -> None:
        pid = self.server.process.pid
        while not self._stop.is_set():
            if not self.projector.connected:  # dropped: the projector's page connects again
                self.reconnects += 1
                with contextlib.suppress(Exception):
                    self.projector = socketio.Client(reconnection=False)
                    self.projector.on("idea:saved", self._on_saved)
                    self.projector.connect(self.base, auth={"token": self._token(self.links["projector"])},
                                           transports=["websocket"], wait_timeout=30)
            self.peak_server_kib = max(self.peak_server_kib, _rss_kib(pid, "VmHWM"))
            self.peak_workers_kib = max(self.peak_workers_kib, sum(_rss_kib(child) for child in _children(pid)))
            time.sleep(0.1)

    def figures(self) -> dict:
        start, end = self.window
        in_window = [i for i, at in list(self.sent.items()) if start <= at <= end]
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and not all(i in self.shown for i in in_window):
            time.sleep(0.1)
        latencies = [(self.shown[i] - self.sent[i]) * 1000 for i in in_window if i in self.shown]
        return {"sent": len(in_window), "acked": sum(i in self.acked for i in in_window),
                "shown": len(latencies), "p50": statistics.median(latencies) if latencies else float("nan"),
                "p95": percentile(latencies, 0.95), "max": max(latencies, default=float("nan")),
                "seconds": end - start, "server_mb": self.peak_server_kib / 1024,
                "workers_mb": self.peak_workers_kib / 1024, "failures": self.failures[:3],
                "reconnects": self.reconnects}

    def close(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)
        for client in (self.tablet, self.projector):
            with contextlib.suppress(Exception):
                client.disconnect()
        self.server.kill()


# --- the attacks -------------------------------------------------------------------------------------

def _get_when_ready(session: requests.Session, url: str, *, timeout: float = 300) -> requests.Response:
    """GET ``url`` as a browser does: a page saying the file is being prepared refreshes itself until
    the file comes (a server without such a page answers with the file at once)."""
    deadline = time.perf_counter() + timeout
    while True:
        response = session.get(url, timeout=timeout)
        refresh = re.search(r'http-equiv="refresh" content="(\d+)(?:;\s*url=([^"]+))?"', response.text[:4000]) \
            if response.headers.get("Content-Type", "").startswith("text/html") else None
        if refresh is None or time.perf_counter() > deadline:
            return response
        time.sleep(int(refresh.group(1)))
        if refresh.group(2):
            url = requests.compat.urljoin(url, refresh.group(2).replace("&amp;", "&"))


def _all_at_once(count: int, call: Callable[[int], object]) -> list:
    results: list = [None] * count

    def one(index: int) -> None:
        results[index] = call(index)

    threads = [threading.Thread(target=one, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def seed_long_evening(h: Harness, ideas_count: int = 3000) -> str:
    """A second event with ``ideas_count`` ideas over six tables, two priorities each, six themes."""
    from conftest import in_phase
    from sessions import board, ideas, priorities
    from sessions.roles import Principal, Role

    from sessions import storage

    event = h.other_event()
    conn = h.database()
    with storage.transaction(conn):
        for number in range(ideas_count):
            ideas.seed(conn, Principal(Role.SECRETARY, event.id, number % 6 + 1), str(uuid.uuid4()),
                       f"Idé {number} om bygglov, skola, pendling och bredband")
    in_phase(conn, event, "prioritise")
    for table in range(1, 7):
        for text in (f"Prioritet {table}a om bygglov", f"Prioritet {table}b om skolan"):
            priorities.add_text(conn, Principal(Role.SECRETARY, event.id, table), str(uuid.uuid4()), text)
    in_phase(conn, event, "theming")
    board.suggest(conn, Principal(Role.LEADER, event.id),
                  lambda texts, n: [(f"Tema {i}", [2 * i, 2 * i + 1]) for i in range(6)])
    conn.close()
    return event.id


@attack("8 exports at once")
def eight_exports(h: Harness) -> str:
    """Eight organisers download eight different XLSX files (four 3,000-idea evenings, each with and
    without names) at the same moment."""
    event_ids = [seed_long_evening(h) for _ in range(4)]
    urls = [f"{h.event_url(event_id)}/export?format=xlsx&names={names}" for event_id in event_ids for names in (0, 1)]
    sessions = [h.session() for _ in range(8)]
    with h.under_attack():
        started = time.perf_counter()
        files = _all_at_once(8, lambda n: _get_when_ready(sessions[n], urls[n]))
        took = time.perf_counter() - started
    good = sum(f.status_code == 200 and f.content[:2] == b"PK" for f in files)
    return f"{good} of 8 XLSX files ({max(len(f.content) for f in files) / 1024:.0f} KiB) in {took:.1f} s"


def big_strategy(megabytes: float = 3.8) -> str:
    """A strategy of ``megabytes``: the Åsby programme's sections again and again, each numbered."""
    with open(os.path.join(ROOT, "tests", "data", "imprint", "naringslivsprogram-asby.md"), encoding="utf-8") as handle:
        text = handle.read()
    parts, size, copy = [], 0, 0
    while size < megabytes * 1024 * 1024:
        copy += 1
        part = re.sub(r"^(#+ .*)$", rf"\1 (del {copy})", text, flags=re.M)
        parts.append(part)
        size += len(part.encode("utf-8"))
    return "\n\n".join(parts)


@attack("10 imprint page views at once with a 3.8 MB strategy")
def imprint_views(h: Harness) -> str:
    """The Åsby forum with a 3.8 MB strategy just read in: ten organisers open the imprint page at once,
    one waits until it shows the answer, and then all ten open it at once again."""
    from imprint_data import asby_evening
    from sessions import imprint, roles

    event = h.other_event()
    conn = h.database()
    asby_evening(conn, event)
    imprint.save_strategy(conn, roles.ORGANISER, event.id, "strategi.md", big_strategy().encode("utf-8"))
    conn.close()
    sessions = [h.session() for _ in range(10)]
    url = f"{h.event_url(event.id)}/imprint"
    with h.under_attack():
        started = time.perf_counter()
        first = _all_at_once(10, lambda n: sessions[n].get(url, timeout=300))
        answered = time.perf_counter() - started
        shown = _get_when_ready(sessions[0], url)
        computed = time.perf_counter() - started
        again = _all_at_once(10, lambda n: sessions[n].get(url, timeout=300))
        took = time.perf_counter() - started - computed
    summary = re.search(r'data-testid="imprint-summary">([^<]*)<', shown.text)
    pages = first + again
    return (f"10 views answered in {answered:.1f} s, the answer shown after {computed:.1f} s "
            f"({summary.group(1).strip() if summary else 'not shown'}), 10 more views in {took:.1f} s; "
            f"{sum(p.status_code == 200 for p in pages)} of 20 OK, {max(len(p.content) for p in again) / 1024:.0f} KiB")


@attack("people list of 5,000")
def people_list(h: Harness) -> str:
    """5,000 people on the list; ten organisers at once open it, its second page and a search."""
    from sessions import storage

    event = h.other_event()
    conn = h.database()
    genders = ("woman", "man", "unknown")
    with storage.transaction(conn):
        storage.insert_people(conn, event.id, [
            {"name": f"Person {n} Svensson", "organisation": f"Företag {n % 300} AB", "sector": "Företag",
             "gender": genders[n % 3], "inviter": f"Inbjudare {n % 20}", "contact": f"person{n}@example.se",
             "status": "invited"} for n in range(5000)], False, time.time())
    conn.close()
    sessions = [h.session() for _ in range(10)]
    url = f"{h.event_url(event.id)}/people"

    def browse(n: int) -> list[requests.Response]:
        return [sessions[n].get(address, timeout=300) for address in (url, f"{url}?page=2", f"{url}?q=f%C3%B6retag+12")]

    with h.under_attack():
        started = time.perf_counter()
        pages = [page for pages in _all_at_once(10, browse) for page in pages]
        took = time.perf_counter() - started
    rows = [page.text.count('data-testid="person-row"') for page in pages[:3]]
    return (f"30 views (list, page 2, a search) in {took:.1f} s, {sum(p.status_code == 200 for p in pages)} OK, "
            f"{max(len(p.content) for p in pages) / 1024:.0f} KiB at most; rows shown: {rows}")


def run(name: str, rate: float) -> tuple[str, dict]:
    with tempfile.TemporaryDirectory() as folder:
        h = Harness(folder, rate)
        try:
            time.sleep(1)  # the room settles: a few ideas before the attack
            what = ATTACKS[name](h)
            time.sleep(1)
            return what, h.figures()
        finally:
            h.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attack", action="append", choices=sorted(ATTACKS), help="(repeatable; default: all)")
    parser.add_argument("--rate", type=float, default=5.0, help="ideas per second from the typing tablet")
    args = parser.parse_args()
    import dialog_app

    print(f"code: {os.path.dirname(os.path.dirname(os.path.abspath(dialog_app.__file__)))}; "
          f"one tablet, {args.rate:g} ideas/s; targets: p95 < 500 ms, every idea acknowledged and shown, "
          "server < 800 MB")
    for name in args.attack or list(ATTACKS):
        what, f = run(name, args.rate)
        met = f["p95"] < 500 and f["acked"] == f["shown"] == f["sent"] and f["server_mb"] < 800
        verdict = "OK" if met else "MISSED"
        print(f"\n{name}: {what}")
        print(f"  idea -> projector p50 {f['p50']:.0f} ms, p95 {f['p95']:.0f} ms, max {f['max']:.0f} ms over "
              f"{f['seconds']:.1f} s; {f['sent']} ideas sent, {f['acked']} acknowledged, {f['shown']} shown"
              f"{'; %d reconnections (tablet or projector)' % f['reconnects'] if f['reconnects'] else ''}")
        print(f"  peak memory: server {f['server_mb']:.0f} MB, its worker processes {f['workers_mb']:.0f} MB  "
              f"[{verdict}]")
        if f["failures"]:
            print(f"  failures: {f['failures']}")


if __name__ == "__main__":
    main()
