"""Fixtures for every layer: a fresh database per test, an app, clients for each role, a running server.

The tests stand in three folders, one per layer, each marked by its folder's name:
``domain`` (sessions/ and clustering/ alone), ``web`` (the app in this process: pages, sockets, the
command line) and ``system`` (real servers, nginx, Redis, PostgreSQL, browsers). The domain's tests on
PostgreSQL are marked ``system`` too, since they start a server. ``make test-fast`` runs what is not
``system``. Helpers tests share are in ``support/``; no test module imports another.
"""

import os
from pathlib import Path

import pytest

from dialog_app import create_app
from sessions import storage
from sessions.evening import events
from sessions.evening.demo import DEMO_EVENT
from sessions.ground import roles
from support import database_files
from support.evening import SECRET, Evening

LAYERS = ("domain", "web", "system")

# The rule "only SQLite opens the database file" (sessions/storage), watched in every test.
database_files.install()


def pytest_collection_modifyitems(items):
    """Each test is marked with its folder's layer."""
    for item in items:
        layer = Path(str(item.fspath)).parent.name
        if layer in LAYERS:
            item.add_marker(layer)


@pytest.fixture(autouse=True)
def only_sqlite_opens_the_database():
    database_files.take()
    yield
    opened = database_files.take()
    assert not opened, "a database file was opened outside SQLite:\n" + "\n".join(opened)


@pytest.fixture
def clock():
    """The domain's clock, stopped at a Tuesday evening; set ``clock.moment`` or ``clock.advance(s)``."""
    from sessions.ground.clock import stopped

    with stopped(1_700_000_000.0) as stopped_clock:
        yield stopped_clock


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """A PostgreSQL server for the whole run (Debian's postgresql, started in a temporary folder)."""
    from support.pgserver import postgres_bin, start_postgres

    if postgres_bin() is None:
        reason = "PostgreSQL is not installed (apt-get install postgresql)"
        if os.environ.get("DIALOG_APP_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)
    server = start_postgres(str(tmp_path_factory.mktemp("postgres")))
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.system)])
def database(request, tmp_path):
    """Where the domain's tests keep their evening: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "domain.sqlite")
    return request.getfixturevalue("postgres_server").fresh_database()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.system)])
def empty_database(request, tmp_path):
    """A database nothing has been written to yet: a new SQLite file, or an empty PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "new.sqlite")
    return request.getfixturevalue("postgres_server").fresh_database(template=None)


@pytest.fixture
def conn(database):
    connection = storage.connect(database)
    storage.migrate(connection)
    yield connection
    storage.close(connection)


@pytest.fixture
def event(conn):
    return events.create(conn, SECRET.encode(), roles.ORGANISER, DEMO_EVENT)


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE": str(tmp_path / "app.sqlite")})
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def evening(app):
    return Evening(app)


@pytest.fixture
def live_server(tmp_path):
    """The real server, as `make run` starts it, on a free port with its own database."""
    from support.serverproc import start_demo_server

    server = start_demo_server(str(tmp_path))
    yield server
    server.kill()
