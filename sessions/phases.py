"""The evening as an explicit state machine: which phase follows which, what each allows, and the
commands that move the evening on (and its countdown)."""

from sessions import clock, deepen, events, happened, priorities, storage
from sessions.errors import DomainError
from sessions.models import Event, Phase
from sessions.roles import Principal, authorise

PHASE_ORDER: tuple[Phase, ...] = tuple(Phase)

# Late ideas are still welcome while tables prioritise: a tablet that was offline during the
# brainstorm must be able to deliver what it kept, and a table may reword while it chooses.
# In pass 2 (deepen) the same tablet form writes proposals for the table's theme instead.
ALLOWED_PHASES: dict[str, frozenset[Phase]] = {
    "idea.add": frozenset({Phase.BRAINSTORM, Phase.PRIORITISE, Phase.DEEPEN}),
    "idea.edit": frozenset({Phase.BRAINSTORM, Phase.PRIORITISE, Phase.DEEPEN}),
    "idea.withdraw": frozenset({Phase.BRAINSTORM, Phase.PRIORITISE, Phase.DEEPEN}),
    "priority.choose": frozenset({Phase.PRIORITISE}),
    "event.set_table_count": frozenset({Phase.SETUP}),
    "theme.edit": frozenset({Phase.THEMING}),
    "deepen.assign": frozenset({Phase.THEMING, Phase.DEEPEN}),
    "rotation.manage": frozenset({Phase.DEEPEN}),
    "rotation.choose": frozenset({Phase.DEEPEN}),
}


def next_phase(current: Phase) -> Phase:
    index = PHASE_ORDER.index(current)
    if index == len(PHASE_ORDER) - 1:
        raise DomainError("phase.at_end")
    return PHASE_ORDER[index + 1]


def previous_phase(current: Phase) -> Phase:
    index = PHASE_ORDER.index(current)
    if index == 0:
        raise DomainError("phase.at_start")
    return PHASE_ORDER[index - 1]


def describe(current: Phase) -> dict:
    """The phase as pages need it: where it sits in the evening and what it allows, so no page
    keeps its own copy of the phase order or the rules."""
    index = PHASE_ORDER.index(current)
    return {"key": current.value,
            "next": PHASE_ORDER[index + 1].value if index + 1 < len(PHASE_ORDER) else None,
            "previous": PHASE_ORDER[index - 1].value if index > 0 else None,
            "order": [phase.value for phase in PHASE_ORDER],
            "allows": sorted(action for action, phases in ALLOWED_PHASES.items() if current in phases),
            "writes": written_kind(current),
            # Which of the event's two questions the phase works on: pass 2 and its closing ask how.
            "question": "deepen" if current in (Phase.DEEPEN, Phase.CLOSING) else "vision"}


def written_kind(current: Phase) -> str:
    """What a table's tablet writes in this phase: ideas in pass 1, proposals in pass 2."""
    return "proposal" if current is Phase.DEEPEN else "idea"


def require_current(current: Phase, expected) -> None:
    """Refuse a phase change sent from a page that saw another phase (a double click, two leaders)."""
    if expected != current.value:
        raise DomainError("phase.changed", phase=current.value)


def require_phase(action: str, current: Phase) -> None:
    """Refuse ``action`` unless the evening is in a phase that allows it."""
    if current not in ALLOWED_PHASES[action]:
        raise DomainError("phase.not_allowed", action=action, phase=current.value)


# --- the commands that move the evening ---------------------------------------------------------

TIMER_MAX_MINUTES = 180


def advance(conn: storage.Connection, principal: Principal, *, expected, force: bool = False) -> Event:
    """Move the evening on from ``expected``, the phase the leader's page showed; from any other
    phase nothing changes. Leaving ``prioritise`` with a table short of two asks for ``force``."""
    authorise(principal, "phase.advance", event_id=principal.event_id)
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        require_current(event.phase, expected)
        target = next_phase(event.phase)
        if event.phase is Phase.PRIORITISE and not force:
            missing = priorities.tables_missing(conn, event.id)
            if missing:
                raise DomainError("phase.priorities_incomplete", tables=missing)
        if target is Phase.DEEPEN:
            if event.themes_finalised_at is None and not force:
                raise DomainError("phase.themes_not_final")
            deepen.propose_table_themes(conn, event.id)
        storage.record_phase(conn, event.id, target, clock.now())
        event = events.get(conn, event.id)
        happened.record(happened.PhaseChanged(event))
        if target is Phase.DEEPEN:
            happened.record(happened.TableThemesChanged(event.id))
        return event


def back(conn: storage.Connection, principal: Principal, *, expected) -> Event:
    """Step back one phase from ``expected``; everything typed stays where it is."""
    authorise(principal, "phase.back", event_id=principal.event_id)
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        require_current(event.phase, expected)
        storage.record_phase(conn, event.id, previous_phase(event.phase), clock.now())
        event = events.get(conn, event.id)
        happened.record(happened.PhaseChanged(event))
        return event


def set_timer(conn: storage.Connection, principal: Principal, minutes, *, expected_ends_at) -> Event:
    """Start a countdown of ``minutes`` for the current phase, or stop it with ``None`` or 0.

    ``expected_ends_at`` is the countdown the leader's page showed (None for none); if another
    leader (or a second click) changed it meanwhile, nothing changes."""
    authorise(principal, "timer.set", event_id=principal.event_id)
    if minutes in (None, 0, "0", ""):
        ends_at = None
    else:
        try:
            minutes = float(minutes)
        except (TypeError, ValueError):
            raise DomainError("timer.invalid", limit=TIMER_MAX_MINUTES) from None
        if not 0 < minutes <= TIMER_MAX_MINUTES:
            raise DomainError("timer.invalid", limit=TIMER_MAX_MINUTES)
        ends_at = clock.now() + minutes * 60
    with storage.transaction(conn):
        if events.get(conn, principal.event_id).timer_ends_at != expected_ends_at:
            raise DomainError("timer.changed")
        storage.set_timer(conn, principal.event_id, ends_at)
        happened.record(happened.TimerChanged(principal.event_id, ends_at))
        return events.get(conn, principal.event_id)
