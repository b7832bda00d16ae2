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
The room's helpers are in tests/liveroom.py.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import liveroom  # noqa: E402
from serverproc import DemoServer, start_demo_server  # noqa: E402


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
    from sessions import events, roles, storage
    from sessions.demo import DEMO_EVENT

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
        await asyncio.gather(*(phone.connect(base, auth={"token": token}, transports=["websocket"]) for phone in phones))
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


# --- the harness -------------------------------------------------------------------------------

def peak_memory_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


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
    print(f"  server peak memory {memory:.0f} MB")


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
