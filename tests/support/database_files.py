"""A watch on the rule "only SQLite opens the database file" (sessions/storage/dialect.py).

Closing any descriptor of a file drops all of the process's POSIX locks on it, SQLite's too, so code
that opens the database, its -wal, -shm or -journal beside SQLite can make another process delete the
WAL under a live server. Python's audit hooks see every ``open()``, ``io.open`` and ``os.open`` in the
process, while SQLite's own opens happen in C and raise none; ``sqlite3.connect`` names the databases.
Installed once for the whole test run (conftest.py), so every test that runs the app in-process is a
check of the rule, whatever code a future change adds.
"""

import os
import sys
import traceback

SUFFIXES = ("", "-wal", "-shm", "-journal")

_databases: set[str] = set()
_names: set[str] = set()
_found: list[str] = []
_installed = False


def _path(value) -> str | None:
    if isinstance(value, int):
        return None  # an open of a descriptor already held (os.fdopen)
    try:
        return os.fsdecode(os.fspath(value))
    except TypeError:
        return None


def _hook(event: str, args: tuple) -> None:
    # An audit hook that raises would fail the call it watches: it records, and never raises.
    try:
        if event == "sqlite3.connect":
            path = _path(args[0])
            if path and path != ":memory:" and not path.startswith("file:"):
                real = os.path.realpath(path)
                _databases.update(real + suffix for suffix in SUFFIXES)
                _names.update(os.path.basename(real) + suffix for suffix in SUFFIXES)
        elif event == "open" and _names:
            path = _path(args[0])
            if path and os.path.basename(path) in _names and os.path.realpath(path) in _databases:
                where = "".join(traceback.format_stack(limit=9)[:-1])
                _found.append(f"{path} opened outside SQLite, at:\n{where}")
    except Exception:  # noqa: BLE001 - see above
        pass


def install() -> None:
    """Start watching (an audit hook stays for the life of the process, so once)."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


def take() -> list[str]:
    """The opens of a database file outside SQLite seen since the last call, each with its stack."""
    found = list(_found)
    _found.clear()
    return found
