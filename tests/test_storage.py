"""Storage: WAL, a versioned schema applied at start, and durability settings."""

import sqlite3

from sessions import storage


def test_a_new_database_gets_the_latest_schema(tmp_path):
    conn = storage.connect(str(tmp_path / "new.sqlite"))
    assert storage.schema_version(conn) == 0
    assert storage.migrate(conn) == storage.latest_schema_version() >= 1
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"event", "event_table", "access_token", "phase_log", "idea", "priority"} <= tables


def test_migrating_twice_changes_nothing(tmp_path):
    path = str(tmp_path / "twice.sqlite")
    storage.migrate(storage.connect(path))
    conn = storage.connect(path)
    assert storage.migrate(conn) == storage.latest_schema_version()


def test_connections_use_wal_full_sync_and_foreign_keys(tmp_path):
    conn = storage.connect(str(tmp_path / "pragmas.sqlite"))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_failed_transaction_leaves_nothing_behind(tmp_path, event, conn):
    try:
        with storage.transaction(conn):
            conn.execute("UPDATE event SET title = 'halvvägs' WHERE id = ?", (event.id,))
            raise sqlite3.IntegrityError("simulated")
    except sqlite3.IntegrityError:
        pass
    assert storage.fetch_event(conn, event.id).title == event.title


def test_the_app_migrates_its_database_at_start(app):
    conn = storage.connect(app.config["DATABASE"])
    assert storage.schema_version(conn) == storage.latest_schema_version()
