"""The parking lot over Socket.IO: tablets and joined phones leave notes, leaders read them."""

from dialog_app.db import get_db
from dialog_app.realtime import action, leaders_room, screens_room, socketio
from sessions import events, parking, views


def broadcast_projector_notes(principal) -> None:
    notes = views.projector_parking(get_db(), principal)
    socketio.emit("parking:projector", {"notes": notes}, to=screens_room(principal.event_id))


@action("parking:add")
def add(principal, payload):
    note, is_new = parking.add_note(get_db(), principal, payload.get("id"), payload.get("text"))
    if is_new:
        socketio.emit("parking:added", {"note": note.public()}, to=leaders_room(principal.event_id))
        if events.get(get_db(), principal.event_id).parking_visible:
            broadcast_projector_notes(principal)
    return {"note": {"id": note.id}}


@action("parking:show")
def show(principal, payload):
    parking.show_on_projector(get_db(), principal, payload.get("show") is True)
    broadcast_projector_notes(principal)
    return {"show": payload.get("show") is True}
