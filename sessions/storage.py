"""Storage: the only module with SQL in it, for SQLite (the default) and PostgreSQL.

SQLite: connections run in WAL mode so the projector's reads never wait for a tablet's write, with
``synchronous=FULL`` so an acknowledged idea survives a crash of the server or the machine.
PostgreSQL (a ``postgresql://`` location): several server processes share one database; every
write transaction takes one advisory lock, so the rules that SQLite's single writer made safe (the
last seat, the two priorities, one phase change, an import confirmed once) stay safe between
processes.

The SQL below is written once, in SQLite's dialect where the two differ; :class:`_PostgresConnection`
turns it into PostgreSQL's (placeholders, ``rowid``), and the numbered migrations in ``schema/`` are
applied to both (their few SQLite types translated by :func:`_postgres_schema`). The schema version
is ``PRAGMA user_version`` in SQLite and the table ``dialog_app_schema`` in PostgreSQL.
"""

import dataclasses
import functools
import os
import queue
import re
import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager
from importlib import resources
from typing import Iterator, TypeVar

from sessions.models import (AccessToken, Event, EventTable, FollowupEntry, Idea, OrganiserAccount, ParkingNote,
                             Participant, Person, PersonImport, PersonImportChange, Phase, PhaseRecord, Priority,
                             RotationRound, StoredImprint, StrategyDocument, Theme)

Record = TypeVar("Record")
# One writer at a time in PostgreSQL too: the key of the advisory lock every write transaction takes.
WRITER_LOCK = 0x6469616C6F67  # "dialog"
# How long a writer waits for the one before it, in either database, before its command fails with
# WriterBusy (and the client sends again): a stuck transaction never stops a worker for good.
# While it waits it sleeps, which under eventlet lets the worker serve its other sockets; once it
# has the lock it runs to COMMIT without yielding (psycopg's C wait, SQLite's calls), so the lock is
# held for the statements' time only. Measured: letting psycopg yield at every statement
# (PSYCOPG_WAIT_FUNC=wait_select) raised two workers' idea -> projector p99 from 66 to 329 ms in
# bench/scale.py.
LOCK_WAIT_SECONDS = 10.0


class WriterBusy(Exception):
    """Another writer held the database for longer than LOCK_WAIT_SECONDS."""


def is_postgres(location: str) -> bool:
    return str(location).startswith(("postgresql://", "postgres://"))


def _record(kind: type[Record], row) -> Record | None:
    """The row as the record type of its table (None stays None): no database row leaves this module."""
    if row is None:
        return None
    columns = set(row.keys())  # once a row, not once a field: 5,000 people read in half the time
    return kind(**{field.name: row[field.name] for field in dataclasses.fields(kind) if field.name in columns})


def _records(kind: type[Record], rows) -> list[Record]:
    return [_record(kind, row) for row in rows]


# --- connections -------------------------------------------------------------------------------

# Only SQLite ever opens the database file (and its -wal, -shm and -journal). Linux drops every POSIX
# lock a process holds on a file as soon as the process closes any descriptor of it, SQLite's locks
# too; a process that lost them looks gone to the next one that opens and closes the file (an export,
# a backup, a second worker), which then checkpoints and deletes the WAL this process still writes to,
# and every idea acknowledged afterwards is lost. So the file's mode is set at its creation by the
# umask, and afterwards by path (os.chmod), never through a descriptor of our own.
_CREATING_FILE = threading.Lock()


def _open_sqlite(path: str) -> sqlite3.Connection:
    """sqlite3.connect; a database file it creates is readable by its owner only (its -wal and -shm
    files take its mode), and one left readable by others by an older release is made so by path."""
    options = {"isolation_level": None, "check_same_thread": False, "timeout": LOCK_WAIT_SECONDS}
    if path == ":memory:" or path.startswith("file:"):
        return sqlite3.connect(path, **options)
    if os.path.exists(path):
        conn = sqlite3.connect(path, **options)
    else:
        # The umask is the process's: held under a lock, and only while SQLite creates the file.
        with _CREATING_FILE:
            previous = os.umask(0o077)
            try:
                conn = sqlite3.connect(path, **options)
            finally:
                os.umask(previous)
    for name in (path, path + "-wal", path + "-shm"):
        try:
            if os.stat(name).st_mode & 0o077:
                os.chmod(name, 0o600)
        except FileNotFoundError:
            pass
    return conn


class _PostgresRow(tuple):
    """A row that is a tuple (``row[0]``, unpacking) and answers by column name too, as sqlite3.Row does."""

    def __new__(cls, values, index: dict[str, int]):
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key):
        return super().__getitem__(self._index[key] if isinstance(key, str) else key)

    def keys(self):
        return self._index.keys()


def _postgres_rows(cursor):
    index = {column.name: position for position, column in enumerate(cursor.description or ())}
    return lambda values: _PostgresRow(values, index)


@functools.cache
def _postgres_sql(sql: str) -> str:
    """SQLite's spelling of a statement in PostgreSQL's: ``?`` placeholders and the implicit rowid."""
    return re.sub(r"\browid\b", "seq", sql.replace("%", "%%").replace("?", "%s"))


def _postgres_schema(script: str) -> str:
    """A migration as PostgreSQL takes it: SQLite's types and keys in PostgreSQL's words, and every
    table given ``seq``, the insertion order SQLite keeps as its rowid."""
    script = re.sub(r"\bINTEGER PRIMARY KEY\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", script)
    script = re.sub(r"\bREAL\b", "DOUBLE PRECISION", script)
    script = re.sub(r"\s+COLLATE NOCASE", "", script)
    return re.sub(r"CREATE TABLE (\w+) \(", r"CREATE TABLE \1 (\n    seq BIGINT GENERATED ALWAYS AS IDENTITY,", script)


class _PostgresConnection:
    """A psycopg connection (autocommit unless inside :func:`transaction`) that takes this module's SQL."""

    def __init__(self, raw):
        self.raw = raw

    def execute(self, sql: str, params=()):
        return self.raw.execute(_postgres_sql(sql), params)

    def executemany(self, sql: str, rows):
        cursor = self.raw.cursor()
        cursor.executemany(_postgres_sql(sql), rows)
        return cursor

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


# What the domain holds while it works with the database: it passes it back here and never looks in.
Connection = sqlite3.Connection | _PostgresConnection


def _sqlite(path: str) -> sqlite3.Connection:
    conn = _open_sqlite(path)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(LOCK_WAIT_SECONDS * 1000)}")
    return conn


def _postgres_options() -> dict:
    return {"autocommit": True, "row_factory": _postgres_rows,
            "options": f"-c lock_timeout={int(LOCK_WAIT_SECONDS * 1000)}"}


def connect(location: str) -> Connection:
    """Open a connection to a SQLite file or a ``postgresql://`` database; autocommit unless inside
    :func:`transaction`."""
    if is_postgres(location):
        import psycopg

        return _PostgresConnection(psycopg.connect(location, **_postgres_options()))
    return _sqlite(location)


def abandon_transaction(conn: Connection) -> None:
    """Roll back whatever a failed request left open, so its write lock goes with it."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def close(conn: Connection) -> None:
    conn.close()


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """A write transaction taken up front, so check-then-insert rules cannot race: SQLite's one
    writer, or in PostgreSQL the one advisory lock every writer waits for."""
    if conn.in_transaction:
        yield conn
        return
    _take_writer_lock(conn)
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _take_writer_lock(conn: Connection) -> None:
    """Begin a transaction holding the one writer's lock: try, and sleep between tries (from half a
    millisecond, doubling to 10 ms), for up to LOCK_WAIT_SECONDS."""
    pause, deadline = 0.0005, time.monotonic() + LOCK_WAIT_SECONDS
    while not _try_writer_lock(conn):
        if time.monotonic() >= deadline:
            raise WriterBusy(f"another writer held the database for over {LOCK_WAIT_SECONDS:g} s")
        time.sleep(pause)
        pause = min(pause * 2, 0.01)


def _try_writer_lock(conn: Connection) -> bool:
    if isinstance(conn, _PostgresConnection):
        conn.execute("BEGIN")
        if conn.execute("SELECT pg_try_advisory_xact_lock(?) AS taken", (WRITER_LOCK,)).fetchone()["taken"]:
            return True
        conn.execute("ROLLBACK")
        return False
    # SQLite's own busy handler would sleep inside the call, holding up the whole worker.
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
        return True
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return False
        raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(LOCK_WAIT_SECONDS * 1000)}")


class Pool:
    """Connections to one database, each used by one request or Socket.IO event at a time.

    Kept open between uses: opening a SQLite connection costs its PRAGMAs, and closing the last one
    to a WAL database makes SQLite checkpoint the whole log (about 0.7 ms per idea before this
    pool); PostgreSQL's come from psycopg's pool."""

    def __init__(self, location: str, size: int = 8):
        self.location = location
        if is_postgres(location):
            from psycopg_pool import ConnectionPool

            self._postgres = ConnectionPool(location, min_size=1, max_size=size, kwargs=_postgres_options(),
                                            open=True, name="dialog_app")
        else:
            self._postgres = None
            self._idle: queue.LifoQueue = queue.LifoQueue(maxsize=size)

    def acquire(self) -> Connection:
        if self._postgres is not None:
            return _PostgresConnection(self._postgres.getconn())
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return _sqlite(self.location)

    def release(self, conn: Connection) -> None:
        abandon_transaction(conn)
        if self._postgres is not None:
            self._postgres.putconn(conn.raw)
            return
        try:
            self._idle.put_nowait(conn)
        except queue.Full:
            conn.close()

    def close(self) -> None:
        if self._postgres is not None:
            self._postgres.close()


# --- the schema --------------------------------------------------------------------------------

def _migration_files() -> list[tuple[int, str]]:
    folder = resources.files("sessions") / "schema"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    numbers = [number for number, _ in found]
    twice = sorted({number for number in numbers if numbers.count(number) > 1})
    if twice:
        # Two branches each adding "the next" migration: the second would be skipped without a word.
        raise RuntimeError(f"two migrations share a number: {twice}; give each its own")
    return sorted(found)


def schema_version(conn: Connection) -> int:
    if isinstance(conn, _PostgresConnection):
        if conn.execute("SELECT to_regclass('dialog_app_schema')").fetchone()[0] is None:
            return 0
        return conn.execute("SELECT MAX(version) FROM dialog_app_schema").fetchone()[0] or 0
    return conn.execute("PRAGMA user_version").fetchone()[0]


def latest_schema_version() -> int:
    return _migration_files()[-1][0]


def migrate(conn: Connection, up_to: int | None = None) -> int:
    """Bring the schema up to date (or to version ``up_to``), each file in its own transaction;
    returns the version now in force. Workers starting at once take turns."""
    for version, script in _migration_files():
        if up_to is not None and version > up_to:
            break
        if isinstance(conn, _PostgresConnection):
            with transaction(conn):
                conn.execute("CREATE TABLE IF NOT EXISTS dialog_app_schema (version INTEGER NOT NULL)")
                if version > schema_version(conn):
                    conn.raw.execute(_postgres_schema(script))
                    conn.execute("INSERT INTO dialog_app_schema (version) VALUES (?)", (version,))
        else:
            # The version is read again under the write lock: a second process starting at the same
            # moment finds the file applied and skips it.
            with transaction(conn):
                if version > schema_version(conn):
                    for statement in _sqlite_statements(script):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {version}")
    return schema_version(conn)


def _sqlite_statements(script: str) -> list[str]:
    """A migration's statements one by one (executescript would commit the transaction first)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return [statement for statement in statements if statement.strip(" ;\n")]


# --- events and tables -------------------------------------------------------------------------

_EVENT_COLUMNS = ("id", "title", "event_date", "place", "vision_question", "deepen_question",
                  "warmup_story", "table_count", "theme_count", "phase", "timer_ends_at", "created_at",
                  "themes_finalised_at", "show_context", "rotation_rounds_max", "parking_visible",
                  "balance_low", "balance_high", "expected_participants", "participant_cap", "organisation",
                  "time_zone", "pages_held")


def _event(row: sqlite3.Row | None) -> Event | None:
    event = _record(Event, row)
    return dataclasses.replace(event, phase=Phase(event.phase)) if event else None


def insert_event(conn: Connection, event: Event) -> None:
    values = [getattr(event, column) for column in _EVENT_COLUMNS]
    values[_EVENT_COLUMNS.index("phase")] = event.phase.value
    conn.execute(f"INSERT INTO event ({', '.join(_EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(values))})",
                 values)


_EDITABLE_EVENT_FIELDS = frozenset({"title", "event_date", "place", "vision_question", "deepen_question",
                                    "warmup_story", "table_count", "theme_count", "rotation_rounds_max",
                                    "balance_low", "balance_high", "expected_participants", "participant_cap",
                                    "organisation", "time_zone"})


def update_event(conn: Connection, event_id: str, fields: dict) -> None:
    unknown = set(fields) - _EDITABLE_EVENT_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if fields:
        assignments = ", ".join(f"{name} = ?" for name in fields)
        conn.execute(f"UPDATE event SET {assignments} WHERE id = ?", [*fields.values(), event_id])


def fetch_event(conn: Connection, event_id: str) -> Event | None:
    return _event(conn.execute("SELECT * FROM event WHERE id = ?", (event_id,)).fetchone())


def fetch_events(conn: Connection) -> list[Event]:
    return [_event(row) for row in conn.execute("SELECT * FROM event ORDER BY created_at DESC")]


def delete_event(conn: Connection, event_id: str) -> bool:
    return conn.execute("DELETE FROM event WHERE id = ?", (event_id,)).rowcount > 0


def set_tables(conn: Connection, event_id: str, table_count: int) -> None:
    conn.execute("DELETE FROM event_table WHERE event_id = ? AND number > ?", (event_id, table_count))
    conn.executemany("INSERT INTO event_table (event_id, number) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     [(event_id, number) for number in range(1, table_count + 1)])


def table_exists(conn: Connection, event_id: str, table_number: int) -> bool:
    return conn.execute("SELECT 1 FROM event_table WHERE event_id = ? AND number = ?",
                        (event_id, table_number)).fetchone() is not None


# --- tokens ------------------------------------------------------------------------------------

def insert_token(conn: Connection, token_hash: str, event_id: str | None, role: str,
                 table_number: int | None, generation: int, join_code_key: str | None = None) -> None:
    conn.execute("INSERT INTO access_token (token_hash, event_id, role, table_number, generation, join_code_key)"
                 " VALUES (?, ?, ?, ?, ?, ?)", (token_hash, event_id, role, table_number, generation, join_code_key))


def fetch_token_by_join_code(conn: Connection, join_code_key: str) -> AccessToken | None:
    """The live token whose short code has this key (one indexed lookup, whatever the number of events)."""
    return _record(AccessToken, conn.execute("SELECT * FROM access_token WHERE join_code_key = ? AND revoked_at IS NULL",
                                             (join_code_key,)).fetchone())


def fetch_tokens_without_join_code(conn: Connection, role: str) -> list[AccessToken]:
    return _records(AccessToken, conn.execute("SELECT * FROM access_token WHERE role = ? AND revoked_at IS NULL"
                                              " AND join_code_key IS NULL", (role,)))


def set_join_code_key(conn: Connection, token_hash: str, join_code_key: str) -> None:
    conn.execute("UPDATE access_token SET join_code_key = ? WHERE token_hash = ?", (join_code_key, token_hash))


def fetch_active_token(conn: Connection, token_hash: str) -> AccessToken | None:
    return _record(AccessToken, conn.execute("SELECT * FROM access_token WHERE token_hash = ? AND revoked_at IS NULL",
                                             (token_hash,)).fetchone())


def fetch_active_tokens(conn: Connection, event_id: str | None) -> list[AccessToken]:
    return _records(AccessToken, conn.execute("SELECT * FROM access_token WHERE event_id IS NOT DISTINCT FROM ? AND revoked_at IS NULL"
                                              " ORDER BY role, table_number", (event_id,)))


def revoke_tokens(conn: Connection, event_id: str | None, role: str, table_number: int | None,
                  now: float) -> int:
    """Revoke the active tokens of a role; returns the highest generation seen (0 if none)."""
    row = conn.execute("SELECT MAX(generation) FROM access_token WHERE event_id IS NOT DISTINCT FROM ? AND role = ?"
                       " AND table_number IS NOT DISTINCT FROM ?", (event_id, role, table_number)).fetchone()
    # A replaced link's short code is dropped with it, so a later code can never collide with it.
    conn.execute("UPDATE access_token SET revoked_at = ?, join_code_key = NULL WHERE event_id IS NOT DISTINCT FROM ?"
                 " AND role = ? AND table_number IS NOT DISTINCT FROM ? AND revoked_at IS NULL",
                 (now, event_id, role, table_number))
    return row[0] or 0


# --- phases ------------------------------------------------------------------------------------

def record_phase(conn: Connection, event_id: str, phase: Phase, now: float) -> None:
    """Make ``phase`` current: end the running phase in the log, start the new one, clear the timer."""
    conn.execute("UPDATE event SET phase = ?, timer_ends_at = NULL WHERE id = ?", (phase.value, event_id))
    conn.execute("UPDATE phase_log SET ended_at = ? WHERE event_id = ? AND ended_at IS NULL", (now, event_id))
    conn.execute("INSERT INTO phase_log (event_id, phase, started_at) VALUES (?, ?, ?)",
                 (event_id, phase.value, now))


def fetch_phase_log(conn: Connection, event_id: str) -> list[PhaseRecord]:
    rows = conn.execute("SELECT phase, started_at, ended_at FROM phase_log WHERE event_id = ? ORDER BY id",
                        (event_id,))
    return [PhaseRecord(Phase(row["phase"]), row["started_at"], row["ended_at"]) for row in rows]


def set_timer(conn: Connection, event_id: str, ends_at: float | None) -> None:
    conn.execute("UPDATE event SET timer_ends_at = ? WHERE id = ?", (ends_at, event_id))


# --- ideas -------------------------------------------------------------------------------------

def insert_idea(conn: Connection, idea: Idea) -> bool:
    """Store the idea unless its id is known already; True when it was new."""
    cursor = conn.execute(
        "INSERT INTO idea (id, event_id, table_number, text, created_at, updated_at, kind, theme_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (idea.id, idea.event_id, idea.table_number, idea.text, idea.created_at, idea.updated_at, idea.kind,
         idea.theme_id))
    return cursor.rowcount == 1


def fetch_idea(conn: Connection, idea_id: str) -> Idea | None:
    """The idea with its withdrawal mark, withdrawn or not."""
    return _record(Idea, conn.execute("SELECT * FROM idea WHERE id = ?", (idea_id,)).fetchone())


def update_idea_text(conn: Connection, idea_id: str, text: str, now: float) -> None:
    conn.execute("UPDATE idea SET text = ?, updated_at = ? WHERE id = ?", (text, now, idea_id))


def withdraw_idea(conn: Connection, idea_id: str, now: float) -> None:
    conn.execute("UPDATE idea SET withdrawn_at = ?, updated_at = ? WHERE id = ?", (now, now, idea_id))
    conn.execute("DELETE FROM priority WHERE idea_id = ?", (idea_id,))


def fetch_ideas(conn: Connection, event_id: str, table_number: int | None = None,
                kind: str = "idea") -> list[Idea]:
    """The ideas (or proposals) still standing, in the order they arrived; of one table, or of all."""
    table, params = _one_table("table_number", table_number)
    return _records(Idea, conn.execute(f"SELECT * FROM idea WHERE event_id = ? AND kind = ? AND withdrawn_at IS NULL"
                                       f"{table} ORDER BY rowid", (event_id, kind, *params)))


def _one_table(column: str, table_number: int | None) -> tuple[str, tuple]:
    """The condition for one table's rows, or none for every table's."""
    return ("", ()) if table_number is None else (f" AND {column} = ?", (table_number,))


# --- priorities --------------------------------------------------------------------------------

_PRIORITY_SELECT = ("SELECT p.id, p.event_id, p.table_number, p.idea_id, COALESCE(i.text, p.text) AS text"
                    " FROM priority p LEFT JOIN idea i ON i.id = p.idea_id")


def fetch_priorities(conn: Connection, event_id: str, table_number: int | None = None) -> list[Priority]:
    table, params = _one_table("p.table_number", table_number)
    return _records(Priority, conn.execute(f"{_PRIORITY_SELECT} WHERE p.event_id = ?{table} ORDER BY p.table_number, p.rowid",
                                           (event_id, *params)))


def fetch_priority(conn: Connection, priority_id: str) -> Priority | None:
    return _record(Priority, conn.execute(_PRIORITY_SELECT + " WHERE p.id = ?", (priority_id,)).fetchone())


def count_priorities(conn: Connection, event_id: str, table_number: int) -> int:
    return conn.execute("SELECT COUNT(*) FROM priority WHERE event_id = ? AND table_number = ?",
                        (event_id, table_number)).fetchone()[0]


def priority_for_idea(conn: Connection, idea_id: str) -> str | None:
    row = conn.execute("SELECT id FROM priority WHERE idea_id = ?", (idea_id,)).fetchone()
    return row["id"] if row else None


def insert_priority(conn: Connection, priority_id: str, event_id: str, table_number: int,
                    idea_id: str | None, text: str | None, now: float) -> bool:
    cursor = conn.execute(
        "INSERT INTO priority (id, event_id, table_number, idea_id, text, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", (priority_id, event_id, table_number, idea_id, text, now))
    return cursor.rowcount == 1


def delete_priority(conn: Connection, priority_id: str) -> None:
    conn.execute("DELETE FROM priority WHERE id = ?", (priority_id,))


def count_priorities_by_table(conn: Connection, event_id: str) -> dict[int, int]:
    rows = conn.execute(
        "SELECT t.number, COUNT(p.id) FROM event_table t LEFT JOIN priority p"
        " ON p.event_id = t.event_id AND p.table_number = t.number WHERE t.event_id = ? GROUP BY t.number",
        (event_id,))
    return {number: count for number, count in rows}


# --- themes ------------------------------------------------------------------------------------

def fetch_themes(conn: Connection, event_id: str) -> list[Theme]:
    members: dict[str, list[str]] = {}
    for row in conn.execute(
            "SELECT tp.theme_id, tp.priority_id FROM theme_priority tp JOIN theme t ON t.id = tp.theme_id"
            " WHERE t.event_id = ? ORDER BY tp.position, tp.rowid", (event_id,)):
        members.setdefault(row["theme_id"], []).append(row["priority_id"])
    return [Theme(row["id"], row["event_id"], row["title"], row["position"], tuple(members.get(row["id"], ())))
            for row in conn.execute("SELECT * FROM theme WHERE event_id = ? ORDER BY position, rowid", (event_id,))]


def replace_themes(conn: Connection, event_id: str, themes: list[Theme], now: float) -> None:
    """Write the whole board: every theme in order, every placed priority in order."""
    conn.execute("DELETE FROM theme WHERE event_id = ?", (event_id,))
    for position, theme in enumerate(themes):
        conn.execute("INSERT INTO theme (id, event_id, title, position, created_at) VALUES (?, ?, ?, ?, ?)",
                     (theme.id, event_id, theme.title, position, now))
        conn.executemany("INSERT INTO theme_priority (priority_id, theme_id, position) VALUES (?, ?, ?)",
                         [(priority_id, theme.id, index) for index, priority_id in enumerate(theme.priority_ids)])


BOARD_HISTORY_LIMIT = 200  # undo steps kept per event: far more than an evening uses


def push_board_history(conn: Connection, event_id: str, snapshot: str, now: float) -> None:
    conn.execute("INSERT INTO board_history (event_id, snapshot, created_at) VALUES (?, ?, ?)",
                 (event_id, snapshot, now))
    conn.execute("DELETE FROM board_history WHERE event_id = ? AND id NOT IN"
                 " (SELECT id FROM board_history WHERE event_id = ? ORDER BY id DESC LIMIT ?)",
                 (event_id, event_id, BOARD_HISTORY_LIMIT))


def pop_board_history(conn: Connection, event_id: str) -> str | None:
    row = conn.execute("SELECT id, snapshot FROM board_history WHERE event_id = ? ORDER BY id DESC LIMIT 1",
                       (event_id,)).fetchone()
    if row is None:
        return None
    conn.execute("DELETE FROM board_history WHERE id = ?", (row["id"],))
    return row["snapshot"]


def count_board_history(conn: Connection, event_id: str) -> int:
    return conn.execute("SELECT COUNT(*) FROM board_history WHERE event_id = ?", (event_id,)).fetchone()[0]


def set_themes_finalised(conn: Connection, event_id: str, finalised_at: float | None) -> None:
    conn.execute("UPDATE event SET themes_finalised_at = ? WHERE id = ?", (finalised_at, event_id))


def set_show_context(conn: Connection, event_id: str, show: bool) -> None:
    conn.execute("UPDATE event SET show_context = ? WHERE id = ?", (int(show), event_id))


# --- tables' themes and seats ------------------------------------------------------------------

def fetch_tables(conn: Connection, event_id: str) -> list[EventTable]:
    return _records(EventTable, conn.execute("SELECT number, seats, theme_id FROM event_table WHERE event_id = ?"
                                             " ORDER BY number", (event_id,)))


def set_table_theme(conn: Connection, event_id: str, table_number: int, theme_id: str | None) -> None:
    conn.execute("UPDATE event_table SET theme_id = ? WHERE event_id = ? AND number = ?",
                 (theme_id, event_id, table_number))


def set_seats(conn: Connection, event_id: str, seats: int | None) -> None:
    conn.execute("UPDATE event_table SET seats = ? WHERE event_id = ?", (seats, event_id))


# --- participants and rotation -----------------------------------------------------------------

def insert_participant(conn: Connection, participant: Participant, key_hash: str, now: float) -> None:
    conn.execute("INSERT INTO participant (id, event_id, key_hash, display_name, table_number, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?)", (participant.id, participant.event_id, key_hash,
                                                participant.display_name, participant.table_number, now))


def fetch_participant_by_key(conn: Connection, event_id: str, key_hash: str) -> Participant | None:
    return _record(Participant, conn.execute("SELECT * FROM participant WHERE event_id = ? AND key_hash = ?",
                                             (event_id, key_hash)).fetchone())


def fetch_participant(conn: Connection, participant_id: str) -> Participant | None:
    return _record(Participant, conn.execute("SELECT * FROM participant WHERE id = ?", (participant_id,)).fetchone())


def fetch_participants(conn: Connection, event_id: str) -> list[Participant]:
    return _records(Participant, conn.execute(
        "SELECT * FROM participant WHERE event_id = ? ORDER BY created_at, rowid", (event_id,)))


def count_participants(conn: Connection, event_id: str) -> int:
    return conn.execute("SELECT COUNT(*) FROM participant WHERE event_id = ?", (event_id,)).fetchone()[0]


def count_seated(conn: Connection, event_id: str) -> dict[int, int]:
    rows = conn.execute("SELECT table_number, COUNT(*) FROM participant WHERE event_id = ?"
                        " AND table_number IS NOT NULL GROUP BY table_number", (event_id,))
    return {number: count for number, count in rows}


def delete_participant(conn: Connection, participant_id: str) -> None:
    conn.execute("DELETE FROM participant WHERE id = ?", (participant_id,))


def seat_participant(conn: Connection, participant_id: str, table_number: int) -> None:
    conn.execute("UPDATE participant SET table_number = ? WHERE id = ?", (table_number, participant_id))


def fetch_rounds(conn: Connection, event_id: str) -> list[RotationRound]:
    return _records(RotationRound, conn.execute("SELECT * FROM rotation_round WHERE event_id = ? ORDER BY number",
                                                (event_id,)))


def open_round(conn: Connection, event_id: str, number: int, now: float) -> None:
    conn.execute("INSERT INTO rotation_round (event_id, number, opened_at) VALUES (?, ?, ?)", (event_id, number, now))


def close_round(conn: Connection, round_id: int, now: float) -> None:
    conn.execute("UPDATE rotation_round SET closed_at = ? WHERE id = ?", (now, round_id))


def record_move(conn: Connection, round_id: int, participant_id: str, from_table: int | None,
                to_table: int, now: float) -> None:
    conn.execute("INSERT INTO rotation_move (round_id, participant_id, from_table, to_table, moved_at)"
                 " VALUES (?, ?, ?, ?, ?)", (round_id, participant_id, from_table, to_table, now))


def count_movers(conn: Connection, round_id: int) -> int:
    """People who moved in the round and are not back where they started."""
    return conn.execute(
        "SELECT COUNT(*) FROM (SELECT participant_id, MIN(id) AS first, MAX(id) AS last FROM rotation_move"
        " WHERE round_id = ? GROUP BY participant_id) m"
        " JOIN rotation_move f ON f.id = m.first JOIN rotation_move l ON l.id = m.last"
        " WHERE f.from_table IS DISTINCT FROM l.to_table", (round_id,)).fetchone()[0]


# --- parking lot -------------------------------------------------------------------------------

def insert_parking_note(conn: Connection, note: ParkingNote, participant_id: str | None) -> bool:
    cursor = conn.execute("INSERT INTO parking_note (id, event_id, table_number, participant_id, text,"
                          " created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                          (note.id, note.event_id, note.table_number, participant_id, note.text, note.created_at))
    return cursor.rowcount == 1


def fetch_parking_note(conn: Connection, note_id: str) -> ParkingNote | None:
    return _record(ParkingNote, conn.execute("SELECT * FROM parking_note WHERE id = ?", (note_id,)).fetchone())


def fetch_parking_notes(conn: Connection, event_id: str) -> list[ParkingNote]:
    return _records(ParkingNote, conn.execute("SELECT * FROM parking_note WHERE event_id = ? ORDER BY created_at, rowid",
                                              (event_id,)))


def set_parking_visible(conn: Connection, event_id: str, visible: bool) -> None:
    conn.execute("UPDATE event SET parking_visible = ? WHERE id = ?", (int(visible), event_id))


def set_pages_held(conn: Connection, event_id: str, held: bool) -> None:
    conn.execute("UPDATE event SET pages_held = ? WHERE id = ?", (int(held), event_id))


# --- the organiser's lists of people -----------------------------------------------------------

def insert_people(conn: Connection, event_id: str, people: list[dict], walk_in: bool, now: float) -> list[str]:
    ids = [str(uuid.uuid4()) for _ in people]
    conn.executemany(
        "INSERT INTO person (id, event_id, name, organisation, sector, gender, inviter, contact, status, walk_in,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(person_id, event_id, p["name"], p["organisation"], p["sector"], p["gender"], p["inviter"], p["contact"],
          p["status"], int(walk_in), now, now) for person_id, p in zip(ids, people)])
    return ids


def _person(row: sqlite3.Row | None) -> Person | None:
    person = _record(Person, row)
    return dataclasses.replace(person, walk_in=bool(person.walk_in)) if person else None


def fetch_people(conn: Connection, event_id: str, *, limit: int | None = None, offset: int = 0) -> list[Person]:
    """The event's list in name order; ``limit`` people from ``offset`` for one page of it."""
    paging = " LIMIT ? OFFSET ?" if limit is not None else ""
    return [_person(row) for row in conn.execute(
        "SELECT * FROM person WHERE event_id = ? ORDER BY lower(name), rowid" + paging,
        (event_id, limit, offset) if limit is not None else (event_id,))]


def count_people(conn: Connection, event_id: str) -> int:
    return conn.execute("SELECT COUNT(*) FROM person WHERE event_id = ?", (event_id,)).fetchone()[0]


def count_people_with_status(conn: Connection, event_id: str, statuses) -> int:
    statuses = sorted(statuses)
    return conn.execute(f"SELECT COUNT(*) FROM person WHERE event_id = ? AND status IN ({', '.join('?' * len(statuses))})",
                        (event_id, *statuses)).fetchone()[0]


def fetch_person(conn: Connection, event_id: str, person_id: str) -> Person | None:
    return _person(conn.execute("SELECT * FROM person WHERE id = ? AND event_id = ?", (person_id, event_id)).fetchone())


def update_person_status(conn: Connection, event_id: str, person_id: str, status: str, now: float) -> bool:
    return conn.execute("UPDATE person SET status = ?, updated_at = ? WHERE id = ? AND event_id = ?",
                        (status, now, person_id, event_id)).rowcount == 1


# --- organiser accounts ------------------------------------------------------------------------

def count_organiser_accounts(conn: Connection) -> int:
    return conn.execute("SELECT COUNT(*) FROM organiser_account").fetchone()[0]


def insert_organiser_account(conn: Connection, username: str, password_hash: str, now: float,
                             administrator: bool = False) -> None:
    conn.execute("INSERT INTO organiser_account (username, password_hash, created_at, administrator) "
                 "VALUES (?, ?, ?, ?)", (username, password_hash, now, int(administrator)))


def fetch_organiser_account(conn: Connection, username: str) -> OrganiserAccount | None:
    return _record(OrganiserAccount, conn.execute("SELECT * FROM organiser_account WHERE lower(username) = lower(?)",
                                                  (username,)).fetchone())


def insert_organiser_session(conn: Connection, session_id: str, username: str, now: float) -> None:
    conn.execute("INSERT INTO organiser_session (id, username, created_at) VALUES (?, ?, ?)",
                 (session_id, username, now))


def organiser_session_is_active(conn: Connection, session_id: str) -> bool:
    return conn.execute("SELECT 1 FROM organiser_session WHERE id = ? AND revoked_at IS NULL",
                        (session_id,)).fetchone() is not None


def revoke_organiser_session(conn: Connection, session_id: str, now: float) -> None:
    conn.execute("UPDATE organiser_session SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (now, session_id))


def set_person_table(conn: Connection, event_id: str, person_id: str, table_number: int | None) -> bool:
    return conn.execute("UPDATE person SET table_number = ? WHERE id = ? AND event_id = ?",
                        (table_number, person_id, event_id)).rowcount == 1


def update_person(conn: Connection, event_id: str, person_id: str, fields: dict, now: float) -> bool:
    columns = ("name", "organisation", "sector", "gender", "inviter", "contact", "status")
    assignments = ", ".join(f"{column} = ?" for column in columns)
    return conn.execute(f"UPDATE person SET {assignments}, updated_at = ? WHERE id = ? AND event_id = ?",
                        [fields[column] for column in columns] + [now, person_id, event_id]).rowcount == 1


def delete_person(conn: Connection, event_id: str, person_id: str) -> bool:
    return conn.execute("DELETE FROM person WHERE id = ? AND event_id = ?", (person_id, event_id)).rowcount == 1


def insert_person_import(conn: Connection, import_id: str, event_id: str, filename: str, file_info: str,
                         header: str, rows: str, mapping: str, now: float) -> None:
    conn.execute("INSERT INTO person_import (id, event_id, filename, file_info, header, rows, mapping, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (import_id, event_id, filename, file_info, header, rows, mapping, now))


def fetch_person_import(conn: Connection, event_id: str, import_id: str) -> PersonImport | None:
    return _record(PersonImport, conn.execute("SELECT * FROM person_import WHERE id = ? AND event_id = ?",
                                              (import_id, event_id)).fetchone())


def set_person_import_choices(conn: Connection, import_id: str, mapping: str, choices: str) -> bool:
    return conn.execute("UPDATE person_import SET mapping = ?, choices = ? WHERE id = ? AND state = 'preview'",
                        (mapping, choices, import_id)).rowcount == 1


def mark_person_import_done(conn: Connection, import_id: str, outcome: str, now: float) -> bool:
    """Only a preview becomes an import, once: a second confirm finds nothing to update."""
    return conn.execute("UPDATE person_import SET state = 'imported', rows = NULL, outcome = ?, imported_at = ?"
                        " WHERE id = ? AND state = 'preview'", (outcome, now, import_id)).rowcount == 1


def insert_person_import_changes(conn: Connection, import_id: str,
                                 changes: list[tuple[str, str | None]]) -> None:
    conn.executemany("INSERT INTO person_import_change (import_id, person_id, previous) VALUES (?, ?, ?)",
                     [(import_id, person_id, previous) for person_id, previous in changes])


def fetch_last_person_import(conn: Connection, event_id: str) -> PersonImport | None:
    return _record(PersonImport, conn.execute("SELECT * FROM person_import WHERE event_id = ? AND state = 'imported'"
                                              " ORDER BY imported_at DESC, rowid DESC LIMIT 1", (event_id,)).fetchone())


def fetch_person_import_changes(conn: Connection, import_id: str) -> list[PersonImportChange]:
    """The import's changes with each person's last change time (people deleted since are gone)."""
    return _records(PersonImportChange, conn.execute(
        "SELECT c.person_id, c.previous, p.updated_at FROM person_import_change c"
        " JOIN person p ON p.id = c.person_id WHERE c.import_id = ?", (import_id,)))


def mark_person_import_undone(conn: Connection, import_id: str, now: float) -> bool:
    return conn.execute("UPDATE person_import SET state = 'undone', undone_at = ? WHERE id = ? AND state = 'imported'",
                        (now, import_id)).rowcount == 1


def delete_stale_person_imports(conn: Connection, before: float) -> int:
    return conn.execute("DELETE FROM person_import WHERE state = 'preview' AND created_at < ?", (before,)).rowcount
# --- the strategy and its yearly follow-up -----------------------------------------------------

def save_strategy(conn: Connection, event_id: str, filename: str, text: str, now: float, digest: str = "") -> None:
    conn.execute("INSERT INTO strategy_document (event_id, filename, text, uploaded_at, digest) VALUES (?, ?, ?, ?, ?)"
                 " ON CONFLICT (event_id) DO UPDATE SET filename = excluded.filename, text = excluded.text,"
                 " uploaded_at = excluded.uploaded_at, digest = excluded.digest",
                 (event_id, filename, text, now, digest))


def fetch_strategy(conn: Connection, event_id: str, *, with_text: bool = True) -> StrategyDocument | None:
    """The event's strategy; without its text (a few megabytes, maybe) when only its name and version are needed."""
    columns = "*" if with_text else "event_id, filename, uploaded_at, digest"
    return _record(StrategyDocument, conn.execute(f"SELECT {columns} FROM strategy_document WHERE event_id = ?",
                                                  (event_id,)).fetchone())


def save_imprint(conn: Connection, event_id: str, strategy_version: str, results_digest: str, shown: str,
                 result: str, now: float) -> None:
    conn.execute("INSERT INTO strategy_imprint (event_id, strategy_version, results_digest, shown, result, computed_at)"
                 " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET"
                 " strategy_version = excluded.strategy_version, results_digest = excluded.results_digest,"
                 " shown = excluded.shown, result = excluded.result, computed_at = excluded.computed_at",
                 (event_id, strategy_version, results_digest, shown, result, now))


def fetch_imprint(conn: Connection, event_id: str, *, with_result: bool = False) -> StoredImprint | None:
    """The imprint as last computed; the whole result (as big as the strategy) only when asked for."""
    columns = "*" if with_result else "event_id, strategy_version, results_digest, shown, computed_at"
    return _record(StoredImprint, conn.execute(f"SELECT {columns} FROM strategy_imprint WHERE event_id = ?",
                                               (event_id,)).fetchone())


def insert_followup_entry(conn: Connection, event_id: str, entry: dict) -> None:
    columns = ("subject_kind", "subject_id", "subject_text", "status", "note", "responsible", "status_date",
               "changed_by", "changed_at")
    conn.execute(f"INSERT INTO followup_entry (event_id, {', '.join(columns)}) VALUES (?{', ?' * len(columns)})",
                 [event_id, *(entry[column] for column in columns)])


def fetch_followup_entries(conn: Connection, event_id: str) -> list[FollowupEntry]:
    """Every follow-up entry of the event, oldest first: the last per subject is in force."""
    return _records(FollowupEntry, conn.execute("SELECT * FROM followup_entry WHERE event_id = ? ORDER BY id",
                                                 (event_id,)))
