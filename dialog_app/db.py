"""The request's database connection: taken from the app's small pool on first use, given back on teardown.

Socket.IO handlers run inside an app context too, so each event borrows a connection for its
duration. Connections are kept open between uses: opening one costs its PRAGMAs, and closing the
last connection to a WAL database makes SQLite checkpoint the whole log, which measured at about
0.7 ms per idea before this pool.
"""

import queue

import click
from flask import current_app, g

from sessions import storage

POOL_SIZE = 8


class ConnectionPool:
    """Idle connections to one SQLite file; each is used by one request or event at a time."""

    def __init__(self, path: str, size: int = POOL_SIZE):
        self.path = path
        self.idle: queue.LifoQueue = queue.LifoQueue(maxsize=size)

    def acquire(self):
        try:
            return self.idle.get_nowait()
        except queue.Empty:
            return storage.connect(self.path)

    def release(self, conn) -> None:
        storage.abandon_transaction(conn)  # a failed request must not leave its write lock behind
        try:
            self.idle.put_nowait(conn)
        except queue.Full:
            storage.close(conn)


def _pool(app) -> ConnectionPool:
    pool = app.extensions.get("dialog_app.db")
    if pool is None or pool.path != app.config["DATABASE"]:
        pool = app.extensions["dialog_app.db"] = ConnectionPool(app.config["DATABASE"])
    return pool


def get_db():
    if "db" not in g:
        g.db = _pool(current_app).acquire()
    return g.db


def close_db(exception=None):
    conn = g.pop("db", None)
    if conn is not None:
        _pool(current_app).release(conn)


def token_secret() -> bytes:
    return current_app.config["SECRET_KEY"].encode()


def migrate_database(app) -> int:
    conn = storage.connect(app.config["DATABASE"])
    try:
        return storage.migrate(conn)
    finally:
        storage.close(conn)


@click.command("init-db")
def init_db_command():
    """Create or upgrade the database schema."""
    version = migrate_database(current_app)
    click.echo(f"Database at schema version {version}: {current_app.config['DATABASE']}")


def init_app(app):
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
    # Migrations run at start, so a newer release upgrades an older database before serving.
    migrate_database(app)
