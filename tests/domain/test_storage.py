"""Storage: WAL, a versioned schema applied at start, and durability settings."""

import sqlite3

import pytest

from sessions import storage
from sessions.ground import roles
from sessions.storage import migrations


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


def test_a_database_from_the_first_release_is_upgraded_without_losing_anything(tmp_path):
    """A first-release database, with an evening in it, opened by today's release."""
    from sessions.ground.models import Phase
    from sessions.people import people

    path = str(tmp_path / "first-release.sqlite")
    old = storage.connect(path)
    assert storage.migrate(old, up_to=1) == 1
    old.executescript("""
        INSERT INTO event (id, title, event_date, place, vision_question, deepen_question, warmup_story,
                           table_count, theme_count, phase, timer_ends_at, created_at)
            VALUES ('e1', 'Forum 2024', '2024-03-14', 'Kommunhuset', 'Tio år framåt?', 'Hur når vi dit?',
                    'En berättelse.', 2, 6, 'prioritise', NULL, 1700000000.0);
        INSERT INTO event_table (event_id, number) VALUES ('e1', 1), ('e1', 2);
        INSERT INTO access_token (token_hash, event_id, role, table_number, generation)
            VALUES ('h-leader', 'e1', 'leader', NULL, 1), ('h-table-1', 'e1', 'secretary', 1, 1);
        INSERT INTO phase_log (event_id, phase, started_at, ended_at)
            VALUES ('e1', 'brainstorm', 1700000100.0, 1700000200.0), ('e1', 'prioritise', 1700000200.0, NULL);
        INSERT INTO idea (id, event_id, table_number, text, created_at, updated_at)
            VALUES ('11111111-1111-4111-8111-111111111111', 'e1', 1, 'Snabbare bygglov', 1700000110.0, 1700000110.0),
                   ('22222222-2222-4222-8222-222222222222', 'e1', 2, 'Bredband i hela kommunen', 1700000120.0,
                    1700000120.0);
        INSERT INTO priority (id, event_id, table_number, idea_id, text, created_at)
            VALUES ('33333333-3333-4333-8333-333333333333', 'e1', 1, '11111111-1111-4111-8111-111111111111', NULL,
                    1700000210.0),
                   ('44444444-4444-4444-8444-444444444444', 'e1', 2, NULL, 'Fiber till landsbygden', 1700000220.0);
    """)
    storage.close(old)

    conn = storage.connect(path)
    assert storage.migrate(conn) == storage.latest_schema_version()
    event = storage.fetch_event(conn, "e1")
    assert (event.title, event.phase, event.table_count, event.vision_question) == \
        ("Forum 2024", Phase.PRIORITISE, 2, "Tio år framåt?")
    # What later releases added has its defaults.
    assert (event.rotation_rounds_max, event.participant_cap, event.expected_participants, event.time_zone) == \
        (2, 500, None, "Europe/Stockholm")
    assert [(idea.table_number, idea.text, idea.kind) for idea in storage.fetch_ideas(conn, "e1")] == \
        [(1, "Snabbare bygglov", "idea"), (2, "Bredband i hela kommunen", "idea")]
    assert [(p.table_number, p.text) for p in storage.fetch_priorities(conn, "e1")] == \
        [(1, "Snabbare bygglov"), (2, "Fiber till landsbygden")]
    assert [(record.phase, record.ended_at) for record in storage.fetch_phase_log(conn, "e1")] == \
        [(Phase.BRAINSTORM, 1700000200.0), (Phase.PRIORITISE, None)]
    assert [(t.number, t.seats, t.theme_id) for t in storage.fetch_tables(conn, "e1")] == [(1, None, None),
                                                                                           (2, None, None)]
    assert storage.fetch_active_token(conn, "h-table-1").table_number == 1
    # And the upgraded evening goes on: the list and the seats work on it.
    people.add_person(conn, roles.ORGANISER, "e1", {"name": "Åsa Öberg", "status": "registered"})
    assert storage.count_people_with_status(conn, "e1", {"registered"}) == 1


def test_workers_starting_at_once_on_a_new_database_migrate_it_once(empty_database):
    """Two processes starting on an empty database: one applies each migration, the other waits and
    finds it done (before, one in three such starts failed with "table already exists")."""
    import threading

    barrier, failures = threading.Barrier(4), []

    def start():
        conn = storage.connect(empty_database)
        barrier.wait()
        try:
            storage.migrate(conn)
        except Exception as error:  # noqa: BLE001 (the test reports any failure)
            failures.append(repr(error))
        finally:
            storage.close(conn)

    starting = [threading.Thread(target=start) for _ in range(4)]
    for thread in starting:
        thread.start()
    for thread in starting:
        thread.join()
    conn = storage.connect(empty_database)
    try:
        assert failures == [] and storage.schema_version(conn) == storage.latest_schema_version()
    finally:
        storage.close(conn)


def test_two_migrations_with_one_number_stop_the_start(tmp_path, monkeypatch):
    """Two branches that each add "the next" migration: the second must not be skipped in silence."""
    from importlib import resources

    folder = tmp_path / "schema"
    folder.mkdir()
    for name in ("0001_a.sql", "0002_b.sql", "0002_c.sql"):
        (folder / name).write_text("SELECT 1;\n", encoding="utf-8")
    monkeypatch.setattr(resources, "files", lambda package: tmp_path)
    with pytest.raises(RuntimeError, match=r"two migrations share a number: \[2\]"):
        migrations.migration_files()


def test_the_shipped_migrations_have_one_number_each():
    numbers = [number for number, _ in migrations.migration_files()]
    assert numbers == sorted(set(numbers))


def test_a_board_on_the_projector_before_drafts_existed_stays_shown_after_the_upgrade(tmp_path):
    """Migration 0018: an evening mid-theming when the server is upgraded keeps its board on the projector;
    one without a board starts with its board as the leaders' draft."""
    path = str(tmp_path / "before-drafts.sqlite")
    old = storage.connect(path)
    assert storage.migrate(old, up_to=17) == 17
    for event_id in ("themed", "early"):
        old.execute("INSERT INTO event (id, title, event_date, place, vision_question, deepen_question, warmup_story,"
                    " table_count, theme_count, phase, timer_ends_at, created_at) VALUES"
                    " (?, 'Forum', '', '', '?', '?', '', 2, 6, 'theming', NULL, 1700000000.0)", (event_id,))
    old.execute("INSERT INTO theme (id, event_id, title, position, created_at)"
                " VALUES ('t1', 'themed', 'Bygglov', 0, 1700000300.0)")
    old.commit()
    storage.close(old)
    conn = storage.connect(path)
    storage.migrate(conn)
    assert storage.fetch_event(conn, "themed").board_published_at == 1700000000.0
    assert storage.fetch_event(conn, "early").board_published_at is None
