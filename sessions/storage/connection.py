"""Connections and transactions, the same for either database (what differs is in :mod:`.dialect`).

A write transaction takes the one writer's lock up front, so check-then-insert rules cannot race; the
pool keeps connections between uses.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sessions.storage import dialect
from sessions.storage.dialect import Connection


class WriterBusy(Exception):
    """Another writer held the database for longer than dialect.LOCK_WAIT_SECONDS."""


def connect(location: str) -> Connection:
    """Open a connection to a SQLite file or a ``postgresql://`` database; autocommit unless inside
    :func:`transaction`."""
    return dialect.for_location(location).connect(location)


def abandon_transaction(conn: Connection) -> None:
    """Roll back whatever a failed request left open, so its write lock goes with it."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def close(conn: Connection) -> None:
    conn.close()


def backup(location: str, out: str) -> None:
    """A copy of the database at ``location`` written to the new file ``out`` while the server keeps
    serving: SQLite's online backup, or ``pg_dump`` of a PostgreSQL database."""
    dialect.for_location(location).backup(location, out)


# The writers' turn within this process, per pool (by the id of each connection it has lent): a
# command waits here, at no cost to the database, and only the one whose turn it is asks the database
# for the writer's lock. When every waiting command asked the database itself, each try a round trip
# that holds up the whole worker, the tries took a seventh of two workers' time at 30 evenings
# (bench/scale.py, docs/performance.md). Connections outside a pool (the commands, the tests' own
# "workers") take the database's lock only.
_turns: dict[int, "Pool"] = {}
# The evening a live command writes for (set by the web layer around one Socket.IO command): in
# PostgreSQL its writers take that evening's lock, so evenings on one installation write side by side
# instead of in one queue; see dialect.PostgreSQL.try_writer_lock.
_evening: ContextVar[str | None] = ContextVar("dialog_app_writing_for", default=None)


@contextmanager
def writing_for(event_id: str) -> Iterator[None]:
    """The write transactions within touch the evening ``event_id`` only (its rules are its own)."""
    token = _evening.set(event_id)
    try:
        yield
    finally:
        _evening.reset(token)


def writing_evening() -> str | None:
    return _evening.get()


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """A write transaction taken up front, so check-then-insert rules cannot race: SQLite's one
    writer, or in PostgreSQL the advisory lock every writer waits for (one evening's, inside
    :func:`writing_for`; else the whole database's)."""
    if conn.in_transaction:
        yield conn
        return
    deadline = time.monotonic() + dialect.LOCK_WAIT_SECONDS
    evening = _evening.get()
    pool = _turns.get(id(conn))
    turn = pool.turn(evening) if pool is not None else None
    if turn is not None and not turn.acquire(timeout=dialect.LOCK_WAIT_SECONDS):
        raise WriterBusy(f"this process's writers held the database for over {dialect.LOCK_WAIT_SECONDS:g} s")
    try:
        _take_writer_lock(conn, deadline, evening)
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        if turn is not None:
            turn.release()


def _take_writer_lock(conn: Connection, deadline: float, evening: str | None) -> None:
    """Begin a transaction holding the writer's lock: try, and sleep between tries (from half a
    millisecond, doubling to 10 ms), until ``deadline`` (LOCK_WAIT_SECONDS after the command asked)."""
    wait = dialect.LOCK_WAIT_SECONDS
    pause = 0.0005
    while not dialect.of(conn).try_writer_lock(conn, evening):  # type: ignore[arg-type]
        if time.monotonic() >= deadline:
            raise WriterBusy(f"another writer held the database for over {wait:g} s")
        time.sleep(pause)
        pause = min(pause * 2, 0.01)


class Pool:
    """Connections to one database, each used by one request or Socket.IO event at a time, kept open
    between uses (SQLite's in a queue of this process, PostgreSQL's in psycopg's pool)."""

    def __init__(self, location: str, size: int = 8):
        self.location = location
        self._connections = dialect.for_location(location).pool(location, size)
        self._per_evening = dialect.for_location(location).WRITERS_PER_EVENING
        self._turns: dict[str | None, threading.Lock] = {None: threading.Lock()}

    def turn(self, evening: str | None) -> threading.Lock:
        """This process's queue of writers: one per evening where the database locks per evening."""
        key = evening if self._per_evening else None
        if key not in self._turns:
            self._turns.setdefault(key, threading.Lock())
        return self._turns[key]

    def acquire(self) -> Connection:
        conn = self._connections.acquire()
        _turns[id(conn)] = self
        return conn

    def release(self, conn: Connection) -> None:
        abandon_transaction(conn)
        _turns.pop(id(conn), None)
        self._connections.release(conn)  # type: ignore[arg-type]

    def close(self) -> None:
        self._connections.close()
