"""500 phones choose tables in a rotation round: how long until every phone shows the final counts.

Starts `dialog-app demo` (eventlet) on a free port, brings the evening to pass 2 with six
finalised themes, joins PHONES participants (python-socketio AsyncClient, one process) spread over
the six tables, opens a round, and lets every phone choose a random table at a random moment
within SPREAD seconds. Prints: how long after the last choice every phone's seat counts matched the
final counts, seat-count messages per phone (coalescing keeps them to a few a second), and how many
choices were refused as full.

    .venv/bin/python bench/rotation.py [--phones 500] [--spread 10]
"""

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid

import socketio

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from support.serverproc import start_demo_server  # noqa: E402


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


def prepare_pass_two(base: str, links: dict) -> None:
    """Leader and tablets bring the evening to pass 2 with six finalised themes."""
    leader = socketio.SimpleClient()
    leader.connect(base, auth={"token": token_of(links["leader"])}, transports=["websocket"])
    for phase in ("setup", "warmup", "brainstorm"):
        leader.call("phase:advance", {"from": phase}, timeout=10)
    topics = ["bygglov", "skola", "pendling", "bredband", "bostäder", "nätverk"]
    for table, topic in zip(links["tables"], topics):
        tablet = socketio.SimpleClient()
        tablet.connect(base, auth={"token": token_of(table["secretary"])}, transports=["websocket"])
        for text in (f"Mer {topic}", f"Bättre {topic} för alla"):
            tablet.call("priority:add", {"id": str(uuid.uuid4()), "text": text}, timeout=10)
        tablet.disconnect()
    leader.call("phase:advance", {"from": "prioritise"}, timeout=10)
    assert leader.call("theme:suggest", {}, timeout=30)["ok"]
    assert leader.call("theme:finalise", {}, timeout=10)["ok"]
    assert leader.call("phase:advance", {"from": "theming"}, timeout=10)["phase"] == "deepen"
    leader.disconnect()


class Phone:
    def __init__(self, number: int):
        self.number = number
        self.client = socketio.AsyncClient(reconnection=False)
        self.latest = None
        self.latest_at = 0.0
        self.messages = 0
        self.client.on("seats:changed", self.on_seats)

    async def on_seats(self, view):
        self.latest = view
        self.latest_at = time.perf_counter()
        self.messages += 1


def counts(view) -> tuple:
    return tuple(table["seated"] for table in view["tables"])


async def run(base: str, links: dict, phones_count: int, spread: float, seed: int) -> dict:
    phones = [Phone(number) for number in range(phones_count)]
    started = time.perf_counter()
    for batch in range(0, phones_count, 50):
        await asyncio.gather(*(phone.client.connect(base, auth={"token": token_of(links["participant"])},
                                                    transports=["websocket"], wait_timeout=30)
                               for phone in phones[batch:batch + 50]))
        await asyncio.gather(*(phone.client.call("participant:join", {"name": f"Deltagare {phone.number}",
                                                                      "table": 1 + phone.number % 6}, timeout=30)
                               for phone in phones[batch:batch + 50]))
    joined = time.perf_counter() - started

    leader = socketio.AsyncClient(reconnection=False)
    await leader.connect(base, auth={"token": token_of(links["leader"])}, transports=["websocket"])
    assert (await leader.call("rotation:open", {"round": 1}, timeout=10))["ok"]
    await asyncio.sleep(1)
    for phone in phones:
        phone.messages = 0

    rng = random.Random(seed)
    plan = [(rng.uniform(0, spread), phone, rng.randint(1, 6)) for phone in phones]
    refused = 0
    round_started = time.perf_counter()

    async def choose(delay, phone, table):
        nonlocal refused
        await asyncio.sleep(delay)
        answer = await phone.client.call("rotation:choose", {"table": table}, timeout=30)
        if not answer["ok"]:
            refused += 1

    await asyncio.gather(*(choose(*entry) for entry in plan))
    last_choice = time.perf_counter()
    await asyncio.sleep(3)  # long enough for the last coalesced broadcast
    await asyncio.gather(*(phone.client.disconnect() for phone in phones), leader.disconnect())
    return {"phones": phones, "joined": joined, "last_choice": last_choice, "round_started": round_started,
            "refused": refused}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--spread", type=float, default=10.0, help="seconds over which the phones choose")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        # 500 phones on one address join in seconds, faster than an address's join budget lets them
        # (limits.ADDRESS_LIMITS); what is measured here is the round, so the limits are off.
        server = start_demo_server(folder, settings={"RATE_LIMITS": "false"})
        try:
            base = server.links["leader"].split("/leader/")[0]
            prepare_pass_two(base, server.links)
            result = asyncio.run(run(base, server.links, args.phones, args.spread, args.seed))
            conn = sqlite3.connect(server.db_path)
            final = tuple(count for _, count in conn.execute(
                "SELECT table_number, COUNT(*) FROM participant GROUP BY table_number ORDER BY table_number"))
            conn.close()
            phones = result["phones"]
            wrong = [phone for phone in phones if phone.latest is None or counts(phone.latest) != final]
            settle = max(phone.latest_at for phone in phones) - result["last_choice"]
            messages = [phone.messages for phone in phones]
        finally:
            server.kill()
    print(f"{args.phones} phones joined in {result['joined']:.1f} s; they chose within {args.spread:.0f} s "
          f"({result['refused']} refused as full)")
    print(f"final counts per table: {final}; phones showing other counts: {len(wrong)}")
    print(f"every phone showed the final counts {max(settle, 0) * 1000:.0f} ms after the last choice was acknowledged")
    print(f"seat-count messages per phone during the round: median {statistics.median(messages):.0f}, "
          f"max {max(messages)} (uncoalesced it would be {args.phones})")


if __name__ == "__main__":
    main()
