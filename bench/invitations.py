"""Invitations for a long list: what the preview and the send cost, and how long the writer's lock is held.

Puts PEOPLE people with addresses on a SQLite event's list, then times the invitations page's preview and
the send (each person's registration link and mail stored in the outbox, in batches of
sessions.people.invitations.BATCH, each its own transaction). Prints seconds.

    .venv/bin/python bench/invitations.py [--people 5000]
"""

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sessions import storage  # noqa: E402
from sessions.evening import events  # noqa: E402
from sessions.evening.demo import DEMO_EVENT  # noqa: E402
from sessions.ground import roles  # noqa: E402
from sessions.people import invitations  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        conn = storage.connect(os.path.join(folder, "bench.sqlite"))
        storage.migrate(conn)
        event = events.create(conn, b"bench", roles.ORGANISER, DEMO_EVENT)
        with storage.transaction(conn):
            storage.insert_people(conn, event.id, [
                {"name": f"Person {n}", "organisation": "", "sector": "", "gender": "unknown", "inviter": "Ledamot A",
                 "contact": f"person{n}@example.se", "status": "invited"} for n in range(options.people)],
                False, time.time())
        started = time.perf_counter()
        shown = invitations.preview(conn, roles.ORGANISER, event.id)
        previewed = time.perf_counter() - started
        started = time.perf_counter()
        sent = invitations.send(conn, b"bench", roles.ORGANISER, event.id)
        took = time.perf_counter() - started
        batches = -(-sent // invitations.BATCH)
        print(f"{options.people} people: preview {previewed:.3f} s ({shown.to_send} to send); send {took:.3f} s for "
              f"{sent} invitations in {batches} transactions (about {took / max(1, batches) * 1000:.0f} ms each)")
        storage.close(conn)


if __name__ == "__main__":
    main()
