"""Organiser accounts: a username and a password, checked against a slow hash.

Until the first account exists the organiser link (printed at start) is the way in, and the
organiser area asks for a password to be set; ``dialog-app create-organiser`` does the same from
the command line.
"""

import sqlite3
import time

from werkzeug.security import check_password_hash, generate_password_hash

from sessions import storage
from sessions.errors import DomainError
from sessions.text import normalise_text

PASSWORD_MIN_LENGTH = 10


def has_accounts(conn: sqlite3.Connection) -> bool:
    return storage.count_organiser_accounts(conn) > 0


def create_account(conn: sqlite3.Connection, username, password) -> None:
    username = normalise_text(username, one_line=True)
    if not username or len(username) > 80:
        raise DomainError("account.bad_username")
    if not isinstance(password, str) or len(password) < PASSWORD_MIN_LENGTH:
        raise DomainError("account.weak_password", limit=PASSWORD_MIN_LENGTH)
    with storage.transaction(conn):
        if storage.fetch_organiser_account(conn, username) is not None:
            raise DomainError("account.exists")
        storage.insert_organiser_account(conn, username, generate_password_hash(password), time.time())


def check_login(conn: sqlite3.Connection, username, password) -> bool:
    account = storage.fetch_organiser_account(conn, normalise_text(username, one_line=True))
    if account is None:
        check_password_hash(generate_password_hash("x"), str(password or ""))  # same time whether or not the name exists
        return False
    return check_password_hash(account["password_hash"], str(password or ""))
