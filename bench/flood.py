"""Another table's idea, while one client floods: the idea → projector latency, with and without limits.

Starts the real server (`dialog-app demo`, eventlet) twice: with the per-connection limits as served,
and with them switched off (DIALOG_APP_RATE_LIMITS=false). In each, table 2's tablet sends an idea
every INTERVAL and waits for its acknowledgement, as the tablet's outbox does, while table 1's
link floods FLOOD ideas without waiting (bursts of 200 every 100 ms). Prints p50/p95/max of table 2's
submit → projector arrival, how many flood ideas were stored, and whether the flooding connection was closed.

    .venv/bin/python bench/flood.py [--flood 2000] [--ideas 40] [--interval-ms 100]
"""

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid

import socketio

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from support.serverproc import start_demo_server  # noqa: E402

BURST, BURST_GAP = 200, 0.1


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


async def connected(base: str, token: str) -> socketio.AsyncClient:
    client = socketio.AsyncClient(reconnection=False)
    await client.connect(base, auth={"token": token}, transports=["websocket"], wait_timeout=10)
    return client


async def measure(links: dict, flood: int, ideas: int, interval: float) -> dict:
    base = links["leader"].split("/leader/")[0]
    leader = await connected(base, token_of(links["leader"]))
    for phase in ("setup", "warmup"):
        assert (await leader.call("phase:advance", {"from": phase}, timeout=10))["ok"]
    projector = socketio.AsyncClient(reconnection=False)
    arrived: dict[str, float] = {}

    @projector.on("idea:saved")
    async def _saved(data):
        arrived.setdefault(data["idea"]["text"], time.perf_counter())

    await projector.connect(base, auth={"token": token_of(links["projector"])}, transports=["websocket"])
    flooder = await connected(base, token_of(links["tables"][0]["secretary"]))
    tablet = await connected(base, token_of(links["tables"][1]["secretary"]))

    async def flood_it():
        # Bursts of BURST ideas every BURST_GAP, so the flood lasts while table 2 writes.
        for number in range(flood):
            if not flooder.connected:
                break
            await flooder.emit("idea:add", {"id": str(uuid.uuid4()), "text": f"Flod {number}"})
            if number % BURST == BURST - 1:
                await asyncio.sleep(BURST_GAP)

    sent: dict[str, float] = {}

    async def write_steadily():
        for number in range(ideas):
            text = f"Bord två, idé {number}"
            sent[text] = time.perf_counter()
            await tablet.call("idea:add", {"id": str(uuid.uuid4()), "text": text}, timeout=60)
            await asyncio.sleep(interval)

    await asyncio.gather(flood_it(), write_steadily())
    deadline = time.perf_counter() + 30
    while len([text for text in sent if text in arrived]) < len(sent) and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    latencies = [(arrived[text] - sent[text]) * 1000 for text in sent if text in arrived]
    result = {"latencies": latencies, "lost": len(sent) - len(latencies), "flooder_closed": not flooder.connected}
    for client in (leader, projector, flooder, tablet):
        if client.connected:
            await client.disconnect()
    return result


def run(flood: int, ideas: int, interval: float, limits: bool) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        server = start_demo_server(folder, settings={} if limits else {"RATE_LIMITS": "false"})
        try:
            result = asyncio.run(measure(server.links, flood, ideas, interval))
            with sqlite3.connect(server.db_path) as conn:
                result["flood_stored"] = conn.execute("SELECT COUNT(*) FROM idea WHERE table_number = 1").fetchone()[0]
        finally:
            server.kill()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flood", type=int, default=2000)
    parser.add_argument("--ideas", type=int, default=40)
    parser.add_argument("--interval-ms", type=float, default=50)
    args = parser.parse_args()
    print(f"table 2 sends {args.ideas} ideas, one every {args.interval_ms:.0f} ms; table 1 floods {args.flood}")
    print("| limits | p50 ms | p95 ms | max ms | lost | flood ideas stored | flooder closed |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for limits in (True, False):
        result = run(args.flood, args.ideas, args.interval_ms / 1000, limits)
        values = result["latencies"]
        print(f"| {'on' if limits else 'off'} | {statistics.median(values):.0f} | {percentile(values, 0.95):.0f} | "
              f"{max(values):.0f} | {result['lost']} | {result['flood_stored']} | "
              f"{'yes' if result['flooder_closed'] else 'no'} |")


if __name__ == "__main__":
    main()
