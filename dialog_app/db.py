"""The request's database connection: taken from the app's pool on first use, given back on teardown.

Socket.IO handlers run inside an app context too, so each event borrows a connection for its
duration. ``DATABASE`` is a SQLite file (the default) or a ``postgresql://`` URL.
"""

import click
from flask import current_app, g

from sessions import storage
from sessions.evening import tokens
from sessions.people import organisations

POOL_SIZE = 8


def _pool(app) -> storage.Pool:
    pool = app.extensions.get("dialog_app.db")
    if pool is None or pool.location != app.config["DATABASE"]:
        pool = app.extensions["dialog_app.db"] = storage.Pool(app.config["DATABASE"], POOL_SIZE)
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
        version = storage.migrate(conn)
        # What a migration cannot do without the secret: links from before short codes were stored.
        tokens.backfill_join_codes(conn, app.config["SECRET_KEY"].encode())
        if app.config.get("ORGANISATION_NAME"):
            # The organisation the migration made for an installation's existing accounts and events.
            organisations.rename_default(conn, app.config["ORGANISATION_NAME"])
        return version
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
