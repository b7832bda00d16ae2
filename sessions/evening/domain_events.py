"""What a command did (domain events), for the web layer to publish to the screens that show it.

A command records one event for each change others should see, as the last thing it does, so a
command that is refused records nothing. :func:`recording` collects what one request's commands
recorded; outside a recording (a script, a test of the domain alone) nothing is kept.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sessions.ground.models import Event, Idea, ParkingNote, Priority

_recorded: ContextVar[list | None] = ContextVar("domain_events", default=None)


def record(*happenings) -> None:
    recorded = _recorded.get()
    if recorded is not None:
        recorded.extend(happenings)


@contextmanager
def recording() -> Iterator[list]:
    """Collect what the commands inside record; yields the list they fill."""
    recorded: list = []
    token = _recorded.set(recorded)
    try:
        yield recorded
    finally:
        _recorded.reset(token)


@dataclass(frozen=True)
class IdeaAdded:
    """A table's idea or proposal, stored for the first time."""

    event_id: str
    idea: Idea


@dataclass(frozen=True)
class IdeaEdited:
    event_id: str
    idea: Idea


@dataclass(frozen=True)
class IdeaWithdrawn:
    event_id: str
    table: int
    idea_id: str


@dataclass(frozen=True)
class PrioritiesChanged:
    """A table's priorities as they stand now."""

    event_id: str
    table: int
    priorities: tuple[Priority, ...]


@dataclass(frozen=True)
class PhaseChanged:
    """The evening moved to another phase (the countdown stops with it)."""

    event: Event


@dataclass(frozen=True)
class EveningReset:
    """The evening was put back before its start after a practice: every page starts again from its snapshot."""

    event_id: str


@dataclass(frozen=True)
class TimerChanged:
    event_id: str
    ends_at: float | None


@dataclass(frozen=True)
class EventChanged:
    """The organiser changed the event's texts or settings."""

    event: Event


@dataclass(frozen=True)
class TableThemesChanged:
    """Tables were given (other) pass-2 themes."""

    event_id: str


@dataclass(frozen=True)
class BoardChanged:
    """The theme board changed: its themes, their priorities, finalising, or the context shown."""

    event_id: str


@dataclass(frozen=True)
class SeatsChanged:
    """Seat counts changed (someone joined, moved or was removed, a round opened or closed, seats were set);
    ``tables`` are those whose people changed, so their tablets can show who sits there."""

    event_id: str
    tables: tuple[int | None, ...] = ()


@dataclass(frozen=True)
class ParticipantRemoved:
    """A leader or organiser took a joined phone off the evening; the phone is told (its seat count
    goes with ``SeatsChanged``)."""

    event_id: str
    participant_id: str


@dataclass(frozen=True)
class ParkingNoteAdded:
    event_id: str
    note: ParkingNote
    on_projector: bool


@dataclass(frozen=True)
class ParkingNoteChanged:
    """The leader hid or showed one note on the projector, or marked it answered."""

    event_id: str
    note: ParkingNote
    on_projector: bool  # whether the projector shows the parking lot at all


@dataclass(frozen=True)
class ParkingShown:
    """The leader showed or hid the parking lot on the projector."""

    event_id: str
    visible: bool


@dataclass(frozen=True)
class LinkReplaced:
    """A role's link was replaced: whoever holds the old one is shut out at once."""

    event_id: str
    role: str
    table: int | None


@dataclass(frozen=True)
class InboxChanged:
    """The phones' ideas waiting at a table's tablet changed (one came, or the secretary took one in)."""

    event_id: str
    table: int


@dataclass(frozen=True)
class VotesChanged:
    """The phones' votes (or what they vote on) changed: the live counts are sent again."""

    event_id: str
