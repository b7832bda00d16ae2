"""Ids a device makes before it sends (an idea, a priority, a note), so a resend is recognised."""

import uuid

from sessions.errors import DomainError


def client_id(value) -> str:
    """A client-made UUID in canonical form; anything else is refused."""
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise DomainError("request.bad_id") from None
