"""Organiser accounts: a username and a password, checked against a slow hash.

Until the first account exists the organiser link (printed at start) is the way in, and the
organiser area asks for a password to be set; ``dialog-app create-organiser`` does the same from
the command line. That first account is an administrator: only an administrator (or the command
line, whose user has the server's shell anyway) makes further accounts.

The hash is slow on purpose (scrypt, ~0.1 s of a core): the functions that compute one take
``run_hash``, which the web layer gives so that it runs off the event loop.
"""

import functools
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

from sessions import storage
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.text import normalise_text

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 1024  # scrypt of a megabyte-long "password" is a cheap way to tie up a server
USERNAME_MAX_LENGTH = 80


def has_accounts(conn: storage.Connection) -> bool:
    return storage.count_organiser_accounts(conn) > 0


@dataclass(frozen=True)
class Organiser:
    """Who acts on accounts: a logged-in organiser (the account's username), the organiser link on an
    installation without accounts (no username), or the command line."""

    username: str | None
    command_line: bool = False


COMMAND_LINE = Organiser(None, command_line=True)


def _in_place(function: Callable, *args):
    return function(*args)


def may_create_accounts(conn: storage.Connection, who: Organiser) -> bool:
    """The command line may; on an installation without accounts, whoever is in (the organiser link)
    may make the first; after that only an administrator."""
    return who.command_line or not has_accounts(conn) or is_administrator(conn, who.username)


def is_administrator(conn: storage.Connection, username: str | None) -> bool:
    account = storage.fetch_organiser_account(conn, username) if username else None
    return account is not None and bool(account.administrator)


def require_account_creation(conn: storage.Connection, who: Organiser) -> None:
    if not may_create_accounts(conn, who):
        raise DomainError("role.not_administrator")


def create_account(conn: storage.Connection, who: Organiser, username, password, *, administrator: bool = False,
                   run_hash: Callable = _in_place) -> None:
    """Make an account; the first of an installation is always an administrator."""
    require_account_creation(conn, who)
    username = normalise_text(username, one_line=True)
    if not username or len(username) > USERNAME_MAX_LENGTH:
        raise DomainError("account.bad_username")
    if not isinstance(password, str) or len(password) < PASSWORD_MIN_LENGTH:
        raise DomainError("account.weak_password", limit=PASSWORD_MIN_LENGTH)
    if len(password) > PASSWORD_MAX_LENGTH:
        raise DomainError("account.long_password", limit=PASSWORD_MAX_LENGTH)
    password_hash = run_hash(generate_password_hash, password)  # before the write lock, which it would hold ~0.1 s
    with storage.transaction(conn):
        # Again under the write lock: of two browsers setting the first password at once, one makes it.
        require_account_creation(conn, who)
        if storage.fetch_organiser_account(conn, username) is not None:
            raise DomainError("account.exists")
        first = not has_accounts(conn)
        storage.insert_organiser_account(conn, username, password_hash, clock.now(), administrator or first)


@functools.cache
def _stand_in_hash() -> str:
    """A hash to check against when the name is unknown, made once, so that such a login costs one
    hash check like any other and its time does not tell which names exist."""
    return generate_password_hash(secrets.token_urlsafe(16))


def check_login(conn: storage.Connection, username, password, *, run_hash: Callable = _in_place) -> bool:
    password = password if isinstance(password, str) and len(password) <= PASSWORD_MAX_LENGTH else ""
    account = storage.fetch_organiser_account(conn, normalise_text(username, one_line=True)[:USERNAME_MAX_LENGTH])
    if account is None:
        run_hash(_check_against_stand_in, password)
        return False
    matches = run_hash(check_password_hash, account.password_hash, password)
    return bool(password) and matches


def _check_against_stand_in(password: str) -> bool:
    return check_password_hash(_stand_in_hash(), password)  # the stand-in is made here too, off the loop


def start_session(conn: storage.Connection, username: str) -> str:
    """A new organiser session; its id goes in the signed cookie and is checked on every request."""
    session_id = secrets.token_urlsafe(24)
    with storage.transaction(conn):
        storage.insert_organiser_session(conn, session_id, username, clock.now())
    return session_id


def session_is_active(conn: storage.Connection, session_id) -> bool:
    return isinstance(session_id, str) and storage.organiser_session_is_active(conn, session_id)


def end_session(conn: storage.Connection, session_id) -> None:
    """Log out on the server: the session stops working even if its cookie was copied."""
    if isinstance(session_id, str):
        with storage.transaction(conn):
            storage.revoke_organiser_session(conn, session_id, clock.now())
