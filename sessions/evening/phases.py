"""The phase machine: the evening's phases, which follows which, and what each allows.

Pure rules with no storage, so every command can ask them; the commands that change the phase (advance,
back, the countdown) are in :mod:`sessions.evening.phase_changes`.
"""

from sessions.ground.errors import DomainError
from sessions.ground.models import PRIORITIES_PER_TABLE, Event, Phase, Step

# The open forum's order (2011), the default format's; an event runs its own format's steps (order_of).
PHASE_ORDER: tuple[Phase, ...] = (Phase.SETUP, Phase.WARMUP, Phase.BRAINSTORM, Phase.PRIORITISE, Phase.THEMING,
                                  Phase.DEEPEN, Phase.CLOSING)
OPEN_FORUM_STEPS: tuple[Step, ...] = tuple(Step(phase) for phase in PHASE_ORDER)


def steps_of(event: Event) -> tuple[Step, ...]:
    """The steps the event runs: its format's, as stored when it was made (older events: the open forum)."""
    return event.steps or OPEN_FORUM_STEPS


def order_of(event: Event) -> tuple[Phase, ...]:
    return tuple(step.phase for step in steps_of(event))


def priorities_per_table(event: Event) -> int:
    """How many priorities a table chooses: its format's prioritise step says (the open forum's two)."""
    return next((step.count for step in steps_of(event) if step.phase is Phase.PRIORITISE and step.count),
                PRIORITIES_PER_TABLE)


def log_fields(event: Event) -> tuple[str, ...]:
    """What the current step's log asks besides the text (a visitor's category, an answer's sector, ...)."""
    return next((step.fields for step in steps_of(event) if step.phase is event.phase), ())


def phones_may(event: Event, action: str) -> bool:
    """Whether a joined phone may do ``action`` ("idea", "vote", "evaluation") in the event's current step."""
    return any(step.phase is event.phase and action in step.phones for step in steps_of(event))

# Late ideas are still welcome while tables prioritise: a tablet that was offline during the
# brainstorm must be able to deliver what it kept, and a table may reword while it chooses.
# In pass 2 (deepen) the same tablet form writes proposals for the table's theme instead.
ALLOWED_PHASES: dict[str, frozenset[Phase]] = {
    "idea.add": frozenset({Phase.BRAINSTORM, Phase.PRIORITISE, Phase.DEEPEN, Phase.PANEL, Phase.LOG}),
    "idea.edit": frozenset({Phase.BRAINSTORM, Phase.PRIORITISE, Phase.DEEPEN, Phase.PANEL, Phase.LOG}),
    "idea.withdraw": frozenset({Phase.BRAINSTORM, Phase.PRIORITISE, Phase.DEEPEN, Phase.PANEL, Phase.LOG}),
    "question.answer": frozenset({Phase.PANEL}),
    "priority.choose": frozenset({Phase.PRIORITISE}),
    "event.set_table_count": frozenset({Phase.SETUP}),
    "theme.edit": frozenset({Phase.THEMING}),
    "deepen.assign": frozenset({Phase.THEMING, Phase.DEEPEN}),
    "rotation.manage": frozenset({Phase.DEEPEN}),
    "rotation.choose": frozenset({Phase.DEEPEN}),
}


# What the room's screen is about in each phase, so the projector keeps no phase rules of its own.
SCREEN_SHOWS: dict[Phase, str] = {
    Phase.SETUP: "welcome", Phase.WARMUP: "story", Phase.BRAINSTORM: "ideas", Phase.PRIORITISE: "priorities",
    Phase.THEMING: "themes", Phase.DEEPEN: "proposals", Phase.CLOSING: "summary",
    Phase.VOTE: "priorities", Phase.PANEL: "ideas", Phase.LOG: "ideas",
}

# Phases in which the projector invites people to join with their phones (pass 2 does too, while a
# rotation round is open).
INVITING: frozenset[Phase] = frozenset({Phase.SETUP, Phase.WARMUP})


def next_phase(current: Phase, order: tuple[Phase, ...] = PHASE_ORDER) -> Phase:
    index = order.index(current)
    if index == len(order) - 1:
        raise DomainError("phase.at_end")
    return order[index + 1]


def previous_phase(current: Phase, order: tuple[Phase, ...] = PHASE_ORDER) -> Phase:
    index = order.index(current)
    if index == 0:
        raise DomainError("phase.at_start")
    return order[index - 1]


def describe(current: Phase, steps: tuple[Step, ...] = OPEN_FORUM_STEPS) -> dict:
    """The phase as pages need it: where it sits in the event's steps and what it allows, so no page
    keeps its own copy of the phase order or the rules."""
    order = [step.phase for step in steps]
    # A phase outside the steps (never stored; a test may ask) sits before the first.
    index = order.index(current) if current in order else -1
    return {"key": current.value,
            "next": order[index + 1].value if index + 1 < len(order) else None,
            "previous": order[index - 1].value if index > 0 else None,
            "order": [phase.value for phase in order],
            "phones": [action for step in steps if step.phase is current for action in step.phones],
            "fields": [name for step in steps if step.phase is current for name in step.fields],
            # What a page calls each step, where the format names it otherwise (one priority per table).
            "names": {step.phase.value: step_name(step) for step in steps},
            "allows": sorted(action for action, phases in ALLOWED_PHASES.items() if current in phases),
            "writes": written_kind(current),
            # Which of the event's two questions the phase works on: pass 2 and its closing ask how.
            "question": "deepen" if current in (Phase.DEEPEN, Phase.CLOSING) else "vision",
            "shows": SCREEN_SHOWS[current],
            "invites": current in INVITING}


WRITTEN_KINDS: dict[Phase, str] = {Phase.DEEPEN: "proposal", Phase.PANEL: "question", Phase.LOG: "entry"}


def step_name(step: Step) -> str:
    """The key of a step's name on the pages: its phase's, or "prioritise_one" for one priority per table."""
    return "prioritise_one" if step.phase is Phase.PRIORITISE and step.count == 1 else step.phase.value


def written_kind(current: Phase) -> str:
    """What a table's tablet writes in this phase: ideas in pass 1, proposals in pass 2, questions to a
    panel, a log's entries."""
    return WRITTEN_KINDS.get(current, "idea")


def listed_kind(current: Phase) -> str:
    """The kind a tablet and the room's screen list as the table's ideas now: what is written in this step,
    or the ideas of pass 1 (pass 2's proposals have their own list)."""
    kind = written_kind(current)
    return "idea" if kind == "proposal" else kind


def require_current(current: Phase, expected) -> None:
    """Refuse a phase change sent from a page that saw another phase (a double click, two leaders)."""
    if expected != current.value:
        raise DomainError("phase.changed", phase=current.value)


def require_phase(action: str, current: Phase) -> None:
    """Refuse ``action`` unless the evening is in a phase that allows it."""
    if current not in ALLOWED_PHASES[action]:
        raise DomainError("phase.not_allowed", action=action, phase=current.value)
