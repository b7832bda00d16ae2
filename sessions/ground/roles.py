"""Who may do what. Every web entry point asks here; the browser is never trusted."""

from dataclasses import dataclass
from enum import StrEnum

from sessions.ground.errors import DomainError


class Role(StrEnum):
    ORGANISER = "organiser"
    LEADER = "leader"
    PROJECTOR = "projector"
    SECRETARY = "secretary"
    PARTICIPANT = "participant"


@dataclass(frozen=True)
class Principal:
    """The holder of a token: a role, for one event, for one table; or an organiser of one organisation.

    An organiser's principal names its organisation (None only for the whole installation: the command
    line, the domain's own callers, and the organiser link before the first account exists) and acts on
    an event only once scoped to it by ``sessions.evening.events.scoped``, which checks the event's
    organisation (``require_organisation``)."""

    role: Role
    event_id: str | None
    table_number: int | None = None
    participant_id: str | None = None  # a participant who has joined with a name
    organisation_id: int | None = None  # an organiser's organisation
    account: str | None = None  # an organiser's username (the audit log's "who")


ROLE_ACTIONS: dict[Role, frozenset[str]] = {
    Role.ORGANISER: frozenset({"event.create", "event.edit", "event.delete", "event.links", "event.view",
                               "event.export", "people.view", "people.edit", "participants.manage"}),
    Role.LEADER: frozenset({"phase.advance", "phase.back", "timer.set", "event.view", "theme.edit",
                            "deepen.assign", "rotation.manage", "parking.view", "parking.show", "event.join_link",
                            "participants.manage", "pages.hold", "question.answer"}),
    # The projector shows the room the participants' link (never a secret one) as a QR code.
    Role.PROJECTOR: frozenset({"event.view", "event.join_link"}),
    Role.SECRETARY: frozenset({"idea.add", "idea.edit", "idea.withdraw", "priority.choose", "event.view",
                               "parking.add"}),
    Role.PARTICIPANT: frozenset({"participant.join", "rotation.choose", "parking.add", "event.view",
                                 "phone.take_part"}),
}


def authorise(principal: Principal, action: str, *, event_id: str | None = None,
              table_number: int | None = None) -> None:
    """Refuse unless ``principal`` may do ``action`` on that event (and table, for secretaries)."""
    if action not in ROLE_ACTIONS[principal.role]:
        raise DomainError("role.forbidden", action=action)
    if principal.role is not Role.ORGANISER and event_id is not None and event_id != principal.event_id:
        raise DomainError("role.forbidden", action=action)
    if principal.role is Role.ORGANISER and principal.organisation_id is not None and event_id is not None \
            and event_id != principal.event_id:
        # An organisation's organiser acts only on the event it was scoped to: another's is as unknown.
        raise DomainError("event.not_found")
    if principal.role is Role.SECRETARY and table_number is not None and table_number != principal.table_number:
        raise DomainError("role.other_table", table=table_number)


def require_organisation(principal: Principal, organisation_id: int | None, not_found: str = "event.not_found") -> None:
    """The one check of an object's organisation (an event, and whatever else an organisation owns):
    an organisation's organiser sees only its own, and another's is refused as if it did not exist."""
    if principal.role is Role.ORGANISER and principal.organisation_id is not None \
            and organisation_id != principal.organisation_id:
        raise DomainError(not_found)


def organiser(organisation_id: int | None, account: str | None = None) -> Principal:
    """An organiser of one organisation (None: of the whole installation)."""
    return Principal(Role.ORGANISER, None, organisation_id=organisation_id, account=account)


# The whole installation's organiser: the command line and the domain's own callers (the demo).
ORGANISER = Principal(Role.ORGANISER, None)
