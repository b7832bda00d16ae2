"""The room while the server is attacked: idea → projector latency, one section per attack.

Each section starts a fresh `dialog-app demo` (eventlet, as in production), moves the evening to
its ideas phase, and runs its attack while a tablet sends an idea every 100 ms (waiting for each
acknowledgement, as the tablet's outbox does) and the projector shows them. It prints p50, p95 and
the slowest idea → projector, how many ideas were acknowledged and shown, and the server's peak
memory. "quiet" is the same room with no attack, for comparison.

    .venv/bin/python bench/attacks.py                   # every section
    .venv/bin/python bench/attacks.py login-storm quiet # some

To add an attack: a function ``(server, room) -> str`` that attacks and returns one line saying
what happened, registered with ``@attack("name", "what it does")`` (and ``settings=`` for the
server's DIALOG_APP_* variables, ``prepare=`` for what is done to the server before the room opens).
The room's helpers are in tests/support/liveroom.py.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from sessions import storage
from support import liveroom  # noqa: E402
from support.serverproc import DemoServer, start_demo_server  # noqa: E402


@dataclass
class Attack:
    name: str
    description: str
    run: Callable[[DemoServer, liveroom.Room], str]
    settings: dict = field(default_factory=dict)
    prepare: Callable[[DemoServer], None] | None = None


ATTACKS: dict[str, Attack] = {}


def attack(name: str, description: str, settings: dict | None = None,
           prepare: Callable[[DemoServer], None] | None = None):
    def register(function: Callable[[DemoServer, liveroom.Room], str]):
        ATTACKS[name] = Attack(name, description, function, settings or {}, prepare)
        return function

    return register


# --- the attacks -------------------------------------------------------------------------------

@attack("quiet", "no attack: the room alone for 10 s")
def quiet(server: DemoServer, room: liveroom.Room) -> str:
    time.sleep(10)
    return "nothing sent"


def _answers(statuses: dict[int, int]) -> str:
    return ", ".join(f"{count} × {status or 'no answer'}" for status, count in statuses.items())


@attack("login-storm", "200 wrong logins with made-up names, 20 at a time, each from its own address "
                       "(so no per-address limit spares a password check)")
def login_storm(server: DemoServer, room: liveroom.Room) -> str:
    started = time.perf_counter()
    statuses = liveroom.login_storm(room.base, attempts=200, at_once=20)
    return f"answers {_answers(statuses)} in {time.perf_counter() - started:.1f} s"


@attack("login-storm-one-address", "200 wrong logins with made-up names, 20 at a time, all from one address")
def login_storm_one_address(server: DemoServer, room: liveroom.Room) -> str:
    started = time.perf_counter()
    statuses = liveroom.login_storm(room.base, attempts=200, at_once=20, sources=["127.0.0.66"])
    return f"answers {_answers(statuses)} in {time.perf_counter() - started:.1f} s"


# --- join-code guesses and joins from the public link -------------------------------------------

def add_events(server: DemoServer, count: int = 300) -> None:
    """300 more evenings in the server's database: a code lookup that visits every event shows."""
    from sessions import storage
    from sessions.evening import events
    from sessions.evening.demo import DEMO_EVENT
    from sessions.ground import roles

    conn = storage.connect(server.db_path)
    try:
        for _ in range(count):
            events.create(conn, b"another-installation", roles.ORGANISER, DEMO_EVENT)
    finally:
        storage.close(conn)


def guess_join_codes(base: str, guesses: int = 1000, at_once: int = 20, per_second: float = 100,
                     sources: list[str] | None = None) -> str:
    """``guesses`` GETs of /j/<random code>, ``at_once`` in flight and about ``per_second`` (so the room is
    measured for a while), each from the next of ``sources``."""
    import random
    import string
    from concurrent.futures import ThreadPoolExecutor

    sources = sources or ["127.0.0.1"]
    alphabet = string.ascii_letters + string.digits + "-_"

    def guess(number: int) -> int:
        code = "".join(random.choice(alphabet) for _ in range(8))
        began = time.perf_counter()
        try:
            return liveroom.Browser(base, source=sources[number % len(sources)]).request("GET", f"/j/{code}")[0]
        except OSError:
            return 0
        finally:
            time.sleep(max(0.0, at_once / per_second - (time.perf_counter() - began)))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        statuses = list(pool.map(guess, range(guesses)))
    answers = {status: statuses.count(status) for status in sorted(set(statuses))}
    return f"answers {_answers(answers)} in {time.perf_counter() - started:.1f} s"


@attack("join-code-guesses", "1,000 guesses of the short code /j/<code>, 20 at a time (100 a second), from "
                             "one address, with 300 events stored", prepare=add_events)
def join_code_guesses(server: DemoServer, room: liveroom.Room) -> str:
    return guess_join_codes(room.base)


@attack("join-code-guesses-many-addresses", "1,000 guesses of /j/<code>, 20 at a time (100 a second), each "
                                            "from its own address (so no per-address limit spares a lookup), "
                                            "300 events stored",
        prepare=add_events)
def join_code_guesses_many_addresses(server: DemoServer, room: liveroom.Room) -> str:
    return guess_join_codes(room.base, sources=[f"127.0.{1 + n // 250}.{1 + n % 250}" for n in range(1000)])


@attack("join-flood", "110 connections on the participants' link from one address, 5 joins each at once, "
                      "again every 2 s for 10 s")
def join_flood(server: DemoServer, room: liveroom.Room) -> str:
    import asyncio

    import socketio

    link = server.links["participant"]
    base, token = liveroom.base_of(link), liveroom.token_of(link)

    async def flood() -> dict:
        phones = [socketio.AsyncClient(reconnection=False) for _ in range(110)]
        await asyncio.gather(*(phone.connect(base, auth={"token": token},
                                             transports=["websocket"]) for phone in phones))
        answers = []
        for wave in range(5):
            answers += await asyncio.gather(*(
                phone.call("participant:join", {"name": f"Spöke {wave}-{number}-{attempt}", "table": 1 + number % 6},
                           timeout=60)
                for number, phone in enumerate(phones) for attempt in range(5)))
            await asyncio.sleep(2)
        await asyncio.gather(*(phone.disconnect() for phone in phones))
        codes = ["joined" if answer["ok"] else answer["error"]["code"] for answer in answers]
        return {code: codes.count(code) for code in sorted(set(codes))}

    started = time.perf_counter()
    outcome = asyncio.run(flood())
    return f"joins: {', '.join(f'{count} × {code}' for code, count in outcome.items())} in " \
           f"{time.perf_counter() - started:.1f} s"


# --- heavy work asked for by organisers: exports, the imprint, a long people list ----------------

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def organiser_session(server: DemoServer) -> requests.Session:
    """A browser logged in as the organiser (the demo's organiser link)."""
    session = requests.Session()
    session.get(server.links["organiser"], timeout=60)
    return session


def event_url(room: liveroom.Room, event_id: str) -> str:
    return f"{room.base}/organiser/events/{event_id}"


def other_event(server: DemoServer):
    """A second event in the server's database for the attack's data, so the live evening is untouched."""
    from sessions.evening import events
    from sessions.evening.demo import DEMO_EVENT
    from sessions.ground import roles

    conn = storage.connect(server.db_path)
    try:
        return events.create(conn, b"bench", roles.ORGANISER, DEMO_EVENT | {"title": "Angripen kväll"})
    finally:
        storage.close(conn)


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


def seed_long_evening(server: DemoServer, ideas_count: int = 3000) -> str:
    """A second event with ``ideas_count`` ideas over six tables, two priorities each, six themes."""
    from sessions.evening import board, ideas, priorities
    from sessions.ground.roles import Principal, Role
    from support.evening import in_phase

    event = other_event(server)
    conn = storage.connect(server.db_path)
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


@attack("exports", "eight organisers download eight different XLSX files at the same moment (four 3,000-idea "
                   "evenings, each with and without names)")
def eight_exports(server: DemoServer, room: liveroom.Room) -> str:
    event_ids = [seed_long_evening(server) for _ in range(4)]
    urls = [f"{event_url(room, event_id)}/export?format=xlsx&names={names}"
            for event_id in event_ids for names in (0, 1)]
    sessions = [organiser_session(server) for _ in range(8)]
    started = time.perf_counter()
    files = _all_at_once(8, lambda n: _get_when_ready(sessions[n], urls[n]))
    took = time.perf_counter() - started
    good = sum(f.status_code == 200 and f.content[:2] == b"PK" for f in files)
    return f"{good} of 8 XLSX files ({max(len(f.content) for f in files) / 1024:.0f} KiB) in {took:.1f} s"


def big_strategy(megabytes: float = 1.9) -> str:
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


@attack("imprint-views", "the Åsby forum with a 1.9 MB strategy just read in (about the 2 million characters a "
                         "strategy may have; the 3.8 MB of issue 19 is refused at upload): ten organisers open the "
                         "imprint page at once, one waits until it shows the answer, then all ten open it at once "
                         "again")
def imprint_views(server: DemoServer, room: liveroom.Room) -> str:
    from sessions.documents import imprint
    from sessions.ground import roles
    from support.imprint_data import asby_evening

    event = other_event(server)
    conn = storage.connect(server.db_path)
    asby_evening(conn, event)
    imprint.save_strategy(conn, roles.ORGANISER, event.id, "strategi.md", big_strategy().encode("utf-8"))
    conn.close()
    sessions = [organiser_session(server) for _ in range(10)]
    url = f"{event_url(room, event.id)}/imprint"
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


@attack("people-list", "5,000 people on the list; ten organisers at once open it, its second page and a search")
def people_list(server: DemoServer, room: liveroom.Room) -> str:
    event = other_event(server)
    conn = storage.connect(server.db_path)
    genders = ("woman", "man", "unknown")
    with storage.transaction(conn):
        storage.insert_people(conn, event.id, [
            {"name": f"Person {n} Svensson", "organisation": f"Företag {n % 300} AB", "sector": "Företag",
             "gender": genders[n % 3], "inviter": f"Inbjudare {n % 20}", "contact": f"person{n}@example.se",
             "status": "invited"} for n in range(5000)], False, time.time())
    conn.close()
    sessions = [organiser_session(server) for _ in range(10)]
    url = f"{event_url(room, event.id)}/people"

    def browse(n: int) -> list[requests.Response]:
        return [sessions[n].get(address, timeout=300) for address in (url, f"{url}?page=2", f"{url}?q=f%C3%B6retag+12")]

    started = time.perf_counter()
    pages = [page for pages in _all_at_once(10, browse) for page in pages]
    took = time.perf_counter() - started
    rows = [page.text.count('data-testid="person-row"') for page in pages[:3]]
    return (f"30 views (list, page 2, a search) in {took:.1f} s, {sum(p.status_code == 200 for p in pages)} OK, "
            f"{max(len(p.content) for p in pages) / 1024:.0f} KiB at most; rows shown: {rows}")


def _upload_strategy(session: requests.Session, url: str, name: str, content: bytes) -> str:
    """Upload ``content`` as the strategy from the imprint page's form; the page's message after."""
    page = session.get(url, timeout=300).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = session.post(url, data={"csrf_token": token}, files={"strategy": (name, content)}, timeout=300)
    said = re.search(r'class="flash[^"]*"[^>]*>\s*([^<]+)<', answer.text)
    return f"{answer.status_code} {said.group(1).strip()[:60] if said else ''}".strip()


_BOMBS: dict[str, bytes] = {}


def build_bombs(server: DemoServer) -> None:
    """Made before the room opens: building a 1 GB bomb costs the bench's own CPU, not the server's."""
    from support import hostile_files

    gigabyte = hostile_files.docx(hostile_files.repeated(b" " * 1024, 1024 * 1024))
    _BOMBS.update({"1 GB bomb": gigabyte,
                   "1 GB bomb, lying": hostile_files.declare_size(gigabyte, "word/document.xml", 1000),
                   "entity bomb": hostile_files.hostile_strategies()["billion laughs (entities)"][1],
                   "5,000 paragraphs": hostile_files.normal_strategy()})


@attack("docx-bombs", "strategy uploads built to exhaust the server: a DOCX of 1 MB whose document unpacks to "
                      "1 GB (its directory honest, then lying), an entity bomb, and a normal 5,000-paragraph one",
        prepare=build_bombs)
def docx_bombs(server: DemoServer, room: liveroom.Room) -> str:
    files = _BOMBS
    session = organiser_session(server)
    url = f"{event_url(room, other_event(server).id)}/imprint"
    answers = []
    for name, content in files.items():
        started = time.perf_counter()
        answers.append(f"{name} ({len(content) / 1024:.0f} KiB): {_upload_strategy(session, url, 's.docx', content)}"
                       f" in {time.perf_counter() - started:.1f} s")
    return "; ".join(answers)


# --- the harness -------------------------------------------------------------------------------

def peak_memory_mb(pid: int, field: str = "VmHWM") -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def worker_processes(pid: int) -> list[int]:
    """The server's worker processes (exports, the imprint, reading files: dialog_app/offload.py)."""
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(child) for child in handle.read().split()]
        except OSError:
            pass
    return found


def measure(chosen: Attack, pause: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = start_demo_server(folder, settings=chosen.settings)
        try:
            if chosen.prepare is not None:
                chosen.prepare(server)
            room = liveroom.open_room(server.links)
            try:
                outcome = room.send_ideas_while(lambda: chosen.run(server, room), pause=pause)
            finally:
                room.close()
            memory = peak_memory_mb(server.process.pid)
            workers = sum(peak_memory_mb(child) for child in worker_processes(server.process.pid))
        finally:
            server.kill()
    latencies = room.to_projector_ms()
    acknowledged = sum(idea.ok for idea in room.ideas.values())
    print(f"## {chosen.name}: {chosen.description}")
    print(f"  {outcome}")
    print(f"  ideas sent {len(room.ideas)}, acknowledged {acknowledged}, shown on the projector {len(latencies)}")
    if latencies:
        print(f"  idea -> projector: p50 {statistics.median(latencies):.0f} ms, "
              f"p95 {liveroom.percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms")
    print(f"  server peak memory {memory:.0f} MB, its worker processes {workers:.0f} MB at their peaks")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("attacks", nargs="*", metavar="ATTACK",
                        help=f"sections to run (default: all): {', '.join(ATTACKS)}")
    parser.add_argument("--pause-ms", type=float, default=100.0, help="the tablet's pause between ideas")
    args = parser.parse_args()
    unknown = [name for name in args.attacks if name not in ATTACKS]
    if unknown:
        parser.error(f"no such attack: {', '.join(unknown)} (there are: {', '.join(ATTACKS)})")
    for name in args.attacks or ATTACKS:
        measure(ATTACKS[name], args.pause_ms / 1000)


if __name__ == "__main__":
    main()
