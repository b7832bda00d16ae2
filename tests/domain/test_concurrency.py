"""Two workers at the same moment, each with its own connection to one database (SQLite and
PostgreSQL alike): the rules that need one writer at a time stay true."""

import threading
import uuid

import pytest

from sessions import storage
from sessions.evening import events, ideas, phase_changes, priorities
from sessions.ground import roles
from sessions.ground.errors import DomainError
from sessions.ground.roles import Role
from sessions.people import imports
from sessions.storage import dialect
from support.evening import in_phase, principal


def at_once(database: str, *commands) -> list:
    """Run each ``command(conn)`` in its own thread on its own connection, all released together;
    returns each one's result or the code it was refused with."""
    barrier, results = threading.Barrier(len(commands)), [None] * len(commands)

    def run(index, command):
        conn = storage.connect(database)
        barrier.wait()
        try:
            results[index] = command(conn)
        except DomainError as error:
            results[index] = error.code
        finally:
            storage.close(conn)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(commands)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_leaders_pressing_next_at_once_move_the_evening_one_phase(database, conn, event):
    in_phase(conn, event, "brainstorm")
    leader = principal(event, Role.LEADER)
    results = at_once(database, *[lambda c: phase_changes.advance(c, leader, expected="brainstorm").phase.value] * 2)
    assert sorted(results) == ["phase.changed", "prioritise"]
    assert [record.phase.value for record in storage.fetch_phase_log(conn, event.id)][-2:] == ["brainstorm",
                                                                                               "prioritise"]


def test_two_tablets_of_a_table_choosing_its_second_priority_at_once_get_one(database, conn, event):
    in_phase(conn, event, "brainstorm")
    secretary = principal(event, Role.SECRETARY, 1)
    chosen = [ideas.add(conn, secretary, str(uuid.uuid4()), text)[0].id for text in ("Bygglov", "Skola", "Pendling")]
    in_phase(conn, event, "prioritise")
    priorities.choose_idea(conn, secretary, chosen[0], True)
    results = at_once(database, lambda c: len(priorities.choose_idea(c, secretary, chosen[1], True)),
                      lambda c: len(priorities.choose_idea(c, secretary, chosen[2], True)))
    assert sorted(map(str, results)) == ["2", "priority.limit"]
    assert len(storage.fetch_priorities(conn, event.id, 1)) == 2


def test_an_import_confirmed_twice_at_once_is_imported_once(database, conn, event):
    content = "Namn;Kön;Status\nÅsa Öberg;Kvinna;Anmäld\nPer Ek;Man;Anmäld\n".encode()
    import_id = imports.start_import(conn, roles.ORGANISER, event.id, "lista.csv", content)
    confirm = lambda c: imports.confirm_import(c, roles.ORGANISER, event.id, import_id)["added"]  # noqa: E731
    results = at_once(database, confirm, confirm)
    assert sorted(map(str, results)) == ["2", "import.already_done"]
    assert sorted(person.name for person in storage.fetch_people(conn, event.id)) == ["Per Ek", "Åsa Öberg"]


def test_many_phones_joining_one_table_at_once_never_overfill_it(database, conn, event):
    from sessions.evening import rotation

    rotation.set_seats(conn, roles.ORGANISER, event.id, 3)
    phone = principal(event, Role.PARTICIPANT)
    results = at_once(database, *[lambda c, n=n: rotation.join(c, phone, f"Deltagare {n}", 1)[0].table_number
                                  for n in range(6)])
    assert sorted(map(str, results)) == ["1", "1", "1", "join.table_full", "join.table_full", "join.table_full"]
    assert storage.count_seated(conn, event.id) == {1: 3}
    assert events.get(conn, event.id).participant_cap == 500


def test_a_writer_that_never_finishes_makes_the_next_one_fail_after_the_bound_not_wait_for_ever(
        database, conn, event, monkeypatch):
    import time

    in_phase(conn, event, "brainstorm")
    monkeypatch.setattr(dialect, "LOCK_WAIT_SECONDS", 0.5)
    stuck, waiting = storage.connect(database), storage.connect(database)
    secretary = principal(event, Role.SECRETARY, 1)
    try:
        with storage.transaction(stuck):
            started = time.monotonic()
            with pytest.raises(storage.WriterBusy):
                ideas.add(waiting, secretary, str(uuid.uuid4()), "Ett lotsnummer")
            waited = time.monotonic() - started
        assert 0.5 <= waited < 1.5, waited
        # Once the first writer is done, the same idea goes in (the client's next try).
        storage.abandon_transaction(waiting)
        _, created = ideas.add(waiting, secretary, "b1e4c1a0-0000-4000-8000-000000000001", "Ett lotsnummer")
        assert created and [i.text for i in storage.fetch_ideas(conn, event.id)] == ["Ett lotsnummer"]
    finally:
        storage.close(stuck)
        storage.close(waiting)


def test_the_writers_of_one_process_wait_their_turn_without_asking_the_database_again(database, event, monkeypatch):
    """Writers waiting in one worker ask the database for its lock once each, in turn: polling it from
    every waiting command cost a round trip per try that held up the whole worker (bench/scale.py)."""
    import time

    kind = dialect.for_location(database)
    real, tries = kind.try_writer_lock, []

    def counted(conn, evening=None):
        tries.append(threading.get_ident())
        return real(conn, evening)

    monkeypatch.setattr(kind, "try_writer_lock", counted)
    pool = storage.Pool(database)
    first, second = pool.acquire(), pool.acquire()
    writing, waited = threading.Event(), []

    def long_writer():
        with storage.transaction(first):
            writing.set()
            time.sleep(0.3)

    try:
        thread = threading.Thread(target=long_writer)
        thread.start()
        writing.wait(timeout=10)
        started = time.monotonic()
        with storage.transaction(second):
            waited.append(time.monotonic() - started)
        thread.join()
    finally:
        pool.release(first)
        pool.release(second)
        pool.close()
    assert waited[0] >= 0.2  # it did wait for the first writer
    assert len(tries) == 2, f"{len(tries)} tries of the database's lock for two writers"


def test_two_evenings_write_side_by_side_and_one_evenings_writers_take_turns(database, conn, event, monkeypatch):
    """In PostgreSQL a live command takes its evening's lock: another evening's writer does not wait
    for it, the same evening's does, and a writer for the whole database waits for both."""
    import time

    if not dialect.is_postgres(database):
        pytest.skip("SQLite has one writer for the whole file")
    monkeypatch.setattr(dialect, "LOCK_WAIT_SECONDS", 0.5)
    holder, other = storage.connect(database), storage.connect(database)
    try:
        with storage.writing_for("kvall-a"), storage.transaction(holder):
            started = time.monotonic()
            with storage.writing_for("kvall-b"), storage.transaction(other):
                pass
            assert time.monotonic() - started < 0.4, "another evening waited"
            for evening in ("kvall-a", None):
                with pytest.raises(storage.WriterBusy):
                    if evening is None:
                        with storage.transaction(other):
                            pass
                    else:
                        with storage.writing_for(evening), storage.transaction(other):
                            pass
                storage.abandon_transaction(other)
    finally:
        storage.close(holder)
        storage.close(other)


def test_phones_joining_one_table_at_once_in_their_evening_never_overfill_it(database, conn, event):
    from sessions.evening import rotation

    rotation.set_seats(conn, roles.ORGANISER, event.id, 2)
    phone = principal(event, Role.PARTICIPANT)

    def join(c, n):
        with storage.writing_for(event.id):
            return rotation.join(c, phone, f"Deltagare {n}", 1)[0].table_number

    results = at_once(database, *[lambda c, n=n: join(c, n) for n in range(5)])
    assert sorted(map(str, results)) == ["1", "1", "join.table_full", "join.table_full", "join.table_full"]
    assert storage.count_seated(conn, event.id) == {1: 2}
