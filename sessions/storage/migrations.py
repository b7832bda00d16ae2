"""The schema: numbered migrations in ``schema/``, applied in order, each in its own transaction."""

from importlib import resources

from sessions.storage import dialect
from sessions.storage.connection import transaction
from sessions.storage.dialect import Connection


def migration_files() -> list[tuple[int, str]]:
    folder = resources.files("sessions.storage") / "schema"
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
    return dialect.of(conn).schema_version(conn)  # type: ignore[arg-type]


def latest_schema_version() -> int:
    return migration_files()[-1][0]


def migrate(conn: Connection, up_to: int | None = None) -> int:
    """Bring the schema up to date (or to version ``up_to``), each file in its own transaction;
    returns the version now in force. Workers starting at once take turns."""
    for version, script in migration_files():
        if up_to is not None and version > up_to:
            break
        # The version is read again under the write lock: a second process starting at the same
        # moment finds the file applied and skips it.
        with transaction(conn):
            if version > schema_version(conn):
                dialect.of(conn).apply_migration(conn, version, script)  # type: ignore[arg-type]
    return schema_version(conn)
