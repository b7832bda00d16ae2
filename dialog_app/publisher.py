"""The one publisher: each thing a domain command did goes to the rooms that show it, with the
smallest payload they need. Handlers never decide what to broadcast; commands record what
happened (:mod:`sessions.evening.domain_events`) and :func:`publish` sends it.
"""

import threading

from flask import current_app, g

from dialog_app import notices, screens
from dialog_app.hyphenation import with_hyphens
from dialog_app.rooms import (
    event_room,
    leaders_room,
    participant_room,
    projector_room,
    screens_room,
    socketio,
    table_room,
)
from sessions.evening import domain_events, phases
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.roles import Role


def publish(happenings, *, sender: str | None = None) -> None:
    """Send what happened; ``sender`` (a socket) is skipped where its acknowledgement already says it."""
    for happening in happenings:
        _ROUTES[type(happening)](happening, sender)


def _to_table_and_screens(name: str, data: dict, event_id: str, table: int, sender) -> None:
    # Skipping the sender keeps its acknowledgement a lone write, which Nagle's algorithm would
    # otherwise hold back ~40 ms behind the broadcast.
    socketio.emit(name, data, to=[screens_room(event_id), table_room(event_id, table)], skip_sid=sender)


def _idea_saved(happening, sender) -> None:
    idea = happening.idea
    _to_table_and_screens("idea:saved", with_hyphens({"idea": idea.public()}), happening.event_id, idea.table_number,
                          sender)


def _idea_withdrawn(happening, sender) -> None:
    _to_table_and_screens("idea:withdrawn", {"id": happening.idea_id, "table": happening.table},
                          happening.event_id, happening.table, sender)


def _priorities_changed(happening, sender) -> None:
    shown = {"table": happening.table, "priorities": [p.public() for p in happening.priorities]}
    _to_table_and_screens("priorities:changed", with_hyphens(shown),
                          happening.event_id, happening.table, sender)


def _phase_changed(happening, sender) -> None:
    socketio.emit("phase:changed", {"phase": screens.phase(happening.event), "server_now": clock.now()},
                  to=event_room(happening.event.id))
    # The screens' summary of the evening, fresh for the phase (the close shows it to the room).
    socketio.emit("summary:changed", with_hyphens(screens.summary(happening.event.id)),
                  to=screens_room(happening.event.id))
    # Each step votes on its own list (the tables' priorities, the panel's questions), where phones vote.
    if any("vote" in step.phones for step in phases.steps_of(happening.event)):
        socketio.emit("votes:changed", with_hyphens(screens.votes(happening.event.id)),
                      to=event_room(happening.event.id))


def _votes_changed(happening, sender) -> None:
    socketio.emit("votes:changed", with_hyphens(screens.votes(happening.event_id)), to=event_room(happening.event_id))


def _inbox_changed(happening, sender) -> None:
    socketio.emit("inbox:changed", with_hyphens({"table": happening.table,
                                                 "inbox": screens.inbox(happening.event_id, happening.table)}),
                  to=table_room(happening.event_id, happening.table))


def _evening_reset(happening, sender) -> None:
    # Ideas, themes and phones are gone: each page fetches its whole view again.
    socketio.emit("evening:reset", {}, to=event_room(happening.event_id))


def _timer_changed(happening, sender) -> None:
    socketio.emit("timer:changed", {"timer_ends_at": happening.ends_at, "server_now": clock.now()},
                  to=event_room(happening.event_id))


def _event_changed(happening, sender) -> None:
    socketio.emit("event:changed", with_hyphens({"event": happening.event.public()}), to=event_room(happening.event.id))


def _table_themes_changed(happening, sender) -> None:
    socketio.emit("tables:themes", with_hyphens({"tables": screens.table_themes(happening.event_id)}),
                  to=event_room(happening.event_id))


def _board_changed(happening, sender) -> None:
    # The leaders see their draft; the room sees the board once a leader has shown it.
    shown = with_hyphens(screens.board(happening.event_id, Role.LEADER))
    if shown["published"]:
        socketio.emit("board:changed", shown, to=screens_room(happening.event_id))
        return
    socketio.emit("board:changed", shown, to=leaders_room(happening.event_id))
    socketio.emit("board:changed", with_hyphens(screens.board(happening.event_id)),
                  to=projector_room(happening.event_id))


def _seats_changed(happening, sender) -> None:
    mark_seats_changed(happening.event_id)
    for number in sorted(set(happening.tables)):
        # Names go to that table's own tablets only.
        socketio.emit("table:seated", {"table": number, "seated": screens.seated(happening.event_id, number)},
                      to=table_room(happening.event_id, number))


def _participant_removed(happening, sender) -> None:
    # The phone shows the news in its own language (its page has the text) and may join again.
    socketio.emit("participant:removed", {}, to=participant_room(happening.event_id, happening.participant_id))


def _parking_note_added(happening, sender) -> None:
    room = screens_room if happening.on_projector else leaders_room
    socketio.emit("parking:added", with_hyphens({"note": happening.note.public()}), to=room(happening.event_id))


def _parking_shown(happening, sender) -> None:
    socketio.emit("parking:projector", with_hyphens({"visible": happening.visible,
                                                     "notes": screens.projector_parking(happening.event_id)}),
                  to=screens_room(happening.event_id))


def _parking_note_changed(happening, sender) -> None:
    socketio.emit("parking:changed", with_hyphens({"note": happening.note.public()}),
                  to=leaders_room(happening.event_id))
    # What the room may see of it: a hidden note leaves the projector, an answered one says so.
    socketio.emit("parking:projector", with_hyphens({"visible": happening.on_projector,
                                                     "notes": screens.projector_parking(happening.event_id)}),
                  to=screens_room(happening.event_id))


def _link_replaced(happening, sender) -> None:
    notices.notify("link.replaced", {"event_id": happening.event_id, "role": happening.role, "table": happening.table})
    if happening.role == Role.PARTICIPANT.value:
        # The projector's QR code must lead to the new link at once.
        socketio.emit("join:changed", screens.join(happening.event_id), to=screens_room(happening.event_id))


_ROUTES = {
    domain_events.IdeaAdded: _idea_saved,
    domain_events.IdeaEdited: _idea_saved,
    domain_events.IdeaWithdrawn: _idea_withdrawn,
    domain_events.PrioritiesChanged: _priorities_changed,
    domain_events.PhaseChanged: _phase_changed,
    domain_events.EveningReset: _evening_reset,
    domain_events.TimerChanged: _timer_changed,
    domain_events.EventChanged: _event_changed,
    domain_events.TableThemesChanged: _table_themes_changed,
    domain_events.BoardChanged: _board_changed,
    domain_events.SeatsChanged: _seats_changed,
    domain_events.ParticipantRemoved: _participant_removed,
    domain_events.ParkingNoteAdded: _parking_note_added,
    domain_events.ParkingShown: _parking_shown,
    domain_events.ParkingNoteChanged: _parking_note_changed,
    domain_events.LinkReplaced: _link_replaced,
    domain_events.VotesChanged: _votes_changed,
    domain_events.InboxChanged: _inbox_changed,
}


# --- seat counts, coalesced ------------------------------------------------------------------------

SEAT_UPDATE_INTERVAL = 0.25  # seconds: at most four seat-count messages a second per event
_seats_pending: set[str] = set()
_seats_lock = threading.Lock()


def mark_seats_changed(event_id: str) -> None:
    """Schedule one seat-count broadcast for the event, however many changes arrive meanwhile.

    500 phones choosing at once would otherwise cost 500 broadcasts to 500 phones."""
    with _seats_lock:
        if event_id in _seats_pending:
            return
        _seats_pending.add(event_id)
    socketio.start_background_task(_send_seats_later, current_app._get_current_object(), event_id)


def _send_seats_later(app, event_id: str) -> None:
    socketio.sleep(SEAT_UPDATE_INTERVAL)
    with _seats_lock:
        _seats_pending.discard(event_id)
    try:
        with app.app_context():
            view = screens.seats(event_id)
    except DomainError:  # the event was deleted (or is gone) in the meantime: nobody is left to tell
        return
    socketio.emit("seats:changed", view, to=event_room(event_id))


# --- pages: what an organiser's form changed reaches the live screens too --------------------------

def _start_recording() -> None:
    g.recording = domain_events.recording()
    g.recorded = g.recording.__enter__()


def _publish_recorded(response):
    if response.status_code < 400:
        publish(g.get("recorded") or [])
    return response


def _stop_recording(exception=None) -> None:
    recording = g.pop("recording", None)
    if recording is not None:
        recording.__exit__(None, None, None)


def init_app(app) -> None:
    app.before_request(_start_recording)
    app.after_request(_publish_recorded)
    app.teardown_request(_stop_recording)
