"""Every difference between SQLite and PostgreSQL, in one place: the rest of storage is written once.

The SQL of the other storage modules is the SQL both databases take, with two SQLite spellings that
:meth:`PostgreSQL.sql` turns into PostgreSQL's (the one translation; a statement is translated once and
kept):

| written | SQLite reads it as | PostgreSQL gets |
| --- | --- | --- |
| ``?``, a placeholder (a literal ``%`` too) | itself | ``%s`` (``%%``) |
| ``rowid``, the order rows were inserted in | its implicit rowid | ``seq``, a column every table has |

The numbered migrations in ``schema/`` are written the same way, and :meth:`PostgreSQL.schema` gives
their few SQLite types PostgreSQL's words (``INTEGER PRIMARY KEY``, ``REAL``, ``COLLATE NOCASE``) and
every table its ``seq``. Beside the spelling, the two differ in how a connection opens (SQLite's
PRAGMAs and the file's mode; PostgreSQL's options and psycopg's pool), how the one writer's lock is
taken (SQLite's ``BEGIN IMMEDIATE``; an advisory lock in PostgreSQL, so several server processes take
turns: one evening's for a live command, the whole database's for any other write), and where the
schema's version is kept (``PRAGMA user_version``; the table ``dialog_app_schema``).
"""

import functools
import hashlib
import os
import queue
import re
import shutil
import sqlite3
import threading
from typing import Any

# How long a writer waits for the one before it, in either database, before its command fails with
# WriterBusy (and the client sends again): a stuck transaction never stops a worker for good.
# While it waits it sleeps, which under eventlet lets the worker serve its other sockets; once it
# has the lock it runs to COMMIT without yielding (psycopg's C wait, SQLite's calls), so the lock is
# held for the statements' time only. Measured: letting psycopg yield at every statement
# (PSYCOPG_WAIT_FUNC=wait_select) raised two workers' idea -> projector p99 from 66 to 329 ms in
# bench/scale.py.
LOCK_WAIT_SECONDS = 10.0
# One writer at a time in PostgreSQL too: the key of the advisory lock every write transaction takes.
WRITER_LOCK = 0x6469616C6F67  # "dialog"
# With a second key, one evening's lock (the two-key locks are a space of their own in PostgreSQL).
EVENING_LOCKS = 0x6469616C  # "dial"


def is_postgres(location: str) -> bool:
    return str(location).startswith(("postgresql://", "postgres://"))


# --- SQLite -----------------------------------------------------------------------------------------

# Only SQLite ever opens the database file (and its -wal, -shm and -journal). Linux drops every POSIX
# lock a process holds on a file as soon as the process closes any descriptor of it, SQLite's locks
# too; a process that lost them looks gone to the next one that opens and closes the file (an export,
# a backup, a second worker), which then checkpoints and deletes the WAL this process still writes to,
# and every idea acknowledged afterwards is lost. So the file's mode is set at its creation by the
# umask, and afterwards by path (os.chmod), never through a descriptor of our own.
_CREATING_FILE = threading.Lock()


def open_sqlite(path: str) -> sqlite3.Connection:
    """sqlite3.connect; a database file it creates is readable by its owner only (its -wal and -shm
    files take its mode), and one left readable by others by an older release is made so by path."""
    options: dict[str, Any] = {"isolation_level": None, "check_same_thread": False, "timeout": LOCK_WAIT_SECONDS}
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


class _SQLitePool:
    """Connections kept open between uses: opening one costs its PRAGMAs, and closing the last one to a
    WAL database makes SQLite checkpoint the whole log (about 0.7 ms per idea before this pool)."""

    def __init__(self, location: str, size: int):
        self.location = location
        self._idle: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue(maxsize=size)

    def acquire(self) -> sqlite3.Connection:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return SQLite.connect(self.location)

    def release(self, conn: sqlite3.Connection) -> None:
        try:
            self._idle.put_nowait(conn)
        except queue.Full:
            conn.close()

    def close(self) -> None:
        pass


class SQLite:
    """A database file, in WAL mode so the projector's reads never wait for a tablet's write, with
    ``synchronous=FULL`` so an acknowledged idea survives a crash of the server or the machine."""

    @staticmethod
    def connect(location: str) -> sqlite3.Connection:
        conn = open_sqlite(location)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(LOCK_WAIT_SECONDS * 1000)}")
        return conn

    @staticmethod
    def pool(location: str, size: int) -> _SQLitePool:
        return _SQLitePool(location, size)

    # One writer for the whole file, whichever evening it writes for.
    WRITERS_PER_EVENING = False

    @staticmethod
    def try_writer_lock(conn: sqlite3.Connection, evening: str | None = None) -> bool:
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

    @staticmethod
    def schema_version(conn: sqlite3.Connection) -> int:
        return conn.execute("PRAGMA user_version").fetchone()[0]

    @staticmethod
    def backup(location: str, out: str) -> None:
        """SQLite's online backup: a consistent copy of the database as of one moment, the part still in
        the -wal file included, taken while the server keeps writing (WAL: the copy's reading never
        holds up a tablet's write). The copy is a database file of its own, readable by its owner only."""
        source, copy = SQLite.connect(location), open_sqlite(out)
        try:
            source.backup(copy)
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise RuntimeError(f"the copy in {out} did not pass SQLite's check")
        finally:
            copy.close()
            source.close()

    @staticmethod
    def apply_migration(conn: sqlite3.Connection, version: int, script: str) -> None:
        """Run a migration's statements one by one (executescript would commit the transaction first)."""
        statements, pending = [], ""
        for line in script.splitlines(keepends=True):
            pending += line
            if sqlite3.complete_statement(pending):
                statements.append(pending.strip())
                pending = ""
        for statement in statements:
            if statement.strip(" ;\n"):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")


# --- PostgreSQL ---------------------------------------------------------------------------------------

class _PostgresRow(tuple):
    """A row that is a tuple (``row[0]``, unpacking) and answers by column name too, as sqlite3.Row does."""

    _index: dict[str, int]

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


class PostgresConnection:
    """A psycopg connection (autocommit unless inside a transaction) that takes the storage's SQL."""

    def __init__(self, raw):
        self.raw = raw

    def execute(self, sql: str, params=()):
        return self.raw.execute(PostgreSQL.sql(sql), params)

    def executemany(self, sql: str, rows):
        cursor = self.raw.cursor()
        cursor.executemany(PostgreSQL.sql(sql), rows)
        return cursor

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


class _PostgresPool:
    def __init__(self, location: str, size: int):
        from psycopg_pool import ConnectionPool

        self.location = location
        self._pool = ConnectionPool(location, min_size=1, max_size=size, kwargs=PostgreSQL.options(),
                                    open=True, name="dialog_app")

    def acquire(self) -> PostgresConnection:
        return PostgresConnection(self._pool.getconn())

    def release(self, conn: PostgresConnection) -> None:
        self._pool.putconn(conn.raw)

    def close(self) -> None:
        self._pool.close()


class PostgreSQL:
    """A ``postgresql://`` database that several server processes share; every write transaction takes
    one advisory lock, so the rules that SQLite's single writer made safe (the last seat, the two
    priorities, one phase change, an import confirmed once) stay safe between processes."""

    @staticmethod
    @functools.cache
    def sql(statement: str) -> str:
        """The storage's spelling of a statement in PostgreSQL's: ``?`` placeholders and ``rowid``."""
        return re.sub(r"\browid\b", "seq", statement.replace("%", "%%").replace("?", "%s"))

    @staticmethod
    def schema(script: str) -> str:
        """A migration as PostgreSQL takes it: SQLite's types and keys in PostgreSQL's words, and every
        table given ``seq``, the insertion order SQLite keeps as its rowid."""
        script = re.sub(r"\bINTEGER PRIMARY KEY\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", script)
        script = re.sub(r"\bREAL\b", "DOUBLE PRECISION", script)
        script = re.sub(r"\s+COLLATE NOCASE", "", script)
        return re.sub(r"CREATE TABLE (\w+) \(", r"CREATE TABLE \1 (\n    seq BIGINT GENERATED ALWAYS AS IDENTITY,",
                      script)

    @staticmethod
    def options() -> dict:
        return {"autocommit": True, "row_factory": _postgres_rows,
                "options": f"-c lock_timeout={int(LOCK_WAIT_SECONDS * 1000)}"}

    @staticmethod
    def connect(location: str) -> PostgresConnection:
        import psycopg

        return PostgresConnection(psycopg.connect(location, **PostgreSQL.options()))

    @staticmethod
    def pool(location: str, size: int) -> _PostgresPool:
        return _PostgresPool(location, size)

    WRITERS_PER_EVENING = True

    @staticmethod
    def try_writer_lock(conn: PostgresConnection, evening: str | None = None) -> bool:
        """The whole database's lock; or, for a command of one evening, that evening's lock and the
        database's shared: evenings write side by side, and a writer outside any evening (an organiser's
        page, a migration) still has the database to itself."""
        if evening is None:
            taken = f"pg_try_advisory_xact_lock({WRITER_LOCK:d})"
        else:
            key = int.from_bytes(hashlib.blake2b(evening.encode(), digest_size=4).digest(), "big", signed=True)
            taken = (f"pg_try_advisory_xact_lock_shared({WRITER_LOCK:d}) "
                     f"AND pg_try_advisory_xact_lock({EVENING_LOCKS:d}, {key:d})")
        # BEGIN and the try in one round trip (a query without parameters may hold two statements).
        cursor = conn.raw.execute(f"BEGIN; SELECT {taken} AS taken")
        cursor.nextset()
        if cursor.fetchone()["taken"]:
            return True
        conn.execute("ROLLBACK")
        return False

    @staticmethod
    def backup(location: str, out: str) -> None:
        """``pg_dump`` in its custom format (``pg_restore`` reads it): one transaction's snapshot, taken
        while the workers keep writing. The file is readable by its owner only, as the database is."""
        import subprocess

        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise RuntimeError("pg_dump is not installed (apt-get install postgresql-client)")
        previous = os.umask(0o077)
        try:
            done = subprocess.run([pg_dump, "--format=custom", "--no-owner", f"--file={out}", f"--dbname={location}"],
                                  capture_output=True, text=True, check=False)
        finally:
            os.umask(previous)
        if done.returncode != 0:
            raise RuntimeError(f"pg_dump failed: {done.stderr.strip()}")

    @staticmethod
    def schema_version(conn: PostgresConnection) -> int:
        if conn.execute("SELECT to_regclass('dialog_app_schema')").fetchone()[0] is None:
            return 0
        return conn.execute("SELECT MAX(version) FROM dialog_app_schema").fetchone()[0] or 0

    @staticmethod
    def apply_migration(conn: PostgresConnection, version: int, script: str) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS dialog_app_schema (version INTEGER NOT NULL)")
        conn.raw.execute(PostgreSQL.schema(script))
        conn.execute("INSERT INTO dialog_app_schema (version) VALUES (?)", (version,))


# What the domain holds while it works with the database: it passes it back to storage and never looks in.
Connection = sqlite3.Connection | PostgresConnection
Dialect = type[SQLite] | type[PostgreSQL]


def for_location(location: str) -> Dialect:
    return PostgreSQL if is_postgres(location) else SQLite


def of(conn: Connection) -> Dialect:
    return PostgreSQL if isinstance(conn, PostgresConnection) else SQLite
