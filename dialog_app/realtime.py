"""Socket.IO: who is connected and in which rooms, their snapshots, and the one way an event is handled.

Every event a page sends goes through :func:`handle`: bounded per connection before any database
work, the sender's link checked again (a replaced link stops at once), one domain command run, and
what it did published by :mod:`dialog_app.publisher`. A refusal is put into the sender's language
in one place, :func:`_refused`. A page gets a full snapshot on every connect and reconnect, because
Socket.IO does not replay what a dropped connection missed. Handlers are registered by
:func:`init_app` from each page module's ``SOCKET_EVENTS``, not as a side effect of importing it.
"""

from dataclasses import dataclass, field

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, emit, join_room

from dialog_app import notices, screens
from dialog_app.connect_failures import ConnectFailures
from dialog_app.db import get_db
from dialog_app.hyphenation import with_hyphens
from dialog_app.i18n import error_payload, normalise_language
from dialog_app.limits import AddressAllowances, Allowance
from dialog_app.publisher import publish
from dialog_app.rooms import participant_room, rooms_for, screens_room, socketio
from sessions import storage
from sessions.evening import domain_events, rotation, tokens
from sessions.ground.errors import DomainError
from sessions.ground.roles import Principal, Role


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
# Per process too: the pages that got here only after failed attempts (the proxy may be the limit).
_connect_failures = ConnectFailures()


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
    emit("snapshot", with_hyphens(screens.snapshot(principal, tablets_online(principal.event_id))))
    warning = _connect_failures.note(auth.get("connect_failures"))
    if warning:
        current_app.logger.warning(warning)
    if principal.role is Role.SECRETARY:
        _broadcast_tablets(principal.event_id)
    return True


def _on_disconnect(reason=None):
    client = _clients.pop(request.sid, None)
    if client is not None and client.role is Role.SECRETARY:
        _broadcast_tablets(client.event_id)


def tablets_online(event_id: str) -> dict[str, int]:
    """How many tablets each table has connected, so the leader sees a table that dropped out.

    Counted in this process: with several processes behind a message queue each knows its own."""
    counts: dict[str, int] = {}
    for client in list(_clients.values()):
        if client.event_id == event_id and client.role is Role.SECRETARY:
            key = str(client.table_number)
            counts[key] = counts.get(key, 0) + 1
    return counts


def _broadcast_tablets(event_id: str) -> None:
    socketio.emit("tablets:changed", {"tablets": tablets_online(event_id)}, to=screens_room(event_id))


def current_principal() -> Principal:
    """The sender's role, checked again on every event so a replaced link stops working at once."""
    client = _clients.get(request.sid)
    if client is None:
        raise DomainError("token.invalid")
    return rotation.identify(get_db(), tokens.resolve(get_db(), client.token), client.participant_key)


def remember_participant(key: str, participant_id: str) -> None:
    """After joining, this connection acts as the joined participant (and hears if it is removed)."""
    client = _clients.get(request.sid)
    if client is not None:
        client.participant_key = key
        join_room(participant_room(client.event_id, participant_id))


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
        # The connection's own allowance first, so one flooding connection cannot spend its address's.
        wait = address_wait(event_name, client.event_id)
        return None if wait is None else refusal("rate.limited", {"retry_after": wait})
    if client.allowance.flooding():
        current_app.logger.warning("closing a connection that keeps flooding (sid=%s, event=%s, role=%s, table=%s)",
                                   request.sid, client.event_id, client.role.value, client.table_number)
        socketio.server.disconnect(request.sid, namespace="/")
    return refusal("rate.limited", {"retry_after": wait})


def address_wait(event_name: str, event_id: str | None = None) -> int | None:
    """None when the sender's address may do ``event_name`` now (and counts it); else seconds to wait.

    Only what the public link opens is counted by address (``limits.ADDRESS_LIMITS``); with ``event_id``
    per event too, so evenings held at once behind one proxy address do not share a room's budget."""
    if not current_app.config["RATE_LIMITS"]:
        return None
    address = request.remote_addr if event_id is None else f"{request.remote_addr} {event_id}"
    return current_app.extensions["dialog_app.addresses"].wait_for(address, event_name)


def handle(event_name: str, handler):
    """The Socket.IO handler for ``event_name``: ``handler(principal, payload)`` runs one domain
    command and returns what the acknowledgement adds to ``{"ok": True}``."""

    def on_event(*args):
        payload = args[0] if args else {}
        if payload is None:
            payload = {}
        if not isinstance(payload, dict) or len(args) > 1:
            return refusal("request.malformed")
        held_back = _hold_back(event_name)
        if held_back is not None:
            return held_back
        principal = current_principal()
        # A live command writes within its own evening: evenings held at once do not queue for one lock.
        with domain_events.recording() as recorded, storage.writing_for(principal.event_id):
            result = handler(principal, payload)
        publish(recorded, sender=request.sid)
        return {"ok": True, **(result or {})}

    on_event.__name__ = f"on_{event_name.replace(':', '_')}"
    on_event.event_name = event_name
    return on_event


def _refused(error: Exception) -> dict:
    """Every failure of a Socket.IO event, answered in the sender's language: a rule's refusal as
    itself, anything else as a server error, logged with its context (the page keeps the text)."""
    if isinstance(error, DomainError):
        return refusal(error.code, error.params)
    client = _clients.get(request.sid)
    current_app.logger.error("socket event %s failed (sid=%s, event=%s, role=%s, table=%s)",
                             (getattr(request, "event", None) or {}).get("message"), request.sid,
                             client and client.event_id, client and client.role.value, client and client.table_number,
                             exc_info=error)
    return refusal("server.error")


def replace_link_everywhere(app, replaced: dict) -> None:
    """A link was replaced: every socket this process has open with the old one is told so and closed."""
    conn = get_db()
    for sid, client in list(_clients.items()):
        if (client.event_id, client.role.value, client.table_number if client.role is Role.SECRETARY else None) \
                != (replaced["event_id"], replaced["role"], replaced["table"]):
            continue
        if not tokens.is_live(conn, client.token):
            app.logger.info("closing a socket of a replaced %s link (event %s)", client.role.value, client.event_id)
            socketio.emit("link:replaced", {}, to=sid, ignore_queue=True)
            socketio.server.disconnect(sid, namespace="/", ignore_queue=True)


def _declining_compression(wsgi_app):
    """Answer a browser's offer of permessage-deflate as a server without it would: the offer is
    taken out of the handshake before the WebSocket server reads it."""
    def app(environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return wsgi_app(environ, start_response)
    return app


def init_app(app, page_modules) -> None:
    """Bind the Socket.IO server to ``app`` and register every page module's ``SOCKET_EVENTS``."""
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
    app.extensions["dialog_app.addresses"] = AddressAllowances()
    if not app.config["WEBSOCKET_COMPRESSION"]:
        app.wsgi_app = _declining_compression(app.wsgi_app)
    socketio.on_event("connect", _on_connect)
    socketio.on_event("disconnect", _on_disconnect)
    socketio.on_error_default(_refused)
    for module in page_modules:
        for event_name, handler in module.SOCKET_EVENTS.items():
            socketio.on_event(event_name, handle(event_name, handler))
    notices.on("link.replaced")(replace_link_everywhere)
    notices.init_app(app, socketio)
