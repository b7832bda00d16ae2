"""The commands that change the evening's phase: advance, back, and the countdown.

One concept with :mod:`sessions.evening.phases`, the phase machine these commands follow (which phase
comes next, what each allows). The machine is pure and apart, because the commands here lean on
priorities and deepen, which ask the machine too.
"""

from sessions import storage
from sessions.evening import deepen, domain_events, events, priorities
from sessions.evening.phases import next_phase, order_of, previous_phase, priorities_per_table, require_current
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.models import Event, Phase
from sessions.ground.roles import Principal, authorise

# --- the commands that move the evening ---------------------------------------------------------

TIMER_MAX_MINUTES = 180


def advance(conn: storage.Connection, principal: Principal, *, expected, force: bool = False) -> Event:
    """Move the evening on from ``expected``, the phase the leader's page showed; from any other
    phase nothing changes. Leaving ``prioritise`` with a table short of its priorities asks for ``force``."""
    authorise(principal, "phase.advance", event_id=principal.event_id)
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        require_current(event.phase, expected)
        target = next_phase(event.phase, order_of(event))
        if event.phase is Phase.PRIORITISE and not force:
            missing = priorities.tables_missing(conn, event.id)
            if missing:
                raise DomainError("phase.priorities_incomplete", tables=missing,
                                  count=priorities_per_table(event))
        if target is Phase.DEEPEN:
            if event.themes_finalised_at is None and not force:
                raise DomainError("phase.themes_not_final")
            deepen.propose_table_themes(conn, event.id)
        storage.record_phase(conn, event.id, target, clock.now())
        event = events.get(conn, event.id)
        domain_events.record(domain_events.PhaseChanged(event))
        if target is Phase.DEEPEN:
            domain_events.record(domain_events.TableThemesChanged(event.id))
        return event


def back(conn: storage.Connection, principal: Principal, *, expected) -> Event:
    """Step back one phase from ``expected``; everything typed stays where it is."""
    authorise(principal, "phase.back", event_id=principal.event_id)
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        require_current(event.phase, expected)
        storage.record_phase(conn, event.id, previous_phase(event.phase, order_of(event)), clock.now())
        event = events.get(conn, event.id)
        domain_events.record(domain_events.PhaseChanged(event))
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
        event = events.get(conn, principal.event_id)
        if event.timer_ends_at != expected_ends_at:
            raise DomainError("timer.changed")
        storage.set_timer(conn, event.id, ends_at)
        domain_events.record(domain_events.TimerChanged(event.id, ends_at))
        return events.get(conn, event.id)


def hold_pages(conn: storage.Connection, principal: Principal, held: bool) -> Event:
    """Hold the projector's page turns (a slow reader keeps the page), or let them run again."""
    authorise(principal, "pages.hold", event_id=principal.event_id)
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        storage.set_pages_held(conn, event.id, held)
        event = events.get(conn, event.id)
        domain_events.record(domain_events.EventChanged(event))
        return event


def reset_to_start(conn: storage.Connection, principal: Principal, event_id: str) -> Event:
    """After a practice: the event back before its start, as if the evening had not been run. Everything
    the practice made goes (ideas, themes, phones, rounds, notes, its phases, so no report is dated by
    it); the list of people, the tables, the settings and the links stay. The page asks first."""
    authorise(principal, "event.edit", event_id=event_id)
    with storage.transaction(conn):
        event = events.get(conn, event_id)
        storage.reset_evening(conn, event.id)
        storage.record_phase(conn, event.id, Phase.SETUP, clock.now())
        event = events.get(conn, event.id)
        domain_events.record(domain_events.EveningReset(event.id), domain_events.PhaseChanged(event),
                             domain_events.SeatsChanged(event.id, tuple(range(1, event.table_count + 1))))
        return event
