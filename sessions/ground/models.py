"""The evening's things as small immutable records, named as the method names them."""

import json
from dataclasses import asdict, dataclass
from enum import StrEnum


class Phase(StrEnum):
    """The evening's phases in order; what each allows is in sessions/evening/phases.py."""

    SETUP = "setup"
    WARMUP = "warmup"
    BRAINSTORM = "brainstorm"
    PRIORITISE = "prioritise"
    THEMING = "theming"
    DEEPEN = "deepen"
    CLOSING = "closing"
    # Kinds of step the other formats have (sessions/evening/formats.py): votes from phones, questions
    # to a panel, and a staff tablet's log (a visitor's question, a visit's notes, an answer in the square).
    VOTE = "vote"
    PANEL = "panel"
    LOG = "log"


@dataclass(frozen=True)
class Step:
    """One step of an event's format: a kind of step the phase machine knows (its phase), and what a
    joined phone may do in it ("idea", "vote", "evaluation"); the formats are in sessions/evening/formats.py."""

    phase: Phase
    phones: tuple[str, ...] = ()
    count: int = 0  # priorities per table in a prioritise step (0: the open forum's two)
    fields: tuple[str, ...] = ()  # what a log step asks besides the text ("category", "follow_up", "sector", ...)


IDEA_MAX_LENGTH = 500
PRIORITIES_PER_TABLE = 2
MAX_TABLES = 60


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    event_date: str
    place: str
    vision_question: str
    deepen_question: str
    warmup_story: str
    table_count: int
    theme_count: int
    phase: Phase
    timer_ends_at: float | None
    created_at: float
    themes_finalised_at: float | None = None
    show_context: int = 0
    rotation_rounds_max: int = 2
    parking_visible: int = 0
    balance_low: float = 0.4
    balance_high: float = 0.6
    expected_participants: int | None = None
    participant_cap: int = 500
    organisation: str = ""
    time_zone: str = "Europe/Stockholm"
    pages_held: int = 0
    organisation_id: int | None = None  # the organisation that owns it (None: made before any organisation)
    board_published_at: float | None = None  # the theme board is shown to the room from then (None: a draft)
    format_id: str = "oppet-forum"
    steps: tuple[Step, ...] = ()  # the format's steps as they were when the event was made

    def public(self) -> dict:
        """What every role's page may show about the event."""
        data = asdict(self)
        data["phase"] = self.phase.value
        del data["organisation_id"]  # the owner is the organiser's business, not the room's
        return data


@dataclass(frozen=True)
class Idea:
    """A table's idea in pass 1, or (kind "proposal") its proposal for its theme in pass 2."""

    id: str
    event_id: str
    table_number: int
    text: str
    created_at: float
    updated_at: float
    kind: str = "idea"
    theme_id: str | None = None
    withdrawn_at: float | None = None
    details: str = ""  # a log entry's details as JSON (its step's fields); empty for an idea
    answered_at: float | None = None  # a question the panel has answered
    participant_id: str | None = None  # the phone that sent it (a resend is recognised by it; never shown)

    def public(self) -> dict:
        return {"id": self.id, "table": self.table_number, "text": self.text, "kind": self.kind,
                "theme_id": self.theme_id, "created_at": self.created_at, "updated_at": self.updated_at,
                "details": json.loads(self.details) if self.details else {}, "answered": self.answered_at is not None}


@dataclass(frozen=True)
class Priority:
    """One of a table's two choices: an idea of the table, or a text written for the purpose."""

    id: str
    event_id: str
    table_number: int
    idea_id: str | None
    text: str

    def public(self) -> dict:
        return {"id": self.id, "table": self.table_number, "idea_id": self.idea_id, "text": self.text}


@dataclass(frozen=True)
class Theme:
    """A theme area on the leaders' board and the priorities placed in it, in order."""

    id: str
    event_id: str
    title: str
    position: int
    priority_ids: tuple[str, ...]


@dataclass(frozen=True)
class Participant:
    id: str
    event_id: str
    display_name: str
    table_number: int | None
    created_at: float | None = None


@dataclass(frozen=True)
class Vote:
    """A phone's vote for a priority or a question, one of its three in a step."""

    id: str
    event_id: str
    participant_id: str
    phase: str
    target_id: str
    created_at: float


@dataclass(frozen=True)
class Evaluation:
    """A phone's short evaluation at the close: a rating from 1 to 5 and, if it likes, a word."""

    id: str
    event_id: str
    participant_id: str
    rating: int
    comment: str
    created_at: float


@dataclass(frozen=True)
class ParkingNote:
    """A comment off the main question ("practical matters"), kept apart from the ideas."""

    id: str
    event_id: str
    table_number: int | None
    text: str
    created_at: float
    participant_id: str | None = None
    hidden: int = 0  # the leader keeps it off the projector
    answered_at: float | None = None  # the leader marked it answered

    def public(self) -> dict:
        return {"id": self.id, "table": self.table_number, "text": self.text, "created_at": self.created_at,
                "hidden": bool(self.hidden), "answered": self.answered_at is not None}


@dataclass(frozen=True)
class PhaseRecord:
    phase: Phase
    started_at: float
    ended_at: float | None


# --- the rest of what storage keeps, one record type per table --------------------------------------

@dataclass(frozen=True)
class EventTable:
    """A table at the event: its seats (None: the default) and its pass-2 theme."""

    number: int
    seats: int | None
    theme_id: str | None


@dataclass(frozen=True)
class AccessToken:
    """A role's link, kept only as the hash of its token (see sessions/evening/tokens.py)."""

    token_hash: str
    event_id: str | None
    role: str
    table_number: int | None
    generation: int
    revoked_at: float | None


@dataclass(frozen=True)
class RotationRound:
    id: int
    event_id: str
    number: int
    opened_at: float
    closed_at: float | None


# A person's gender and status as the organiser's list keeps them.
GENDERS = ("woman", "man", "unknown")
AGE_BANDS = ("under-25", "25-44", "45-64", "65-")  # what a log step may ask of someone answering in the square
STATUSES = ("invited", "registered", "attended", "declined", "no_show")
# Each stage counts everyone who reached it: a person who attended was also registered and invited.
STAGES = {"invited": set(STATUSES), "registered": {"registered", "attended", "no_show"}, "attended": {"attended"}}


@dataclass(frozen=True)
class Person:
    """Someone on the organiser's list; names live only in the organiser's area."""

    id: str
    event_id: str
    name: str
    organisation: str
    sector: str
    gender: str
    inviter: str
    contact: str
    status: str
    walk_in: bool
    table_number: int | None
    created_at: float = 0.0
    updated_at: float = 0.0
    invited_at: float | None = None  # the invitation mail stored for sending (sessions/people/invitations.py)
    waiting_since: float | None = None  # on the waiting list since (sessions/people/registration.py)

    def public(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class OrganiserAccount:
    id: int
    username: str
    password_hash: str
    created_at: float
    administrator: bool = False  # may make accounts for other organisers
    organisation_id: int | None = None


@dataclass(frozen=True)
class Organisation:
    """A municipality or a region: it owns its accounts and events, and holds their defaults."""

    id: int
    name: str
    council: str
    balance_low: float
    balance_high: float
    retention_months: int | None
    created_at: float


@dataclass(frozen=True)
class AuditEntry:
    """Who did what, when, in an organisation (``detail`` is JSON)."""

    id: int
    organisation_id: int | None
    at: float
    account: str | None
    action: str
    subject: str
    detail: str


@dataclass(frozen=True)
class PersonImport:
    """An invitation list on its way in (see sessions/people/imports.py); JSON columns kept as text."""

    id: str
    event_id: str
    filename: str
    file_info: str
    header: str
    rows: str | None
    mapping: str
    choices: str
    state: str
    outcome: str | None
    created_at: float
    imported_at: float | None
    undone_at: float | None


@dataclass(frozen=True)
class PersonImportChange:
    """A person an import added (previous None) or changed, with their last change time."""

    person_id: str
    previous: str | None
    updated_at: float


@dataclass(frozen=True)
class StrategyDocument:
    event_id: str
    filename: str
    uploaded_at: float
    text: str = ""  # left empty when read without it
    digest: str = ""  # of the text, set when it was read in (empty for one read before it was kept)


@dataclass(frozen=True)
class StoredImprint:
    """The imprint as last computed, with what it was computed from (see sessions/documents/imprint.py)."""

    event_id: str
    strategy_version: str
    results_digest: str
    shown: str
    computed_at: float
    result: str = ""  # left empty when read without it


@dataclass(frozen=True)
class VerdictReview:
    """A person's verdict on one item of the imprint (a theme, or a proposal under its theme), with the
    tool's verdict at the time; never updated, the newest per item is in force."""

    subject_kind: str
    theme: str
    proposal: str
    verdict: str
    tool_verdict: str
    reviewed_by: str
    reviewed_at: float


@dataclass(frozen=True)
class FollowupEntry:
    """One follow-up of a theme or a proposal; never updated, the newest per subject is in force."""

    subject_kind: str
    subject_id: str
    subject_text: str
    status: str
    note: str
    responsible: str
    status_date: str
    changed_by: str
    changed_at: float
    changed: tuple[str, ...] = ()  # the fields this entry changed from the one before it (filled by followup)

    def public(self) -> dict:
        return {"status": self.status, "note": self.note, "responsible": self.responsible,
                "status_date": self.status_date, "changed_by": self.changed_by, "changed_at": self.changed_at,
                "changed": list(self.changed)}


@dataclass(frozen=True)
class OutboxMail:
    """An e-mail in the durable outbox (see sessions/people/outbox.py for its states)."""

    id: int
    event_id: str
    person_id: str
    purpose: str
    recipient: str
    subject: str
    body: str
    message_id: str
    state: str
    attempts: int
    next_attempt_at: float
    sending_since: float | None
    last_error: str
    created_at: float
    sent_at: float | None


@dataclass(frozen=True)
class Programme:
    """Events grouped under one purpose, with the themes people settled on across them (JSON)."""

    id: str
    title: str
    themes: str
    created_at: float
    organisation_id: int | None = None  # the organisation that owns it (None: made before any organisation)
