"""The dialogue formats as data: each is the ordered steps of an event, each step a kind the phase
machine knows (sessions/evening/phases.py), with its texts and defaults.

An event keeps its format's id and its steps as they were when it was made (storage), so a later change
here never rewrites a past event. The open forum of 2011 is the default and runs exactly as it always has.
"""

from dataclasses import dataclass, field

from sessions.evening.phases import OPEN_FORUM_STEPS
from sessions.ground.errors import DomainError
from sessions.ground.models import Step

DEFAULT_FORMAT = "oppet-forum"


@dataclass(frozen=True)
class Format:
    id: str
    name: str  # Swedish, as the list and the command line show it; the pages translate it by id
    summary: str
    steps: tuple[Step, ...]
    defaults: dict = field(default_factory=dict, hash=False)  # the event's fields a new event starts from


OPEN_FORUM = Format(
    DEFAULT_FORMAT, "Öppet forum", "Kvällen från 2011: berättelse, idéer vid borden, två prioriteringar per bord, "
    "teman, fördjupning med rotation och avslutning.", OPEN_FORUM_STEPS)

FORMATS: dict[str, Format] = {fmt.id: fmt for fmt in (OPEN_FORUM,)}


def get_format(format_id: str | None) -> Format:
    """The built-in format ``format_id`` (empty: the open forum), or "event.bad_format"."""
    chosen = FORMATS.get(format_id or DEFAULT_FORMAT)
    if chosen is None:
        raise DomainError("event.bad_format", format=str(format_id)[:40])
    return chosen
