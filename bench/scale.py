"""Many evenings at once: idea → projector over two workers behind nginx with Redis, against one worker.

EVENTS evenings run at the same time, each with 6 tablets, PHONES participants' phones and a
projector (python-socketio AsyncClients in this one process, WebSocket transport). In the measured
window every tablet types IDEAS ideas, one every INTERVAL seconds on average (each waits for its
acknowledgement, as the tablet's outbox does), while the phones join their tables at random moments
(each join sends seat counts to the whole evening). Set-ups, each on a fresh shared database:

  one        1 worker, clients connect to it directly (one laptop on a venue LAN; no Redis)
  one-nginx  1 worker behind nginx, with Redis (what the proxy and the queue cost on their own)
  two        2 workers behind nginx (deploy/nginx/dialog-app.conf as shipped), with Redis

nginx runs Debian's own nginx.conf with what docs/deploy.md adds (tests/support/nginxproc.py), so the bench
meets the limits an operator gets; --nginx stock leaves Debian's (about 750 phones on two cores).

Behind nginx every client carries its own route cookie, as a browser does, so nginx spreads an
evening's devices over the workers. Prints, per set-up: idea → projector p50/p95/p99/max, submit →
acknowledgement p50/p99, ideas delivered to the projectors and stored in the database (each of
SENT), joins refused, and the CPU seconds of the workers and of this client process during the load (it
shares the machine's cores with the servers). When something gave way it also prints where: devices
that could not connect, calls never answered, connections lost (with how late this client's own event
loop ran), whether nginx ran short of connections or open files, and the errors in the workers' logs.

    .venv/bin/python bench/scale.py [--events 10] [--phones 60] [--ideas 20] [--interval 1.0]
                                    [--setups one,one-nginx,two] [--database sqlite|postgresql]
                                    [--nginx documented|stock] [--logs DIR]

A set-up may name its own database, so one run compares them under the same machine load:
    .venv/bin/python bench/scale.py --setups one:sqlite,two:postgresql
PostgreSQL is a server of the bench's own (Debian's initdb and pg_ctl, fsync on); the workers share it.
"""

import argparse
import asyncio
import contextlib
import os
import random
import re
import resource
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import socketio

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from support.nginxproc import ROUTE_COOKIE, start_nginx  # noqa: E402
from support.serverproc import start_redis, start_worker  # noqa: E402

TABLES = 6
# What nginx writes (at level warn, as tests/support/nginxproc.py sets it) when it runs short.
NGINX_SHORTAGES = ("worker_connections are not enough", "Too many open files")


@dataclass(frozen=True)
class Setup:
    title: str
    workers: int
    behind_nginx: bool
    message_queue: bool


SETUPS = {
    "one": Setup("1 worker, direct, no Redis", 1, False, False),
    "one-nginx": Setup("1 worker behind nginx, Redis", 1, True, True),
    "two": Setup("2 workers behind nginx, Redis", 2, True, True),
}


@contextlib.contextmanager
def sqlite_database(folder: str):
    yield os.path.join(folder, "evenings.sqlite")


@contextlib.contextmanager
def postgresql_database(folder: str):
    """A PostgreSQL server of the bench's own (initdb, pg_ctl), fsync on as a real deployment has
    it, and an empty database on it that the first worker migrates."""
    from support.pgserver import start_postgres

    server = start_postgres(os.path.join(folder, "postgres"), durable=True)
    try:
        yield server.fresh_database(template=None)
    finally:
        server.stop()


# What every worker gets as DIALOG_APP_DATABASE, made fresh for each set-up.
DATABASES = {"sqlite": sqlite_database, "postgresql": postgresql_database}


def setup_name(setup: Setup) -> str:
    return next(name for name, known in SETUPS.items() if known == setup)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def prepare_evenings(database: str, secret: str, count: int) -> tuple[object, list[dict]]:
    """``count`` demo evenings in the brainstorm, and each one's role tokens (from the links the
    organiser's page would show, as the tests take them)."""
    from dialog_app import create_app
    from dialog_app.cli import _event_links
    from dialog_app.db import get_db, token_secret
    from sessions.evening import phase_changes
    from sessions.evening.demo import create_demo_event
    from sessions.ground.roles import Principal, Role

    def token_of(url: str) -> str:
        return url.rsplit("/", 1)[1]

    app = create_app({"DATABASE": database, "SECRET_KEY": secret})
    evenings = []
    for _ in range(count):
        with app.app_context():
            conn = get_db()
            event = create_demo_event(conn, token_secret())
            for phase in ("setup", "warmup"):
                phase_changes.advance(conn, Principal(Role.LEADER, event.id), expected=phase)
        links = _event_links(app, "http://127.0.0.1", event.id)
        evenings.append({"event_id": event.id, "projector": token_of(links["projector"]),
                         "participant": token_of(links["participant"]),
                         "secretaries": {table["number"]: token_of(table["secretary"]) for table in links["tables"]}})
    return app, evenings


def stored_ideas(app, event_id: str) -> int:
    from dialog_app.db import get_db
    from sessions.documents.document import build_export
    from sessions.ground import roles

    with app.app_context():
        return len(build_export(get_db(), roles.ORGANISER, event_id)["ideas"])


@dataclass
class Measures:
    sent: dict = field(default_factory=dict)  # idea id -> submit time
    acked: dict = field(default_factory=dict)
    arrived: dict = field(default_factory=dict)  # idea id -> first arrival at its evening's projector
    refused_ideas: int = 0
    refused_joins: Counter = field(default_factory=Counter)  # refusal code -> how many
    # What went wrong on the way rather than in the app's answer (error -> how many): a device that could
    # not connect, a call with no answer, a connection lost during the load. Counted, so the bench reports
    # how far a set-up got instead of stopping at the first.
    failed_connects: Counter = field(default_factory=Counter)
    failed_calls: Counter = field(default_factory=Counter)
    dropped: int = 0
    client_lag: float = 0.0  # the most this process's event loop ran late


def failure(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:80]


class Device:
    def __init__(self, url: str, token: str, cookie: str | None):
        self.url, self.token = url, token
        self.headers = {"Cookie": f"{ROUTE_COOKIE}={cookie}"} if cookie else {}
        self.client = socketio.AsyncClient(reconnection=False)

    async def connect(self, measures: "Measures") -> None:
        try:
            await self.client.connect(self.url, auth={"token": self.token, "lang": "sv"}, headers=self.headers,
                                      transports=["websocket"], wait_timeout=60)
        except Exception as error:  # noqa: BLE001 - counted and reported: how many got through is a result
            measures.failed_connects[failure(error)] += 1
            return

        @self.client.on("disconnect")
        def dropped(*args):
            measures.dropped += 1

    async def call(self, measures: "Measures", event: str, payload: dict) -> dict | None:
        """The acknowledgement, or None (counted) when there was none."""
        try:
            return await self.client.call(event, payload, timeout=60)
        except Exception as error:  # noqa: BLE001 - counted and reported, as above
            measures.failed_calls[failure(error)] += 1
            return None


async def run_load(url: str, evenings: list[dict], behind_nginx: bool, phones: int, ideas: int, interval: float,
                   seed: int) -> Measures:
    rng = random.Random(seed)
    measures = Measures()

    def cookie() -> str | None:
        return uuid.uuid4().hex if behind_nginx else None

    projectors, tablets, joiners = [], [], []
    for evening in evenings:
        projector = Device(url, evening["projector"], cookie())

        def on_idea(data, arrived=measures.arrived):
            arrived.setdefault(data["idea"]["id"], time.perf_counter())

        projector.client.on("idea:saved", on_idea)
        projectors.append(projector)
        tablets += [(number, Device(url, evening["secretaries"][number], cookie())) for number in range(1, TABLES + 1)]
        joiners += [(1 + index % TABLES, Device(url, evening["participant"], cookie())) for index in range(phones)]
    devices = projectors + [device for _, device in tablets] + [device for _, device in joiners]

    async def watch_lag() -> None:
        # This process answers every device's pings: late by 10 s (the server's ping timeout), it loses them.
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.5)
            measures.client_lag = max(measures.client_lag, time.perf_counter() - before - 0.5)

    watcher = asyncio.get_running_loop().create_task(watch_lag())
    for start in range(0, len(devices), 50):
        await asyncio.gather(*(device.connect(measures) for device in devices[start:start + 50]))

    window = ideas * interval

    async def type_ideas(number: int, tablet: Device) -> None:
        await asyncio.sleep(rng.uniform(0, interval))
        for index in range(ideas):
            idea_id = str(uuid.uuid4())
            measures.sent[idea_id] = time.perf_counter()
            answer = await tablet.call(measures, "idea:add", {"id": idea_id, "text": f"Bord {number}, idé {index}: "
                                                              "ett lotsnummer för nya företag"})
            if answer is None:
                continue
            measures.acked[idea_id] = time.perf_counter()
            if not answer.get("ok"):
                measures.refused_ideas += 1
            await asyncio.sleep(rng.uniform(0.5, 1.5) * interval)

    async def join(table: int, phone: Device, name: str) -> None:
        await asyncio.sleep(rng.uniform(0, window))
        answer = await phone.call(measures, "participant:join", {"name": name, "table": table})
        if answer is not None and not answer.get("ok"):
            measures.refused_joins[answer["error"]["code"]] += 1

    await asyncio.gather(*(type_ideas(number, tablet) for number, tablet in tablets),
                         *(join(table, phone, f"Deltagare {index}") for index, (table, phone) in enumerate(joiners)))
    # Wait for the broadcasts still on their way (a bench may wait; it reports what never came).
    deadline = time.perf_counter() + 30
    while len(measures.arrived.keys() & measures.sent.keys()) < len(measures.sent) and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    watcher.cancel()
    dropped, measures.dropped = measures.dropped, 0
    await asyncio.gather(*(device.client.disconnect() for device in devices), return_exceptions=True)
    measures.dropped = dropped
    return measures


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_setup(setup: Setup, database_kind: str, args) -> dict:
    with tempfile.TemporaryDirectory() as folder, DATABASES[database_kind](folder) as database:
        secret = secrets.token_hex(32)
        app, evenings = prepare_evenings(database, secret, args.events)
        redis_process, queue = start_redis(folder) if setup.message_queue else (None, None)
        workers, nginx = [], None
        try:
            for number in range(setup.workers):
                workers.append(start_worker(folder, database, name=f"worker{number + 1}", secret=secret,
                                            message_queue=queue))
            if setup.behind_nginx:
                nginx = start_nginx(os.path.join(folder, "nginx"), [worker.port for worker in workers],
                                    documented=args.nginx == "documented")
                url = nginx.base_url
            else:
                url = f"http://127.0.0.1:{workers[0].port}"
            client_cpu, worker_cpu = time.process_time(), [cpu_seconds(worker.process.pid) for worker in workers]
            measures = asyncio.run(run_load(url, evenings, setup.behind_nginx, args.phones, args.ideas,
                                            args.interval, args.seed))
            client_cpu = time.process_time() - client_cpu
            worker_cpu = [cpu_seconds(worker.process.pid) - before for worker, before in zip(workers, worker_cpu)]
            stored = sum(stored_ideas(app, evening["event_id"]) for evening in evenings)
            # Whose limit it was: nginx says when it ran short; a worker logs what failed in it.
            shortages = Counter(cause for line in (nginx.error_log() if nginx else "").splitlines()
                                for cause in NGINX_SHORTAGES if cause in line)
            worker_errors = Counter()
            for worker in workers:
                worker_errors.update(re.findall(r"^([\w.]+(?:Error|Timeout|Exception)):", worker.log(), re.MULTILINE))
                if args.logs:
                    # Kept for reading after the run (the set-up's folder goes with it).
                    os.makedirs(args.logs, exist_ok=True)
                    shutil.copy(worker.log_path, os.path.join(args.logs, f"{setup_name(setup)}-{database_kind}-"
                                                              f"{os.path.basename(worker.log_path)}"))
        finally:
            if nginx:
                nginx.stop()
            for worker in workers:
                worker.kill()
            if redis_process:
                redis_process.terminate()
                redis_process.wait(timeout=10)
    delivered = [measures.arrived[idea] - sent for idea, sent in measures.sent.items() if idea in measures.arrived]
    acks = [measures.acked[idea] - sent for idea, sent in measures.sent.items() if idea in measures.acked]
    return {"setup": setup, "database": database_kind, "measures": measures, "delivered": delivered, "acks": acks,
            "stored": stored, "shortages": shortages, "worker_errors": worker_errors,
            "client_cpu": client_cpu, "worker_cpu": worker_cpu, "load": os.getloadavg()[0]}


def report(result: dict, args) -> None:
    setup, measures, delivered, acks = result["setup"], result["measures"], result["delivered"], result["acks"]
    sent = len(measures.sent)
    ms = 1000
    print(f"\n{setup.title}, {result['database']}:")
    if delivered:
        print(f"  idea -> projector  p50 {statistics.median(delivered) * ms:6.1f} ms   p95 "
              f"{percentile(delivered, 0.95) * ms:6.1f} ms   p99 {percentile(delivered, 0.99) * ms:6.1f} ms   "
              f"max {max(delivered) * ms:6.1f} ms")
    if acks:
        print(f"  submit -> ack      p50 {statistics.median(acks) * ms:6.1f} ms   "
              f"p99 {percentile(acks, 0.99) * ms:6.1f} ms")
    print(f"  delivered to the projectors: {len(delivered)} of {sent}; stored: {result['stored']} of {sent}; "
          f"ideas refused: {measures.refused_ideas}")
    # A table that is full refuses a join and names the free ones (the seat rule), as in the room.
    print(f"  joins refused: {sum(measures.refused_joins.values())} "
          f"({', '.join(f'{code}: {count}' for code, count in sorted(measures.refused_joins.items())) or 'none'})")
    # Failures on the way (a proxy or a worker at its limit), not the app's refusals.
    for what, failures in (("connections failed", measures.failed_connects),
                           ("calls unanswered", measures.failed_calls)):
        if failures:
            commonest = ", ".join(f"{error} x{count}" for error, count in failures.most_common(3))
            print(f"  {what}: {sum(failures.values())} ({commonest})")
    if measures.dropped:
        print(f"  connections lost during the load: {measures.dropped}; this client's event loop ran up to "
              f"{measures.client_lag:.1f} s late (the workers drop a device silent for 10 s)")
    if result["setup"].behind_nginx:
        print(f"  nginx short of connections or open files: "
              f"{', '.join(f'{cause} x{count}' for cause, count in result['shortages'].items()) or 'never'}")
    if result["worker_errors"]:
        print(f"  errors in the workers' logs: "
              f"{', '.join(f'{error} x{count}' for error, count in result['worker_errors'].most_common(3))}")
    # The machine is shared: a load average well above its cores means other work took CPU too.
    print(f"  CPU seconds: workers {' + '.join(f'{cpu:.1f}' for cpu in result['worker_cpu'])}, "
          f"this client {result['client_cpu']:.1f}; load average after: {result['load']:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10)
    parser.add_argument("--phones", type=int, default=60, help="phones per evening")
    parser.add_argument("--ideas", type=int, default=20, help="ideas per tablet")
    parser.add_argument("--interval", type=float, default=1.0, help="mean seconds between a tablet's ideas")
    parser.add_argument("--setups", default="one,one-nginx,two", help=f"comma-separated, of {', '.join(SETUPS)}")
    parser.add_argument("--database", choices=sorted(DATABASES), default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--logs", metavar="DIR", help="keep each worker's log in DIR (e.g. to read what failed)")
    parser.add_argument("--nginx", choices=("documented", "stock"), default="documented",
                        help="nginx's limits: Debian's nginx.conf with docs/deploy.md's changes, or as Debian ships it")
    args = parser.parse_args()
    chosen = []
    for item in args.setups.split(","):
        name, _, database = item.partition(":")
        if name not in SETUPS or (database and database not in DATABASES):
            parser.error(f"unknown set-up {item!r}: one of {', '.join(SETUPS)}, optionally :{'|:'.join(DATABASES)}")
        chosen.append((SETUPS[name], database or args.database))
    devices = args.events * (TABLES + args.phones + 1)
    # This process holds every device's socket.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < devices + 1000:
        resource.setrlimit(resource.RLIMIT_NOFILE, (devices + 1000 if hard == resource.RLIM_INFINITY
                                                    else min(devices + 1000, hard), hard))
    print(f"{args.events} evenings x ({TABLES} tablets + {args.phones} phones + 1 projector) = {devices} connections; "
          f"{args.events * TABLES * args.ideas} ideas over ~{args.ideas * args.interval:.0f} s "
          f"(~{args.events * TABLES / args.interval:.0f} ideas/s); {os.cpu_count()} cores")
    for setup, database in chosen:
        report(run_setup(setup, database, args), args)


if __name__ == "__main__":
    main()
