"""One broadcast to every phone: the served app against the bare relay it is built on, same swarm.

For each N (500 and 2,000 phones) starts, one after the other, the bare relay (`bench/relay.py`:
python-socketio + eventlet, one room, no Flask, no database) and the app (`dialog-app demo`,
eventlet, as served), connects N phones to each with the same client swarm, and has a leader
client send ROUNDS broadcasts: on the app the leader's `timer:set` (every phone in the event's
room gets the timer message), on the relay a `broadcast` that sends the same message (the app's
own, captured at start) to the room. Per phone and broadcast it notes send → arrival; prints
p50/p99/max, delivered and missing, the server's and the swarm's CPU per broadcast, and the
app/relay p99 ratio per N.

The swarm: `node` (socket.io-client from the npm registry, one Node process; `npm ci` in
bench/swarm on first use) or `python` (python-socketio AsyncClient in --swarm-procs processes).
Both are timed against the same clock (CLOCK_MONOTONIC). The swarm's CPU per broadcast is printed
so one can see it keeps up: it must stay well under the server's.

    .venv/bin/python bench/fanout.py [--clients 500,2000] [--rounds 20] [--swarm node|python]
        [--swarm-procs 2] [--targets relay,app] [--app-setting KEY=VALUE ...] [--relay-message app|lean]
        [--no-deflate] [--gc-log] [--profile DIR] [--json FILE]

--gc-log notes every full garbage collection in both servers (bench/gclog/sitecustomize.py) and
prints those that fell in a measured broadcast: one such pause delays every phone still waiting.

--profile DIR records both servers with py-spy (`.venv/bin/pip install py-spy`) during the measured
broadcasts and writes a flame graph (SVG) and the raw stacks (collapsed, one line per stack) per
server and N into DIR. Sampling slows the servers: take figures from a run without it.
"""

import argparse
import json
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import socketio

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from support.serverproc import free_port, start_demo_server  # noqa: E402

SWARM_DIR = os.path.join(HERE, "swarm")
TIMER_EVENTS = ("timer:changed", "phase:changed")  # what a timer change may arrive as, leanest first
WARMUP_ROUNDS = 3
ROUND_TIMEOUT = 30.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process, from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def resident_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        line = next(line for line in handle if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


def base_of(url: str) -> str:
    return url.split("/")[0] + "//" + url.split("/")[2]


# --- the swarm ---------------------------------------------------------------------------------

class SwarmProcess:
    """One swarm process (Node or Python), driven by JSON lines."""

    def __init__(self, kind: str, url: str, auth: dict, clients: int, batch: int, deflate: bool):
        config = json.dumps({"url": url, "auth": auth, "clients": clients, "batch": batch, "deflate": deflate,
                             "raw": kind == "raw"})
        command = (["node", os.path.join(SWARM_DIR, "swarm.mjs"), config] if kind == "node"
                   else [sys.executable, os.path.join(HERE, "swarm.py"), config])
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                        bufsize=1, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(json.loads(line))
        self.lines.put({"exited": self.process.wait()})

    def send(self, command: dict) -> None:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def wait_for(self, key: str, timeout: float, value=None) -> dict | None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return None
            if "exited" in message:
                raise RuntimeError(f"swarm process exited ({message['exited']}) waiting for {key}")
            if key in message and (value is None or message[key] == value):
                return message

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def ensure_node_swarm() -> None:
    if os.path.isdir(os.path.join(SWARM_DIR, "node_modules", "socket.io-client")):
        return
    if not shutil.which("npm"):
        sys.exit("the node swarm needs node and npm (or use --swarm python)")
    print("installing the node swarm's socket.io-client (npm ci in bench/swarm) ...", flush=True)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=SWARM_DIR, check=True)


def start_swarm(kind: str, procs: int, url: str, auth: dict, clients: int, deflate: bool) -> list[SwarmProcess]:
    shares = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]
    # Connect one process after the other: the server's listen backlog is eventlet's 50.
    swarm = []
    for share in shares:
        process = SwarmProcess(kind, url, auth, share, batch=50, deflate=deflate)
        swarm.append(process)
        report = process.wait_for("connected", timeout=600)
        if report is None:
            raise RuntimeError("swarm did not finish connecting in 10 minutes")
        process.connected, process.errors = report["connected"], report["errors"]
    return swarm


# --- the two servers ---------------------------------------------------------------------------

class Relay:
    def __init__(self, folder: str, max_size: int):
        self.port = free_port()
        ready = os.path.join(folder, f"relay-{self.port}.ready")
        self.process = subprocess.Popen([sys.executable, os.path.join(HERE, "relay.py"), "--port", str(self.port),
                                         "--max-size", str(max_size), "--ready-file", ready],
                                        env={**os.environ, "PYTHONWARNINGS": "ignore"})
        deadline = time.monotonic() + 30
        while not os.path.exists(ready):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("relay did not start")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)


class Leader:
    """The process leader's laptop: sends the broadcasts and hears every message the event room gets."""

    def __init__(self, url: str, auth: dict):
        self.client = socketio.Client(reconnection=False)
        self.heard: list[tuple[str, object]] = []
        self.client.on("*", lambda name, data=None: self.heard.append((name, data)))
        self.client.connect(url, auth=auth, transports=["websocket"], wait_timeout=30)
        self.timer_ends_at = None
        self.minutes = 10

    def set_timer(self) -> None:
        self.minutes = 11 if self.minutes == 10 else 10  # a change every time
        answer = self.client.call("timer:set", {"minutes": self.minutes, "expected_ends_at": self.timer_ends_at},
                                  timeout=30)
        assert answer["ok"], answer
        self.timer_ends_at = answer["timer_ends_at"]

    def relay(self) -> None:
        assert self.client.call("broadcast", {}, timeout=30)["ok"]


def capture_timer_message(folder: str) -> tuple[str, object]:
    """The message a phone gets when the leader changes the timer, as the app sends it today."""
    server = start_demo_server(folder, name="capture")
    try:
        links = server.links
        phone = socketio.Client(reconnection=False)
        heard: list[tuple[str, object]] = []
        phone.on("*", lambda name, data=None: heard.append((name, data)))
        phone.connect(base_of(links["participant"]), auth={"token": token_of(links["participant"])},
                      transports=["websocket"])
        leader = Leader(base_of(links["leader"]), {"token": token_of(links["leader"])})
        leader.set_timer()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            carrying = [(name, data) for name, data in heard if json.dumps(leader.timer_ends_at) in json.dumps(data)]
            if carrying:
                break
            time.sleep(0.02)
        else:
            raise RuntimeError(f"no message to the phone carried the new timer; heard {[n for n, _ in heard]}")
        phone.disconnect()
        leader.client.disconnect()
    finally:
        server.kill()
    by_name = dict(carrying)
    name = next((name for name in TIMER_EVENTS if name in by_name), carrying[0][0])
    return name, by_name[name]


# --- one measurement ---------------------------------------------------------------------------

class Target:
    """One server under test, its leader and its swarm of phones."""

    def __init__(self, name: str, clients: int, args, folder: str, message: tuple[str, object]):
        self.name, self.clients, self.event_name = name, clients, message[0]
        self.swarm: list[SwarmProcess] = []
        self.sent_at: list[float] = []
        self.acks: list[float] = []  # send -> the leader's acknowledgement
        self.server_cpu = self.swarm_cpu = 0.0
        if name == "relay":
            self.server = Relay(folder, max_size=clients + 100)
            self.pid, self.url, self.phone_auth = self.server.process.pid, self.server.url, {}
            self.leader = Leader(self.url, {})
            assert self.leader.client.call("payload", {"name": message[0], "payload": message[1]}, timeout=10)["ok"]
            self.send = self.leader.relay
        else:
            settings = dict(setting.split("=", 1) for setting in args.app_setting)
            self.server = start_demo_server(folder, name=f"app-{clients}", settings=settings)
            links = self.server.links
            self.pid, self.url = self.server.process.pid, base_of(links["leader"])
            self.phone_auth = {"token": token_of(links["participant"])}
            self.leader = Leader(self.url, {"token": token_of(links["leader"])})
            self.send = self.leader.set_timer

    def connect_phones(self, args) -> None:
        started = time.monotonic()
        self.swarm = start_swarm(args.swarm, args.swarm_procs, self.url, self.phone_auth, self.clients, args.deflate)
        self.connect_seconds = time.monotonic() - started
        self.resident_mb = resident_mb(self.pid)

    def broadcast(self, number: int, counted: bool) -> None:
        for process in self.swarm:
            process.send({"cmd": "expect", "round": number, "event": self.event_name})
        for process in self.swarm:
            process.wait_for("ready", 10, number)
        before = (cpu_seconds(self.pid), sum(cpu_seconds(process.process.pid) for process in self.swarm))
        self.sent_at.append(time.monotonic() * 1000)
        self.send()
        if counted:
            self.acks.append(time.monotonic() * 1000 - self.sent_at[-1])
        for process in self.swarm:
            process.wait_for("done", ROUND_TIMEOUT, number)
        if counted:
            self.server_cpu += cpu_seconds(self.pid) - before[0]
            self.swarm_cpu += sum(cpu_seconds(process.process.pid) for process in self.swarm) - before[1]

    def result(self, rounds: int, measured: int) -> dict:
        reports = []
        for process in self.swarm:
            process.send({"cmd": "report", "rounds": rounds})
            reports.append(process.wait_for("arrivals", 60))
        connected = sum(process.connected for process in self.swarm)
        per_round: list[list[float]] = [[] for _ in range(rounds)]
        missing = 0
        for report in reports:
            for mine in report["arrivals"]:
                for number in range(rounds - measured, rounds):
                    if mine[number] is None:
                        missing += 1
                    else:
                        per_round[number].append(mine[number] - self.sent_at[number])
        per_round = [values for values in per_round[rounds - measured:] if values]
        latencies = [value for values in per_round for value in values]
        nan = float("nan")
        return {"target": self.name, "clients": self.clients, "connected": connected,
                "errors": [process.errors for process in self.swarm if process.errors],
                "connect_seconds": self.connect_seconds,
                "resident_mb": self.resident_mb, "expected": connected * measured,
                "delivered": len(latencies), "missing": missing,
                "late": sum(report["late"] for report in reports),
                "dropped": sum(report["dropped"] for report in reports),
                "first_p50": statistics.median(min(values) for values in per_round) if per_round else nan,
                "p50": statistics.median(latencies) if latencies else nan,
                "p99": percentile(latencies, 0.99) if latencies else nan,
                # A round the shared machine stalled spoils the pooled p99; the median round's p99 does not.
                "round_p99": statistics.median(percentile(values, 0.99) for values in per_round) if per_round else nan,
                "max": max(latencies) if latencies else nan, "ack_p50": statistics.median(self.acks),
                "server_cpu_ms": self.server_cpu * 1000 / measured, "swarm_cpu_ms": self.swarm_cpu * 1000 / measured,
                "latencies": latencies, "server_pid": self.pid, "sent_at": self.sent_at[rounds - measured:],
                "round_p99s": [percentile(values, 0.99) for values in per_round],
                "round_maxes": [max(values) for values in per_round]}

    def stop(self) -> None:
        for process in self.swarm:
            process.stop()
        if self.leader.client.connected:
            self.leader.client.disconnect()
        self.server.kill()


def measure(clients: int, names: list[str], args, folder: str, message: tuple[str, object]) -> list[dict]:
    """Both servers run at once, each with its own swarm; their broadcasts take turns (ABBA), so
    whatever else the shared machine does falls on both alike."""
    targets: list[Target] = []
    profiler = None
    try:
        for name in names:
            targets.append(Target(name, clients, args, folder, message))
            targets[-1].connect_phones(args)
        rounds = WARMUP_ROUNDS + args.rounds
        for number in range(rounds):
            if number == WARMUP_ROUNDS and args.profile:
                profiler = [process for target in targets
                            for process in start_profiler(target.pid, args.profile, f"{target.name}-{clients}")]
            for target in (targets if number % 2 == 0 else targets[::-1]):
                target.broadcast(number, counted=number >= WARMUP_ROUNDS)
                time.sleep(args.pause)
        if profiler is not None:
            stop_profiler(profiler)
            profiler = None
        return [target.result(rounds, args.rounds) for target in targets]
    finally:
        if profiler is not None:
            stop_profiler(profiler)
        for target in targets:
            target.stop()


# --- profiling ---------------------------------------------------------------------------------

def start_profiler(pid: int, folder: str, name: str):
    py_spy = shutil.which("py-spy") or os.path.join(os.path.dirname(sys.executable), "py-spy")
    if not os.path.exists(py_spy):
        sys.exit("--profile needs py-spy (.venv/bin/pip install py-spy)")
    os.makedirs(folder, exist_ok=True)
    return [subprocess.Popen([py_spy, "record", "--pid", str(pid), "--rate", "250", "--format", kind,
                              "--output", os.path.join(folder, f"{name}.{ending}"), "--nonblocking"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for kind, ending in (("flamegraph", "svg"), ("raw", "txt"))]


def stop_profiler(profilers) -> None:
    for profiler in profilers:
        profiler.send_signal(signal.SIGINT)
    for profiler in profilers:
        profiler.wait(timeout=60)


# --- report ------------------------------------------------------------------------------------

def full_collections(log_path: str, result: dict) -> tuple[list[float], list[float]]:
    """The server's full collections (ms) during the measured broadcasts, and those within one
    (between its send and its slowest phone's arrival)."""
    if not os.path.exists(log_path):
        return [], []
    with open(log_path, encoding="ascii") as log:
        mine = [(float(at), float(took)) for pid, at, took in (line.split() for line in log)
                if int(pid) == result["server_pid"]]
    sent = result["sent_at"]
    ends = [start + slowest for start, slowest in zip(sent, result["round_maxes"])]
    during = [took for at, took in mine if sent[0] <= at <= ends[-1]]
    within = [took for at, took in mine if any(start <= at - took <= end or start <= at <= end
                                               for start, end in zip(sent, ends))]
    return during, within

COLUMNS = [("N", "clients", "{}"), ("server", "target", "{}"), ("connected", "connected", "{}"),
           ("delivered", "delivered", "{}"), ("expected", "expected", "{}"), ("missing", "missing", "{}"),
           ("ack ms", "ack_p50", "{:.0f}"), ("first ms", "first_p50", "{:.0f}"), ("p50 ms", "p50", "{:.0f}"),
           ("p99 ms", "p99", "{:.0f}"), ("median round's p99 ms", "round_p99", "{:.0f}"), ("max ms", "max", "{:.0f}"),
           ("server CPU ms/broadcast", "server_cpu_ms", "{:.0f}"), ("swarm CPU ms/broadcast", "swarm_cpu_ms", "{:.0f}"),
           ("server memory MB", "resident_mb", "{:.0f}")]


def print_table(results: list[dict]) -> None:
    print()
    print("| " + " | ".join(title for title, _, _ in COLUMNS) + " |")
    print("|" + " --- |" * len(COLUMNS))
    for result in results:
        print("| " + " | ".join(form.format(result[key]) for _, key, form in COLUMNS) + " |")

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="500,2000", help="comma-separated phone counts")
    parser.add_argument("--rounds", type=int, default=20, help="measured broadcasts per server and N")
    parser.add_argument("--pause", type=float, default=0.3, help="seconds between broadcasts")
    parser.add_argument("--swarm", choices=("raw", "python", "node"), default="raw")
    parser.add_argument("--swarm-procs", type=int, default=2)
    parser.add_argument("--no-deflate", dest="deflate", action="store_false",
                        help="phones do not offer permessage-deflate (browsers do, so the default is to offer it)")
    parser.add_argument("--targets", default="relay,app")
    parser.add_argument("--app-setting", action="append", default=[], metavar="KEY=VALUE",
                        help="a DIALOG_APP_* setting for the app (repeatable)")
    parser.add_argument("--relay-message", choices=("app", "lean"), default="app",
                        help="the relay sends the app's timer message (default) or a lean one (with --targets relay)")
    parser.add_argument("--gc-log", action="store_true", help="note the servers' full garbage collections")
    parser.add_argument("--profile", metavar="DIR", help="record both servers with py-spy into DIR")
    parser.add_argument("--json", metavar="FILE", help="also write every result, latencies included, here")
    args = parser.parse_args()
    if args.swarm == "node":
        ensure_node_swarm()
    counts = [int(count) for count in args.clients.split(",")]
    targets = args.targets.split(",")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        gc_log = os.path.join(folder, "gc.log")
        if args.gc_log:
            # Inherited by both servers (and the swarm, whose lines are left out by pid).
            os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [os.path.join(HERE, "gclog"),
                                                                     os.environ.get("PYTHONPATH")]))
            os.environ["GC_LOG"] = gc_log
        message = capture_timer_message(folder)
        if args.relay_message == "lean":
            # What a lean timer message would weigh: the new end and the server's clock, nothing else.
            message = ("timer:changed", {"timer_ends_at": time.time() + 600, "server_now": time.time()})
        size = len(json.dumps(message[1], ensure_ascii=False).encode())
        print(f"timer change as the relay sends it: {message[0]!r}, {size} bytes of JSON; swarm: {args.swarm} "
              f"x{args.swarm_procs}, permessage-deflate {'offered' if args.deflate else 'not offered'}; "
              f"{args.rounds} broadcasts per server and N (+{WARMUP_ROUNDS} warm-up), {args.pause:.1f} s apart",
              flush=True)
        for clients in counts:
            for result in measure(clients, targets, args, folder, message):
                result["full_collections"], result["collections_in_broadcasts"] = full_collections(gc_log, result)
                results.append(result)
                print(f"  {result['target']} N={clients}: {result['connect_seconds']:.0f} s to connect", flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"swarm": args.swarm, "swarm_procs": args.swarm_procs, "deflate": args.deflate,
                       "results": results}, handle)
    print_table(results)
    print()
    for clients in counts:
        by_target = {result["target"]: result for result in results if result["clients"] == clients}
        if {"app", "relay"} <= by_target.keys():
            app, relay = by_target["app"], by_target["relay"]
            print(f"N={clients}: app/relay p99 {app['p99'] / relay['p99']:.2f}x (median round's p99 "
                  f"{app['round_p99'] / relay['round_p99']:.2f}x, p50 {app['p50'] / relay['p50']:.2f}x)")
    if args.gc_log:
        print()
        for result in results:
            print(f"{result['target']} N={result['clients']}: full collections during the broadcasts (ms): "
                  f"{[round(took) for took in result['full_collections']]}, of which within a broadcast: "
                  f"{[round(took) for took in result['collections_in_broadcasts']]}")
    for result in results:
        if result["missing"] or result["connected"] < result["clients"] or result["late"] or result["dropped"]:
            print(f"NOT ALL DELIVERED: {result['target']} N={result['clients']}: {result['connected']} of "
                  f"{result['clients']} connected, {result['missing']} messages missing, {result['late']} late, "
                  f"{result['dropped']} connections dropped; connect errors: {result['errors']}")


if __name__ == "__main__":
    main()
