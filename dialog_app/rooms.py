"""The Socket.IO server and the rooms a page joins.

``event:<id>`` every page of the event (phase, timer, seats); ``screens:<id>`` projector and leaders
(all tables' ideas, the board once shown to the room); ``leaders:<id>`` the leaders (the parking lot,
the board's draft); ``projector:<id>`` the projector (the board while it is a draft: no themes);
``table:<id>:<n>`` that table's tablets (its ideas, who sits there); ``participant:<id>:<participant>``
a joined phone (told when it is removed).
"""

from flask_socketio import SocketIO

from sessions.ground.roles import Principal, Role

socketio = SocketIO()


def event_room(event_id: str) -> str:
    return f"event:{event_id}"


def screens_room(event_id: str) -> str:
    return f"screens:{event_id}"


def projector_room(event_id: str) -> str:
    return f"projector:{event_id}"


def leaders_room(event_id: str) -> str:
    return f"leaders:{event_id}"


def table_room(event_id: str, table_number: int) -> str:
    return f"table:{event_id}:{table_number}"


def participant_room(event_id: str, participant_id: str) -> str:
    return f"participant:{event_id}:{participant_id}"


def rooms_for(principal: Principal) -> list[str]:
    rooms = [event_room(principal.event_id)]
    if principal.role in (Role.LEADER, Role.PROJECTOR):
        rooms.append(screens_room(principal.event_id))
    if principal.role is Role.LEADER:
        rooms.append(leaders_room(principal.event_id))
    if principal.role is Role.PROJECTOR:
        rooms.append(projector_room(principal.event_id))
    if principal.role is Role.SECRETARY:
        rooms.append(table_room(principal.event_id, principal.table_number))
    if principal.role is Role.PARTICIPANT and principal.participant_id:
        rooms.append(participant_room(principal.event_id, principal.participant_id))
    return rooms
