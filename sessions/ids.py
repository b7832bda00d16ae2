"""Ids a device makes before it sends (an idea, a priority, a note), so a resend is recognised."""

import uuid

from sessions.errors import DomainError


def client_id(value) -> str:
    """A client-made UUID in canonical form; anything else is refused."""
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise DomainError("request.bad_id") from None


def require_same_sender(record, principal) -> None:
    """A client id seen before is a resend only from the same table of the same event; from anyone
    else it is someone else's id, and refused."""
    if record.event_id != principal.event_id or record.table_number != principal.table_number:
        raise DomainError("request.bad_id")
