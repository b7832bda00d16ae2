"""Organiser accounts: a username and a password, checked against a slow hash.

Until the first account exists the organiser link (printed at start) is the way in, and the
organiser area asks for a password to be set; ``dialog-app create-organiser`` does the same from
the command line.
"""

import functools
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from sessions import clock, storage
from sessions.errors import DomainError
from sessions.text import normalise_text

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 1024  # scrypt of a megabyte-long "password" is a cheap way to tie up a server
USERNAME_MAX_LENGTH = 80


def has_accounts(conn: storage.Connection) -> bool:
    return storage.count_organiser_accounts(conn) > 0


def create_account(conn: storage.Connection, username, password) -> None:
    username = normalise_text(username, one_line=True)
    if not username or len(username) > USERNAME_MAX_LENGTH:
        raise DomainError("account.bad_username")
    if not isinstance(password, str) or len(password) < PASSWORD_MIN_LENGTH:
        raise DomainError("account.weak_password", limit=PASSWORD_MIN_LENGTH)
    if len(password) > PASSWORD_MAX_LENGTH:
        raise DomainError("account.long_password", limit=PASSWORD_MAX_LENGTH)
    with storage.transaction(conn):
        if storage.fetch_organiser_account(conn, username) is not None:
            raise DomainError("account.exists")
        storage.insert_organiser_account(conn, username, generate_password_hash(password), clock.now())


@functools.cache
def _stand_in_hash() -> str:
    """A hash to check against when the name is unknown, made once, so that such a login costs one
    hash check like any other and its time does not tell which names exist."""
    return generate_password_hash(secrets.token_urlsafe(16))


def check_login(conn: storage.Connection, username, password) -> bool:
    password = password if isinstance(password, str) and len(password) <= PASSWORD_MAX_LENGTH else ""
    account = storage.fetch_organiser_account(conn, normalise_text(username, one_line=True)[:USERNAME_MAX_LENGTH])
    if account is None:
        check_password_hash(_stand_in_hash(), password)
        return False
    return bool(password) and check_password_hash(account.password_hash, password)


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
