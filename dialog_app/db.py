"""The request's database connection: opened lazily on ``g``, closed on teardown.

Socket.IO handlers run inside an app context too, so each event gets its own short-lived
connection; SQLite in WAL mode makes that cheap and keeps readers and the writer apart.
"""

import click
from flask import current_app, g

from sessions import storage


def get_db():
    if "db" not in g:
        g.db = storage.connect(current_app.config["DATABASE"])
    return g.db


def close_db(exception=None):
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def token_secret() -> bytes:
    return current_app.config["SECRET_KEY"].encode()


def migrate_database(app) -> int:
    conn = storage.connect(app.config["DATABASE"])
    try:
        return storage.migrate(conn)
    finally:
        conn.close()


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
