"""Organiser accounts: a username and a password, checked against a slow hash.

Every account belongs to an organisation (a municipality, a region). Until the first account exists
the organiser link (printed at start) is the way in, and the organiser area asks for the first
account and its organisation; ``dialog-app create-organiser USERNAME --organisation NAME`` makes an
account in any organisation (the organisation too, when new). The first account of an organisation
is its administrator: only an administrator (or the command line, whose user has the server's shell
anyway) makes, removes and resets the accounts of its own organisation.

The hash is slow on purpose (scrypt, ~0.1 s of a core): the functions that compute one take
``run_hash``, which the web layer gives so that it runs off the event loop.
"""

import functools
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

from sessions import storage
from sessions.evening import audit
from sessions.ground import clock, roles
from sessions.ground.errors import DomainError
from sessions.ground.models import OrganiserAccount
from sessions.ground.text import normalise_text

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 1024  # scrypt of a megabyte-long "password" is a cheap way to tie up a server
USERNAME_MAX_LENGTH = 80
ORGANISATION_NAME_MAX_LENGTH = 200
# The organisation an upgrade puts an installation's accounts and events in (migration 0019), and the
# command line's when it names none.
DEFAULT_ORGANISATION = "Min organisation"


def has_accounts(conn: storage.Connection) -> bool:
    return storage.count_organiser_accounts(conn) > 0


@dataclass(frozen=True)
class Organiser:
    """Who acts on accounts: a logged-in organiser (the account's username), the organiser link on an
    installation without accounts (no username), or the command line."""

    username: str | None
    command_line: bool = False
    organisation_id: int | None = None

    def principal(self) -> roles.Principal:
        return roles.organiser(self.organisation_id, self.username)


COMMAND_LINE = Organiser(None, command_line=True)


def organiser_of(conn: storage.Connection, username: str | None) -> Organiser | None:
    """Who a logged-in session acts as: its account (None once the account is removed), or the
    organiser link (no username), which only an installation without accounts still opens."""
    if username is None:
        return None if has_accounts(conn) else Organiser(None)
    account = storage.fetch_organiser_account(conn, username)
    return Organiser(account.username, organisation_id=account.organisation_id) if account else None


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


def _password(password) -> str:
    if not isinstance(password, str) or len(password) < PASSWORD_MIN_LENGTH:
        raise DomainError("account.weak_password", limit=PASSWORD_MIN_LENGTH)
    if len(password) > PASSWORD_MAX_LENGTH:
        raise DomainError("account.long_password", limit=PASSWORD_MAX_LENGTH)
    return password


def organisation_name(name) -> str:
    name = normalise_text(name, one_line=True)
    if not name or len(name) > ORGANISATION_NAME_MAX_LENGTH:
        raise DomainError("organisation.bad_name", limit=ORGANISATION_NAME_MAX_LENGTH)
    return name


def _organisation_for(conn: storage.Connection, who: Organiser, name: str | None) -> int:
    """The organisation a new account joins: the administrator's own; by name for the command line and
    for the first account (made when new; the first account takes over an organisation made by the
    migration for an installation's events, and the events made before any organisation)."""
    if not who.command_line and has_accounts(conn):
        if who.organisation_id is None:
            raise DomainError("role.not_administrator")
        return who.organisation_id
    name = organisation_name(name)
    found = storage.fetch_organisation_by_name(conn, name)
    if found is not None:
        organisation_id = found.id
    else:
        existing = storage.fetch_organisations(conn)
        if not has_accounts(conn) and len(existing) == 1:
            organisation_id = existing[0].id
            storage.update_organisation(conn, organisation_id, {"name": name})
        else:
            organisation_id = storage.insert_organisation(conn, name, clock.now())
    if not has_accounts(conn):
        storage.adopt_events(conn, organisation_id)
    return organisation_id


def create_account(conn: storage.Connection, who: Organiser, username, password, *, administrator: bool = False,
                   organisation: str | None = None, run_hash: Callable = _in_place) -> None:
    """Make an account in the administrator's organisation (or, from the command line and for the
    first account, in the one named); the first of an organisation is always its administrator."""
    require_account_creation(conn, who)
    username = normalise_text(username, one_line=True)
    if not username or len(username) > USERNAME_MAX_LENGTH:
        raise DomainError("account.bad_username")
    _password(password)
    if who.command_line and organisation is None:
        organisation = DEFAULT_ORGANISATION
    if who.command_line or not has_accounts(conn):
        organisation_name(organisation)  # refused before the slow hash
    password_hash = run_hash(generate_password_hash, password)  # before the write lock, which it would hold ~0.1 s
    with storage.transaction(conn):
        # Again under the write lock: of two browsers setting the first password at once, one makes it.
        require_account_creation(conn, who)
        if storage.fetch_organiser_account(conn, username) is not None:
            raise DomainError("account.exists")
        organisation_id = _organisation_for(conn, who, organisation)
        first = storage.count_organisation_accounts(conn, organisation_id) == 0
        storage.insert_organiser_account(conn, username, password_hash, clock.now(), administrator or first,
                                         organisation_id)
        audit.record(conn, who.principal(), "account.create", username, organisation_id=organisation_id,
                     administrator=administrator or first)


def _own_account(conn: storage.Connection, who: Organiser, username) -> OrganiserAccount:
    """An account of the administrator's organisation (another's is as unknown as a name never made)."""
    if not (who.command_line or is_administrator(conn, who.username)):
        raise DomainError("role.not_administrator")
    account = storage.fetch_organiser_account(conn, username) if isinstance(username, str) else None
    if account is None or not who.command_line and account.organisation_id != who.organisation_id:
        raise DomainError("account.not_found")
    return account


def organisation_accounts(conn: storage.Connection, who: Organiser) -> list[OrganiserAccount]:
    """The accounts an administrator manages: its organisation's."""
    if not is_administrator(conn, who.username) or who.organisation_id is None:
        raise DomainError("role.not_administrator")
    return storage.fetch_organisation_accounts(conn, who.organisation_id)


def remove_account(conn: storage.Connection, who: Organiser, username) -> None:
    """Remove an account of the organisation; its sessions end at once (the next request is refused)."""
    with storage.transaction(conn):
        account = _own_account(conn, who, username)
        if account.administrator and account.organisation_id is not None and not any(
                other.administrator and other.id != account.id
                for other in storage.fetch_organisation_accounts(conn, account.organisation_id)):
            raise DomainError("account.last_administrator")
        storage.delete_organiser_account(conn, account.username)
        storage.revoke_account_sessions(conn, account.username, clock.now())
        audit.record(conn, who.principal(), "account.remove", account.username,
                     organisation_id=account.organisation_id)


def reset_password(conn: storage.Connection, who: Organiser, username, password, *,
                   run_hash: Callable = _in_place) -> None:
    """Give an account of the organisation a new password; whoever was logged in with it is logged out."""
    _own_account(conn, who, username)
    password_hash = run_hash(generate_password_hash, _password(password))
    with storage.transaction(conn):
        account = _own_account(conn, who, username)
        storage.set_organiser_password(conn, account.username, password_hash)
        storage.revoke_account_sessions(conn, account.username, clock.now())
        audit.record(conn, who.principal(), "account.reset_password", account.username,
                     organisation_id=account.organisation_id)


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
