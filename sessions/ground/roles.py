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
    """The holder of a token: a role, for one event (none for organisers), for one table."""

    role: Role
    event_id: str | None
    table_number: int | None = None
    participant_id: str | None = None  # a participant who has joined with a name


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
    if principal.role is Role.SECRETARY and table_number is not None and table_number != principal.table_number:
        raise DomainError("role.other_table", table=table_number)


# The organiser's desk acts for every event; organisers are people with accounts, not links.
ORGANISER = Principal(Role.ORGANISER, None)
