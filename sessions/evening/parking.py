"""The parking lot: comments off the main question, so practical matters do not block the future focus.

Secretaries and joined participants leave notes; the leader sees them and decides whether the
projector shows them, note by note, and marks each answered. They are kept apart from ideas and go
into the export on their own.
"""


from sessions import storage
from sessions.evening import domain_events, events
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.ids import client_id, require_same_sender
from sessions.ground.models import ParkingNote
from sessions.ground.roles import Principal, Role, authorise
from sessions.ground.text import clean_text

PARKING_MAX_LENGTH = 500


def add_note(conn: storage.Connection, principal: Principal, note_id, text) -> tuple[ParkingNote, bool]:
    """Store a note once per client id; returns (note, was_new)."""
    authorise(principal, "parking.add", event_id=principal.event_id)
    if principal.role is Role.PARTICIPANT and principal.participant_id is None:
        raise DomainError("participant.not_joined")
    note_id = client_id(note_id)
    with storage.transaction(conn):
        existing = storage.fetch_parking_note(conn, note_id)
        if existing is not None:
            require_same_sender(existing, principal, "parking.add")
            event = events.get(conn, principal.event_id)
            domain_events.record(domain_events.ParkingNoteAdded(event.id, existing, bool(event.parking_visible)))
            return existing, False
        event = events.get(conn, principal.event_id)
        note = ParkingNote(note_id, event.id, principal.table_number,
                           clean_text(text, code="parking", limit=PARKING_MAX_LENGTH), clock.now())
        storage.insert_parking_note(conn, note, principal.participant_id)
        domain_events.record(domain_events.ParkingNoteAdded(event.id, note, bool(event.parking_visible)))
        return note, True


def show_on_projector(conn: storage.Connection, principal: Principal, visible: bool) -> None:
    authorise(principal, "parking.show", event_id=principal.event_id)
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        storage.set_parking_visible(conn, event.id, visible)
        domain_events.record(domain_events.ParkingShown(event.id, bool(visible)))


def set_note(conn: storage.Connection, principal: Principal, note_id, *, hidden=None, answered=None) -> ParkingNote:
    """The leader shows or hides one note on the projector ("Det är för varmt i lokalen" stays off the big
    screen) and marks it answered or not; what is not given stays as it is. Returns the note."""
    authorise(principal, "parking.show", event_id=principal.event_id)
    note_id = client_id(note_id)
    if hidden not in (None, True, False) or answered not in (None, True, False):
        raise DomainError("request.malformed")
    with storage.transaction(conn):
        event = events.get(conn, principal.event_id)
        note = storage.fetch_parking_note(conn, note_id)
        if note is None or note.event_id != event.id:
            raise DomainError("parking.not_found")
        now_hidden = bool(note.hidden) if hidden is None else hidden
        answered_at = note.answered_at if answered is None else (note.answered_at or clock.now()) if answered else None
        storage.set_parking_note_state(conn, note.id, now_hidden, answered_at)
        changed = storage.fetch_parking_note(conn, note.id)
        assert changed is not None
        domain_events.record(domain_events.ParkingNoteChanged(event.id, changed, bool(event.parking_visible)))
        return changed
