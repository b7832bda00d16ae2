"""How long the strategy export takes for an evening of 300 ideas, in every format.

Builds an evening in a temporary database (six tables, 300 ideas, twelve priorities in six
finalised themes, 60 proposals, 20 parking notes) and times build_export plus each writer.

    .venv/bin/python bench/export.py [--ideas 300]
"""

import argparse
import os
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from clustering import nearest_themes  # noqa: E402
from sessions import storage
from sessions.documents.document import build_export  # noqa: E402
from sessions.documents.forum_report import FORMATS, render  # noqa: E402
from sessions.evening import board, events, parking, phase_changes, priorities
from sessions.evening.demo import DEMO_EVENT  # noqa: E402
from sessions.ground import roles
from sessions.ground.roles import Principal, Role  # noqa: E402

WORDS = ["bygglov", "skola", "pendling", "bredband", "bostäder", "nätverk", "upphandling", "kultur", "mark", "service"]


def advance(conn, leader) -> None:
    phase_changes.advance(conn, leader, expected=events.get(conn, leader.event_id).phase.value)


def build_evening(conn, ideas: int) -> str:
    event = events.create(conn, b"bench", roles.ORGANISER, DEMO_EVENT)
    leader = Principal(Role.LEADER, event.id)
    for _ in range(2):
        advance(conn, leader)
    for index in range(ideas):
        table = 1 + index % 6
        ideas.add(conn, Principal(Role.SECRETARY, event.id, table), str(uuid.uuid4()),
                         f"Idé {index}: mer {WORDS[index % len(WORDS)]} och {WORDS[(index * 7) % len(WORDS)]}")
    advance(conn, leader)
    for table in range(1, 7):
        secretary = Principal(Role.SECRETARY, event.id, table)
        for text in (f"Prioritet {WORDS[table]}", f"Prioritet {WORDS[table + 2]}"):
            priorities.add_text(conn, secretary, str(uuid.uuid4()), text)
        parking.add_note(conn, secretary, str(uuid.uuid4()), f"Praktisk fråga från bord {table}")
    advance(conn, leader)
    board.suggest(conn, leader, lambda texts, n: [(f"Tema {i + 1}", [2 * i, 2 * i + 1]) for i in range(n)])
    board.finalise(conn, leader)
    advance(conn, leader)
    for index in range(60):
        ideas.add(conn, Principal(Role.SECRETARY, event.id, 1 + index % 6), str(uuid.uuid4()),
                         f"Förslag {index}: {WORDS[index % len(WORDS)]}")
    return event.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        conn = storage.connect(os.path.join(folder, "bench.sqlite"))
        storage.migrate(conn)
        event_id = build_evening(conn, args.ideas)
        started = time.perf_counter()
        document = build_export(conn, roles.ORGANISER, event_id,
                                place=lambda themes, texts: nearest_themes(themes, texts, "sv"))
        built = time.perf_counter() - started
        print(f"build_export, {args.ideas} ideas placed under themes: {built * 1000:.0f} ms")
        for file_format in FORMATS:
            started = time.perf_counter()
            size = len(render(document, file_format))
            print(f"{file_format:>5}: {(time.perf_counter() - started) * 1000:.0f} ms, {size / 1024:.0f} KiB")
        conn.close()


if __name__ == "__main__":
    main()
