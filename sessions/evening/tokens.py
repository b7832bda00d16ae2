"""Role tokens: long random-looking values, derived from a server secret and stored only as hashes.

A token is ``HMAC(secret, event:role:table:generation)``. The database keeps its SHA-256, so a copy
of the database opens nothing; the server, holding the secret, can show an organiser the same
links again (for printing QR codes) without storing them. Rotating a link bumps the generation.
"""

import base64
import hashlib
import hmac
import re

from sessions import storage
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.roles import Principal, Role, authorise


def derive_token(secret: bytes, event_id: str | None, role: str, table_number: int | None,
                 generation: int) -> str:
    message = f"{event_id or '*'}:{role}:{table_number or 0}:{generation}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(conn, secret: bytes, event_id, role: Role, table_number) -> None:
    generation = storage.revoke_tokens(conn, event_id, role.value, table_number, clock.now()) + 1
    token = derive_token(secret, event_id, role.value, table_number, generation)
    code_key = join_code_key(secret, join_code(token)) if role is Role.PARTICIPANT else None
    storage.insert_token(conn, hash_token(token), event_id, role.value, table_number, generation, code_key)


def sync_secretaries(conn, secret: bytes, event_id: str, table_count: int) -> None:
    have = {row.table_number for row in storage.fetch_active_tokens(conn, event_id)
            if row.role == Role.SECRETARY.value}
    for number in range(1, table_count + 1):
        if number not in have:
            issue(conn, secret, event_id, Role.SECRETARY, number)
    for stale in have - set(range(1, table_count + 1)):
        storage.revoke_tokens(conn, event_id, Role.SECRETARY.value, stale, clock.now())


def organiser_token(conn: storage.Connection, secret: bytes) -> str:
    """The installation's organiser token, issued on first use (accounts arrive with issue 5)."""
    with storage.transaction(conn):
        rows = storage.fetch_active_tokens(conn, None)
        if not rows:
            issue(conn, secret, None, Role.ORGANISER, None)
            rows = storage.fetch_active_tokens(conn, None)
    row = rows[0]
    return derive_token(secret, None, Role.ORGANISER.value, None, row.generation)


def resolve(conn: storage.Connection, token) -> Principal:
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise DomainError("token.invalid")
    row = storage.fetch_active_token(conn, hash_token(token))
    if row is None:
        raise DomainError("token.invalid")
    return Principal(Role(row.role), row.event_id, row.table_number)


def is_live(conn: storage.Connection, token) -> bool:
    """Whether ``token`` still opens its role (it was not replaced)."""
    return isinstance(token, str) and storage.fetch_active_token(conn, hash_token(token)) is not None


# --- the participants' link, which the room may see -----------------------------------------------

JOIN_CODE_LENGTH = 8
_JOIN_CODE = re.compile(f"[A-Za-z0-9_-]{{{JOIN_CODE_LENGTH}}}")  # the start of an unpadded urlsafe base64 token


def join_token(conn: storage.Connection, secret: bytes, principal: Principal) -> str:
    """The participants' link token of the principal's event: the projector shows it as a QR code."""
    authorise(principal, "event.join_link", event_id=principal.event_id)
    for row in storage.fetch_active_tokens(conn, principal.event_id):
        if row.role == Role.PARTICIPANT.value:
            return derive_token(secret, principal.event_id, row.role, None, row.generation)
    raise DomainError("token.invalid")


def join_code(token: str) -> str:
    """The short code of a participants' link, for people who type the address instead of scanning."""
    return token[:JOIN_CODE_LENGTH]


def join_code_key(secret: bytes, code: str) -> str:
    """What the database keeps of a short code: keyed with the secret, so a copy of the database cannot
    be searched for the codes (eight characters would be guessed offline from a plain hash)."""
    return hmac.new(secret, b"join-code:" + code.encode("ascii"), hashlib.sha256).hexdigest()


def resolve_join_code(conn: storage.Connection, secret: bytes, code) -> str | None:
    """The live participants' token whose short code is ``code``; None for an unknown or replaced one.

    One indexed lookup whatever the number of events, so a guess costs the same as a right code."""
    if not isinstance(code, str) or not _JOIN_CODE.fullmatch(code):
        return None
    row = storage.fetch_token_by_join_code(conn, join_code_key(secret, code))
    if row is None or row.role != Role.PARTICIPANT.value:
        return None
    token = derive_token(secret, row.event_id, row.role, None, row.generation)
    return token if hmac.compare_digest(join_code(token), code) else None


def backfill_join_codes(conn: storage.Connection, secret: bytes) -> int:
    """Give every live participants' link issued before codes were stored its code's key (needs the
    secret, so it runs when the server starts, after the migrations); returns how many were missing."""
    if not storage.fetch_tokens_without_join_code(conn, Role.PARTICIPANT.value):
        return 0  # the usual start: nothing to write, so no write lock taken
    with storage.transaction(conn):
        missing = storage.fetch_tokens_without_join_code(conn, Role.PARTICIPANT.value)
        for row in missing:
            token = derive_token(secret, row.event_id, row.role, None, row.generation)
            storage.set_join_code_key(conn, row.token_hash, join_code_key(secret, join_code(token)))
    return len(missing)
