"""One tablet's idea, in process, on each database: what a write costs before any network or fan-out.

Adds IDEAS ideas one after another through the domain command (token, phase, the write transaction
with its lock, the insert), on a SQLite file and on a PostgreSQL server of the bench's own (Debian's
initdb and pg_ctl, fsync on, over a local TCP socket). Prints wall and CPU milliseconds per idea.

    .venv/bin/python bench/backends.py [--ideas 300]
"""

import argparse
import os
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from sessions import storage
from sessions.evening import ideas, phase_changes
from sessions.evening.demo import create_demo_event  # noqa: E402
from sessions.ground.roles import Principal, Role  # noqa: E402
from support.pgserver import postgres_bin, start_postgres  # noqa: E402


def measure(location: str, count: int) -> tuple[float, float]:
    conn = storage.connect(location)
    try:
        storage.migrate(conn)
        event = create_demo_event(conn, os.urandom(32))
        for phase in ("setup", "warmup"):
            phase_changes.advance(conn, Principal(Role.LEADER, event.id), expected=phase)
        secretary = Principal(Role.SECRETARY, event.id, 1)
        wall, cpu = time.perf_counter(), time.process_time()
        for index in range(count):
            ideas.add(conn, secretary, str(uuid.uuid4()), f"Idé {index}: ett lotsnummer för nya företag")
        return (time.perf_counter() - wall) / count * 1000, (time.process_time() - cpu) / count * 1000
    finally:
        storage.close(conn)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        wall, cpu = measure(os.path.join(folder, "bench.sqlite"), args.ideas)
        print(f"sqlite:     {wall:.2f} ms wall, {cpu:.2f} ms CPU per idea ({args.ideas} ideas)")
        if postgres_bin() is None:
            print("postgresql: not installed (apt-get install postgresql)")
            return
        server = start_postgres(os.path.join(folder, "postgres"), durable=True)
        try:
            wall, cpu = measure(server.fresh_database(template=None), args.ideas)
        finally:
            server.stop()
        print(f"postgresql: {wall:.2f} ms wall, {cpu:.2f} ms CPU per idea ({args.ideas} ideas)")


if __name__ == "__main__":
    main()
