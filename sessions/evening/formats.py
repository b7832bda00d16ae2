"""The dialogue formats as data: each is the ordered steps of an event, each step a kind the phase
machine knows (sessions/evening/phases.py), with its texts and defaults.

An event keeps its format's id and its steps as they were when it was made (storage), so a later change
here never rewrites a past event. The open forum of 2011 is the default and runs exactly as it always has.
"""

from dataclasses import dataclass, field

from sessions.evening.phases import OPEN_FORUM_STEPS
from sessions.ground.errors import DomainError
from sessions.ground.models import Phase, Step

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

# A breakfast meeting of 60-90 minutes with the business council: one question, ideas from tables and
# phones, one priority per table, votes from phones, a closing with a short evaluation.
BREAKFAST = Format(
    "frukostmote", "Frukostmöte", "60–90 minuter: en fråga, idéer från borden och mobilerna, en prioritering "
    "per bord, röster från mobilerna och en kort utvärdering.",
    (Step(Phase.SETUP), Step(Phase.BRAINSTORM, phones=("idea",)), Step(Phase.PRIORITISE, count=1),
     Step(Phase.VOTE, phones=("vote",)), Step(Phase.CLOSING, phones=("evaluation",))),
    {"vision_question": "Vad behöver företagen i kommunen mest av kommunen de närmaste åren?",
     "deepen_question": "Vad tar vi med oss från morgonen?", "table_count": 4, "theme_count": 4,
     "rotation_rounds_max": 0})

# A dialogue meeting on procurement with the local Företagarna: questions to a panel from phones and
# tables with votes and "besvarad", then ideas and priorities on making bids easier for local firms.
PROCUREMENT = Format(
    "upphandlingsdialog", "Upphandlingsdialog", "Frågor till en panel från mobiler och bord, med röster och "
    "”besvarad”, sedan idéer och prioriteringar om hur lokala företag lättare kan lämna anbud.",
    (Step(Phase.SETUP), Step(Phase.PANEL, phones=("idea", "vote")), Step(Phase.BRAINSTORM, phones=("idea",)),
     Step(Phase.PRIORITISE), Step(Phase.CLOSING, phones=("evaluation",))),
    {"vision_question": "Vad gör det svårt för lokala företag att lämna anbud till kommunen i dag?",
     "deepen_question": "Hur gör vi det lättare för lokala företag att lämna anbud?", "table_count": 4,
     "theme_count": 4, "rotation_rounds_max": 0})

# Dialogue with citizens "på gator och torg": a staff tablet collects short individual answers to one
# question, with an optional sector, age band and gender.
STREETS = Format(
    "gator-och-torg", "På gator och torg", "En surfplatta hos personalen samlar korta svar på en fråga, med "
    "bransch, åldersgrupp och kön om den svarande vill.",
    (Step(Phase.SETUP), Step(Phase.LOG, fields=("sector", "age_band", "gender")), Step(Phase.CLOSING)),
    {"vision_question": "Vad skulle göra kommunen bättre för dig som driver eller vill starta ett företag?",
     "deepen_question": "Vad mer vill du säga till kommunen?", "table_count": 2, "theme_count": 4,
     "rotation_rounds_max": 0})

# The open house of Business Focus: staff log each visitor's question, its category and who follows it up.
OPEN_HOUSE = Format(
    "oppet-hus", "Öppet hus", "Drop-in för tillstånd och myndighetsfrågor: personalen skriver in varje "
    "besökares fråga, dess kategori och vem som följer upp den.",
    (Step(Phase.SETUP), Step(Phase.LOG, fields=("category", "follow_up")), Step(Phase.CLOSING)),
    {"vision_question": "Vilken fråga om tillstånd eller myndighetskontakter har du till kommunen?",
     "deepen_question": "Vad behöver följas upp?", "table_count": 2, "theme_count": 4, "rotation_rounds_max": 0})

FORMATS: dict[str, Format] = {fmt.id: fmt for fmt in (OPEN_FORUM, BREAKFAST, PROCUREMENT, STREETS, OPEN_HOUSE)}

# The new-event form's fields that depend on the format.
FORM_FIELDS = ("vision_question", "deepen_question", "warmup_story", "table_count", "theme_count",
               "rotation_rounds_max")


def form_start(fmt: Format, open_forum_start: dict) -> dict:
    """What the new-event form starts from for ``fmt``: the open forum's own texts and numbers for the open
    forum; for another format its own question and numbers, and no warm-up story unless it has one (a
    breakfast meeting is not asked the open forum's ten-year question)."""
    if fmt.id == DEFAULT_FORMAT:
        return {name: open_forum_start.get(name, "") for name in FORM_FIELDS}
    return {name: fmt.defaults.get(name, "" if name in ("vision_question", "warmup_story")
                                   else open_forum_start.get(name, "")) for name in FORM_FIELDS}


# The open forum with phones that take part (an option when the event is made): ideas from phones to the
# table's tablet while the tables brainstorm, and the short evaluation at the close.
PHONES_IN_OPEN_FORUM = {Phase.BRAINSTORM: ("idea",), Phase.CLOSING: ("evaluation",)}


def steps_for(chosen: Format, phones: bool) -> tuple[Step, ...]:
    """The steps an event of ``chosen`` runs; ``phones`` lets phones take part in an open forum."""
    if not phones or chosen.id != DEFAULT_FORMAT:
        return chosen.steps
    return tuple(Step(step.phase, PHONES_IN_OPEN_FORUM.get(step.phase, step.phones), step.count, step.fields)
                 for step in chosen.steps)


def get_format(format_id: str | None) -> Format:
    """The built-in format ``format_id`` (empty: the open forum), or "event.bad_format"."""
    chosen = FORMATS.get(format_id or DEFAULT_FORMAT)
    if chosen is None:
        raise DomainError("event.bad_format", format=str(format_id)[:40])
    return chosen
