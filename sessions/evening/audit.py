"""The audit log: who created, changed, exported or deleted what, and when, per organisation.

Organiser commands record here, inside their own transaction, so an entry exists exactly when the
change does. The administrators' page reads it (``sessions.people.organisations.audit_page``).
"""

import json

from sessions import storage
from sessions.ground import clock
from sessions.ground.roles import Principal, Role


def record(conn: storage.Connection, principal: Principal, action: str, subject: str = "", *,
           organisation_id: int | None = None, **detail) -> None:
    """Note ``action`` (``"event.delete"``) on ``subject`` (an event's id, an account's name) in the
    organisation of ``principal`` (or of the object, for the command line's whole-installation
    organiser); ``detail`` is what the page shows beside it (a title, "with names")."""
    organisation = principal.organisation_id if principal.organisation_id is not None else organisation_id
    if organisation is None:
        return  # nothing an organisation owns (an installation without organisations yet)
    account = principal.account if principal.role is Role.ORGANISER else principal.role.value
    storage.insert_audit_entry(conn, organisation, clock.now(), account, action, subject,
                               json.dumps(detail, ensure_ascii=False, sort_keys=True))


def record_on_event(conn: storage.Connection, principal: Principal, action: str, event_id: str, **detail) -> None:
    """Note ``action`` on an event, with its title (never a person's name: the log outlives the list)."""
    event = storage.fetch_event(conn, event_id)
    if event is not None:
        record(conn, principal, action, event_id, organisation_id=event.organisation_id, title=event.title, **detail)
