"""The memory across events and a programme's document, on a municipality's years of lists.

Makes EVENTS events of PEOPLE people each (a third of them come back from earlier events), then times
what the last event's balance dashboard reads to say who on its list came before (matched across every
event) and a programme of all the events (its inputs, themes and whom it heard). Prints seconds.

    .venv/bin/python bench/memory.py            # 20 events of 500 people
    .venv/bin/python bench/memory.py 40 1000
"""

import os
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))

from clustering import suggest_themes  # noqa: E402
from sessions import storage  # noqa: E402
from sessions.documents import programme  # noqa: E402
from sessions.evening import ideas  # noqa: E402
from sessions.evening.demo import create_demo_event  # noqa: E402
from sessions.ground import roles  # noqa: E402
from sessions.ground.roles import Principal, Role  # noqa: E402
from sessions.people import memory  # noqa: E402


def main(events: int, people: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        conn = storage.connect(os.path.join(folder, "bench.sqlite"))
        storage.migrate(conn)
        made = []
        for number in range(events):
            event = create_demo_event(conn, b"bench" * 8, format_id="frukostmote" if number % 2 else "oppet-forum")
            made.append(event)
            rows = []
            for index in range(people):
                who = index if index % 3 == 0 else index + number * people  # a third come back
                rows.append({"name": f"Person {who}", "organisation": f"Firma {who % 97}", "sector": "Handel",
                             "gender": "woman" if who % 2 else "man", "inviter": f"Inbjudare {who % 7}",
                             "contact": f"p{who}@example.se", "status": "attended"})
            with storage.transaction(conn):
                storage.insert_people(conn, event.id, rows, False, time.time())
            for table in range(1, 4):
                ideas.seed(conn, Principal(Role.SECRETARY, event.id, table), str(uuid.uuid4()),
                           f"Idé {number}-{table} om bygglov och kompetens")
        started = time.perf_counter()
        shown = memory.on_list(conn, roles.ORGANISER, made[-1].id)
        dashboard = time.perf_counter() - started
        plan = programme.create(conn, roles.ORGANISER, "Bench", [event.id for event in made])
        programme.suggest(conn, roles.ORGANISER, plan.id,
                          lambda texts, n: [(t.label, t.members) for t in suggest_themes(texts, n, "sv")])
        started = time.perf_counter()
        doc = programme.document(conn, roles.ORGANISER, plan.id)
        documented = time.perf_counter() - started
        storage.close(conn)
    print(f"{events} events x {people} people: dashboard with memory {dashboard:.2f} s "
          f"({shown['returning']} returning, {shown['first_time']} new); programme document {documented:.2f} s "
          f"({doc['heard']['returning']} returning, {doc['heard']['first_time']} first time)")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
