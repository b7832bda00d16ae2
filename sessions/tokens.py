"""Role tokens: long random-looking values, derived from a server secret and stored only as hashes.

A token is ``HMAC(secret, event:role:table:generation)``. The database keeps its SHA-256, so a copy
of the database opens nothing; the server, holding the secret, can show an organiser the same
links again (for printing QR codes) without storing them. Rotating a link bumps the generation.
"""

import base64
import hashlib
import hmac


def derive_token(secret: bytes, event_id: str | None, role: str, table_number: int | None,
                 generation: int) -> str:
    message = f"{event_id or '*'}:{role}:{table_number or 0}:{generation}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
