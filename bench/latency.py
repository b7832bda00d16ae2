"""Time from a secretary's submit to the idea's arrival at the projector, on the real server.

Starts `dialog-app demo` (eventlet, as in production) on a free port, moves the evening to the
brainstorm, connects one python-socketio client per table (6) and one projector, and sends
IDEAS ideas spread over the tables, all six tables typing at once (each waits for its
acknowledgement before sending the next, as the tablet does). Prints median and p99 of
submit → projector arrival and of submit → acknowledgement.

    .venv/bin/python bench/latency.py [--ideas 500] [--threading] [--pause-ms 100]

With no pause all six tablets send as fast as acknowledgements come back (~200 ideas/s, far above
an evening's pace), so the figures include queueing behind each commit's fsync; --pause-ms 100
gives a still generous ~50 ideas/s.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid

import socketio

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from support.serverproc import start_demo_server  # noqa: E402


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


def run(ideas: int, async_mode: str, pause_ms: float = 0.0) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        server = start_demo_server(folder, async_mode=async_mode)
        try:
            links = server.links
            base = base_of(links["leader"])
            leader = connect(base, token_of(links["leader"]))
            for phase in ("setup", "warmup"):
                leader.call("phase:advance", {"from": phase}, timeout=10)

            arrived: dict[str, float] = {}
            all_arrived = threading.Event()
            projector = socketio.Client(reconnection=False)

            @projector.on("idea:saved")
            def on_idea(data):
                arrived[data["idea"]["id"]] = time.perf_counter()
                if len(arrived) >= ideas:
                    all_arrived.set()

            projector.connect(base, auth={"token": token_of(links["projector"])}, transports=["websocket"])
            tablets = [connect(base, token_of(table["secretary"])) for table in links["tables"]]
            sent: dict[str, float] = {}
            acked: dict[str, float] = {}
            per_table = [ideas // len(tablets) + (1 if i < ideas % len(tablets) else 0) for i in range(len(tablets))]

            def type_ideas(number: int, tablet: socketio.Client, count: int) -> None:
                for index in range(count):
                    idea_id = str(uuid.uuid4())
                    sent[idea_id] = time.perf_counter()
                    ack = tablet.call("idea:add", {"id": idea_id,
                                                   "text": f"Bord {number} idé {index}: snabbare bygglov"},
                                      timeout=30)
                    acked[idea_id] = time.perf_counter()
                    assert ack["ok"], ack
                    if pause_ms:
                        time.sleep(pause_ms / 1000)

            started = time.perf_counter()
            workers = [threading.Thread(target=type_ideas, args=(n + 1, tablet, per_table[n]))
                       for n, tablet in enumerate(tablets)]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            all_arrived.wait(timeout=60)
            elapsed = time.perf_counter() - started
            for client in (*tablets, projector, leader):
                client.disconnect()
        finally:
            server.kill()
    to_projector = [(arrived[i] - sent[i]) * 1000 for i in sent if i in arrived]
    to_ack = [(acked[i] - sent[i]) * 1000 for i in sent]
    return {"mode": async_mode, "ideas": ideas, "pause_ms": pause_ms, "arrived": len(to_projector), "seconds": elapsed,
            "projector_median_ms": statistics.median(to_projector), "projector_p99_ms": percentile(to_projector, 0.99),
            "ack_median_ms": statistics.median(to_ack), "ack_p99_ms": percentile(to_ack, 0.99)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=500)
    parser.add_argument("--threading", action="store_true", help="serve with threads instead of eventlet")
    parser.add_argument("--pause-ms", type=float, default=0.0,
                        help="each tablet waits this long after an acknowledgement (0: as fast as possible)")
    args = parser.parse_args()
    result = run(args.ideas, "threading" if args.threading else "eventlet", args.pause_ms)
    print(f"server: {result['mode']}, 6 tables, 1 projector, {result['ideas']} ideas "
          f"({result['arrived']} reached the projector) in {result['seconds']:.2f} s, "
          f"pause {result['pause_ms']:.0f} ms between a tablet's ideas")
    print(f"submit -> projector: median {result['projector_median_ms']:.1f} ms, "
          f"p99 {result['projector_p99_ms']:.1f} ms")
    print(f"submit -> ack:       median {result['ack_median_ms']:.1f} ms, p99 {result['ack_p99_ms']:.1f} ms")


if __name__ == "__main__":
    main()
