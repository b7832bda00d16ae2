"""Socket.IO plumbing: who is connected, which rooms they are in, snapshots and acknowledgements.

Rooms: ``event:<id>`` (every page of the event: phase and timer), ``screens:<id>`` (projector and
leader: all tables' ideas and priorities) and ``table:<id>:<n>`` (that table's tablets). A page
gets a full snapshot on every connect and reconnect, because Socket.IO does not replay what a
dropped connection missed.
"""

import functools
import threading
import time
from dataclasses import dataclass, field

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room

from dialog_app import notices
from dialog_app.db import get_db
from dialog_app.limits import Allowance
from dialog_app.i18n import error_payload, normalise_language
from clustering import nearest_themes
from sessions import rotation, tokens, views
from sessions.errors import DomainError
from sessions.roles import Principal, Role

socketio = SocketIO()


@dataclass
class Client:
    token: str
    language: str
    role: Role
    event_id: str
    table_number: int | None
    participant_key: str | None = None
    allowance: Allowance = field(default_factory=Allowance)


# Per process: a socket is served by one process even when a message queue joins several.
_clients: dict[str, Client] = {}


def event_room(event_id: str) -> str:
    return f"event:{event_id}"


def screens_room(event_id: str) -> str:
    return f"screens:{event_id}"


def table_room(event_id: str, table_number: int) -> str:
    return f"table:{event_id}:{table_number}"


def leaders_room(event_id: str) -> str:
    return f"leaders:{event_id}"


def rooms_for(principal: Principal) -> list[str]:
    rooms = [event_room(principal.event_id)]
    if principal.role in (Role.LEADER, Role.PROJECTOR):
        rooms.append(screens_room(principal.event_id))
    if principal.role is Role.LEADER:
        rooms.append(leaders_room(principal.event_id))
    if principal.role is Role.SECRETARY:
        rooms.append(table_room(principal.event_id, principal.table_number))
    return rooms


def snapshot_for(principal: Principal) -> dict:
    """Everything the principal's page shows, so a page that missed broadcasts is whole again."""
    conn = get_db()
    if principal.role is Role.SECRETARY:
        return views.tablet(conn, principal)
    if principal.role is Role.PARTICIPANT:
        return views.phone(conn, principal)
    seats = views.seats(conn, principal)
    snapshot = views.screen(conn, principal) | {
        "tablets": tablets_online(principal.event_id), "board": board_for(principal), "seats": seats}
    if principal.role is Role.LEADER:
        snapshot["parking"] = views.parking(conn, principal)
    else:
        snapshot["parking"] = views.projector_parking(conn, principal)
    return snapshot


@socketio.on("connect")
def _on_connect(auth=None):
    token = auth.get("token") if isinstance(auth, dict) else None
    language = normalise_language(auth.get("lang") if isinstance(auth, dict) else None)
    try:
        principal = tokens.resolve(get_db(), token)
    except DomainError as error:
        current_app.logger.info("socket refused: %s from %s", error.code, request.remote_addr)
        # The page reads the code: a replaced link says so instead of retrying.
        raise ConnectionRefusedError(error.code) from None
    if principal.role is Role.ORGANISER:
        raise ConnectionRefusedError("role.forbidden")
    participant_key = auth.get("participant_key") if principal.role is Role.PARTICIPANT else None
    principal = rotation.identify(get_db(), principal, participant_key)
    _clients[request.sid] = Client(token, language, principal.role, principal.event_id, principal.table_number,
                                   participant_key if principal.participant_id else None)
    for room in rooms_for(principal):
        join_room(room)
    emit("snapshot", snapshot_for(principal))
    if principal.role is Role.SECRETARY:
        _broadcast_tablets(principal.event_id)
    return True


@socketio.on("disconnect")
def _on_disconnect(reason=None):
    client = _clients.pop(request.sid, None)
    if client is not None and client.table_number is not None and client.participant_key is None:
        _broadcast_tablets(client.event_id)


def tablets_online(event_id: str) -> dict[str, int]:
    """How many tablets each table has connected, so the leader sees a table that dropped out.

    Counted in this process: with several processes behind a message queue each knows its own."""
    counts: dict[str, int] = {}
    for client in list(_clients.values()):
        if client.event_id == event_id and client.table_number is not None and client.participant_key is None:
            key = str(client.table_number)
            counts[key] = counts.get(key, 0) + 1
    return counts


def _broadcast_tablets(event_id: str) -> None:
    socketio.emit("tablets:changed", {"tablets": tablets_online(event_id)}, to=screens_room(event_id))


def current_principal() -> Principal:
    """The sender's role, checked again on every event so a rotated link stops working at once."""
    client = _clients.get(request.sid)
    if client is None:
        raise DomainError("token.invalid")
    return rotation.identify(get_db(), tokens.resolve(get_db(), client.token), client.participant_key)


def remember_participant(key: str) -> None:
    """After joining, this connection acts as the joined participant."""
    client = _clients.get(request.sid)
    if client is not None:
        client.participant_key = key


def refusal(code: str, params: dict | None = None) -> dict:
    client = _clients.get(request.sid)
    return {"ok": False, "error": error_payload(code, params or {}, client.language if client else None)}


def _hold_back(event_name: str) -> dict | None:
    """A refusal when the sender is over its allowance (checked before any database work), and the
    connection closed when it keeps sending regardless; None when the event may go ahead."""
    client = _clients.get(request.sid)
    if client is None:
        return refusal("token.invalid")
    if not current_app.config["RATE_LIMITS"]:
        return None
    wait = client.allowance.wait_for(event_name)
    if wait is None:
        return None
    if client.allowance.flooding():
        current_app.logger.warning("closing a connection that keeps flooding (sid=%s, event=%s, role=%s, table=%s)",
                                   request.sid, client.event_id, client.role.value, client.table_number)
        socketio.server.disconnect(request.sid, namespace="/")
    return refusal("rate.limited", {"retry_after": wait})


def action(event_name: str):
    """Register a Socket.IO event whose handler gets ``(principal, payload)`` and returns a result.

    A domain refusal becomes ``{"ok": False, "error": ...}`` in the sender's language and goes to
    the sender alone; an unexpected failure is logged with its context and answered likewise.
    """

    def decorate(handler):
        @functools.wraps(handler)
        def wrapped(*args):
            payload = args[0] if args else {}
            if payload is None:
                payload = {}
            if not isinstance(payload, dict) or len(args) > 1:
                return refusal("request.malformed")
            held_back = _hold_back(event_name)
            if held_back is not None:
                return held_back
            try:
                principal = current_principal()
                result = handler(principal, payload)
            except DomainError as error:
                return refusal(error.code, error.params)
            except Exception:
                client = _clients.get(request.sid)
                current_app.logger.exception("socket event %s failed (sid=%s, event=%s, table=%s, payload keys=%s)",
                                             event_name, request.sid, client and client.event_id,
                                             client and client.table_number, sorted(payload))
                return refusal("server.error")
            return {"ok": True, **(result or {})}

        socketio.on_event(event_name, wrapped)
        return handler

    return decorate


def run_blocking(function, *args):
    """Run CPU-heavy work where it cannot stall other clients' events (see BLOCKING_RUNNER)."""
    runner = current_app.config.get("BLOCKING_RUNNER")
    return runner(function, *args) if runner else function(*args)


def broadcast_phase(principal: Principal, event) -> None:
    socketio.emit("phase:changed", {"event": event.public(),
                                    "phase": views.phase(event),
                                    "server_now": time.time()},
                  to=event_room(event.id))


def broadcast_to_table_and_screens(principal: Principal, name: str, data: dict) -> None:
    """Tell the screens and the table's other tablets; the sender learns from its acknowledgement.

    Skipping the sender also keeps the acknowledgement a lone write, which Nagle's algorithm would
    otherwise hold back ~40 ms behind the broadcast."""
    socketio.emit(name, data, to=[screens_room(principal.event_id),
                                  table_room(principal.event_id, principal.table_number)],
                  skip_sid=request.sid)


def _place_ideas(theme_texts, idea_texts):
    return run_blocking(nearest_themes, theme_texts, idea_texts, "sv")


def board_for(principal: Principal) -> dict:
    return views.board(get_db(), principal, _place_ideas)


def broadcast_board(principal: Principal) -> None:
    socketio.emit("board:changed", board_for(principal), to=screens_room(principal.event_id))


def broadcast_seated(event_id: str, tables) -> None:
    """Tell each table's tablet who sits there now (names go to that table's own room only)."""
    conn = get_db()
    for number in tables:
        if number is not None:
            socketio.emit("table:seated", {"table": number, "seated": views.seated_names(conn, event_id, number)},
                          to=table_room(event_id, number))


SEAT_UPDATE_INTERVAL = 0.25  # seconds: at most four seat-count messages a second per event
_seats_pending: set[str] = set()
_seats_lock = threading.Lock()


def mark_seats_changed(event_id: str) -> None:
    """Schedule one seat-count broadcast for the event, however many moves arrive meanwhile.

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
    broadcast_seats(app, event_id)


def broadcast_seats(app, event_id: str) -> None:
    with app.app_context():
        view = views.seats(get_db(), Principal(Role.PROJECTOR, event_id))
    socketio.emit("seats:changed", view, to=event_room(event_id))


def replace_link(event_id: str, role: str, table_number: int | None) -> None:
    """A link was replaced: every socket opened with the old one is told so and closed, in every process."""
    notices.notify("link.replaced", {"event_id": event_id, "role": role, "table": table_number})


@notices.on("link.replaced")
def _close_replaced_link(app, replaced: dict) -> None:
    conn = get_db()
    for sid, client in list(_clients.items()):
        if (client.event_id, client.role.value, client.table_number if client.role is Role.SECRETARY else None) \
                != (replaced["event_id"], replaced["role"], replaced["table"]):
            continue
        try:
            tokens.resolve(conn, client.token)
        except DomainError:
            app.logger.info("closing a socket of a replaced %s link (event %s)", client.role.value, client.event_id)
            socketio.emit("link:replaced", {}, to=sid, ignore_queue=True)
            socketio.server.disconnect(sid, namespace="/", ignore_queue=True)


def init_app(app):
    message_queue = app.config["SOCKETIO_MESSAGE_QUEUE"]
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        client_manager=notices.client_manager(message_queue),
        message_queue=message_queue,
        # Tablets on venue Wi-Fi: notice a dead link within ~20 s instead of the default ~45 s.
        ping_interval=10,
        ping_timeout=10,
        max_http_buffer_size=64 * 1024,
    )
    notices.init_app(app, socketio)
