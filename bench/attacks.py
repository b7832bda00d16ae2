"""Attacks from outside the room, each while the room works: idea -> projector p50/p95 during the attack.

For each attack the real server (`dialog-app demo`, eventlet) is started afresh and brought to the
brainstorm; six tablets then send an idea each every INTERVAL (waiting for the acknowledgement, as
the tablet's outbox does) for as long as the attack runs. Prints, per attack: ideas acknowledged and
shown on the projector, idea -> projector p50/p95/max, the server's peak memory, and the attack's
own figures.

    .venv/bin/python bench/attacks.py [--attack "join-code guesses" ...] [--interval-ms 1000]

An attack is one function ``attack(server, ready) -> dict`` registered in ATTACKS: it prepares what it
needs (more events, a file), calls ``ready()`` (the room starts writing), attacks until it is done, and
returns its own figures to print. Every client here shares one address (127.0.0.1) with the room.
"""

import argparse
import http.client
import os
import random
import statistics
import string
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import socketio

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from serverproc import start_demo_server  # noqa: E402

TABLETS = 6
MIN_IDEAS_PER_TABLET = 5


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


def base_of(url: str) -> str:
    return url.split("/")[0] + "//" + url.split("/")[2]


def connect(base: str, token: str) -> socketio.Client:
    client = socketio.Client(reconnection=False)
    client.connect(base, auth={"token": token, "lang": "sv"}, transports=["websocket"], wait_timeout=10)
    return client


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# --- the shared harness --------------------------------------------------------------------------

def measure_while(server, attack, interval: float) -> dict:
    """Run ``attack`` against ``server`` while six tablets write; returns the room's and the attack's figures."""
    links = server.links
    base = base_of(links["leader"])
    leader = connect(base, token_of(links["leader"]))
    for phase in ("setup", "warmup"):
        assert leader.call("phase:advance", {"from": phase}, timeout=10)["ok"]
    arrived: dict[str, float] = {}
    projector = socketio.Client(reconnection=False)
    projector.on("idea:saved", lambda data: arrived.setdefault(data["idea"]["id"], time.perf_counter()))
    projector.connect(base, auth={"token": token_of(links["projector"])}, transports=["websocket"])
    tablets = [connect(base, token_of(table["secretary"])) for table in links["tables"][:TABLETS]]

    ready, outcome = threading.Event(), {}

    def run_attack() -> None:
        try:
            outcome.update(attack(server, ready.set) or {})
        finally:
            ready.set()

    attacker = threading.Thread(target=run_attack, daemon=True)
    attacker.start()
    ready.wait()
    sent: dict[str, float] = {}
    unacknowledged = []

    def write(number: int, tablet: socketio.Client) -> None:
        count = 0
        while attacker.is_alive() or count < MIN_IDEAS_PER_TABLET:
            idea_id = str(uuid.uuid4())
            sent[idea_id] = time.perf_counter()
            try:
                answer = tablet.call("idea:add", {"id": idea_id, "text": f"Bord {number}, idé {count}: bredband"},
                                     timeout=30)
            except socketio.exceptions.TimeoutError:
                answer = None
            if not (answer or {}).get("ok"):
                unacknowledged.append(idea_id)
            count += 1
            time.sleep(interval)

    writers = [threading.Thread(target=write, args=(number, tablet)) for number, tablet in enumerate(tablets, 1)]
    started = time.perf_counter()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    attacker.join()
    deadline = time.perf_counter() + 30
    while len(sent.keys() & arrived.keys()) < len(sent) and time.perf_counter() < deadline:
        time.sleep(0.05)
    latencies = [(arrived[idea] - sent[idea]) * 1000 for idea in sent if idea in arrived]
    for client in (leader, projector, *tablets):
        client.disconnect()
    return {"ideas": len(sent), "acknowledged": len(sent) - len(unacknowledged), "shown": len(latencies),
            "p50": statistics.median(latencies), "p95": percentile(latencies, 0.95), "max": max(latencies),
            "seconds": time.perf_counter() - started, "memory_mb": peak_memory_mb(server.process.pid),
            "attack": outcome}


# --- the attacks ---------------------------------------------------------------------------------

GUESSES = 1000
GUESSERS = 20
EXTRA_EVENTS = 300


def add_events(db_path: str, count: int) -> None:
    """``count`` more evenings in the server's database, so a lookup that visits every event shows."""
    from sessions import events, roles, storage
    from sessions.demo import DEMO_EVENT

    conn = storage.connect(db_path)
    try:
        for _ in range(count):
            events.create(conn, b"another-installation", roles.ORGANISER, DEMO_EVENT)
    finally:
        storage.close(conn)


def guess_join_codes(server, ready) -> dict:
    """1,000 anonymous GETs of /j/<random code> from GUESSERS connections at once, with 300 events stored."""
    add_events(server.db_path, EXTRA_EVENTS)
    host, port = "127.0.0.1", server.port
    alphabet = string.ascii_letters + string.digits + "-_"
    statuses: Counter = Counter()
    seconds: list[float] = []

    def guesser(count: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        for _ in range(count):
            code = "".join(random.choice(alphabet) for _ in range(8))
            began = time.perf_counter()
            connection.request("GET", f"/j/{code}")
            response = connection.getresponse()
            response.read()
            seconds.append(time.perf_counter() - began)
            statuses[response.status] += 1
        connection.close()

    ready()
    began = time.perf_counter()
    with ThreadPoolExecutor(GUESSERS) as pool:
        list(pool.map(guesser, [GUESSES // GUESSERS] * GUESSERS))
    took = time.perf_counter() - began
    return {"guesses": sum(statuses.values()), "answers": dict(sorted(statuses.items())),
            "guess p50 ms": round(statistics.median(seconds) * 1000, 1), "seconds": round(took, 1)}


FLOOD_CONNECTIONS = 110
JOINS_PER_CONNECTION = 5


def flood_joins(server, ready) -> dict:
    """110 connections on the participants' link, each sending 5 joins at once (500 in ~3 s on main)."""
    import asyncio

    base, token = base_of(server.links["participant"]), token_of(server.links["participant"])

    async def flood() -> Counter:
        phones = [socketio.AsyncClient(reconnection=False) for _ in range(FLOOD_CONNECTIONS)]
        await asyncio.gather(*(phone.connect(base, auth={"token": token}, transports=["websocket"]) for phone in phones))
        ready()
        answers = await asyncio.gather(*(
            phone.call("participant:join", {"name": f"Spöke {number}-{attempt}", "table": 1 + number % 6}, timeout=60)
            for number, phone in enumerate(phones) for attempt in range(JOINS_PER_CONNECTION)))
        await asyncio.gather(*(phone.disconnect() for phone in phones))
        return Counter("joined" if answer["ok"] else answer["error"]["code"] for answer in answers)

    began = time.perf_counter()
    outcome = asyncio.run(flood())
    return {"answers": dict(outcome), "seconds": round(time.perf_counter() - began, 1)}


ATTACKS = {
    "join-code guesses": guess_join_codes,
    "join flood": flood_joins,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attack", action="append", choices=sorted(ATTACKS), help="default: every attack")
    parser.add_argument("--interval-ms", type=float, default=1000, help="each tablet's pause between ideas")
    args = parser.parse_args()
    print(f"{TABLETS} tablets send an idea each every {args.interval_ms:.0f} ms while each attack runs")
    print("| attack | ideas acked/shown/sent | p50 ms | p95 ms | max ms | server peak MB | the attack |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name in args.attack or list(ATTACKS):
        with tempfile.TemporaryDirectory() as folder:
            server = start_demo_server(folder)
            try:
                result = measure_while(server, ATTACKS[name], args.interval_ms / 1000)
            finally:
                server.kill()
        print(f"| {name} | {result['acknowledged']}/{result['shown']}/{result['ideas']} | {result['p50']:.0f} | "
              f"{result['p95']:.0f} | {result['max']:.0f} | {result['memory_mb']:.0f} | {result['attack']} |")


if __name__ == "__main__":
    main()
