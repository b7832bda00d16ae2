"""Ids a device makes before it sends (an idea, a priority, a note), so a resend is recognised."""

import uuid

from sessions.ground.errors import DomainError
from sessions.ground.roles import Principal, Role, authorise


def client_id(value) -> str:
    """A client-made UUID in canonical form; anything else is refused."""
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise DomainError("request.bad_id") from None


def require_same_sender(record, principal: Principal, action: str) -> None:
    """A client id seen before is answered as a resend only to one who may do ``action`` (the role is
    checked first, so no other role gets an "already stored" answer or a re-broadcast) and who sent it:
    the same table of the same event, or for a joined participant's record the same participant. An id
    from anyone else is someone else's, and refused. Every command that stores by client id calls this
    before its "already stored" answer."""
    authorise(principal, action, event_id=principal.event_id)
    sender = getattr(record, "participant_id", None)
    if principal.role is Role.PARTICIPANT:
        same = sender is not None and sender == principal.participant_id
    else:
        same = sender is None and record.table_number == principal.table_number
    if record.event_id != principal.event_id or not same:
        raise DomainError("request.bad_id")
