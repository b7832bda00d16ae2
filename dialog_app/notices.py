"""Notices every server process acts on, such as "this link was replaced: close its sockets".

A socket lives in one process. With one process a notice is handled at once; with several behind a
message queue it travels as a Socket.IO emit to a room no client joins, and each process's client
manager hands it to the handler here instead of to clients.
"""

import socketio as python_socketio

NOTICE_EVENT = "dialog_app:notice"
_handlers: dict = {}
_state: dict = {}


def on(kind: str):
    """Register ``handler(app, payload)`` for notices of ``kind``."""

    def register(handler):
        _handlers[kind] = handler
        return handler

    return register


def notify(kind: str, payload: dict) -> None:
    """Have every server process (this one included) handle the notice."""
    manager = _state["socketio"].server.manager
    if isinstance(manager, python_socketio.PubSubManager):
        manager.emit(NOTICE_EVENT, {"kind": kind, "payload": payload}, namespace="/", room=NOTICE_EVENT)
    else:
        _dispatch({"kind": kind, "payload": payload})


def _dispatch(notice: dict) -> None:
    handler = _handlers.get(notice.get("kind"))
    if handler is not None:
        app = _state["app"]
        with app.app_context():
            handler(app, notice.get("payload") or {})


class NoticeRedisManager(python_socketio.RedisManager):
    """The redis message queue, with notices handled here rather than emitted to clients."""

    def _handle_emit(self, message):
        if message.get("event") == NOTICE_EVENT:
            _dispatch(message["data"][0])
            return
        super()._handle_emit(message)


def client_manager(url: str | None):
    """The Socket.IO client manager for the message queue at ``url`` (None: one process)."""
    if url and url.startswith(("redis://", "rediss://")):
        return NoticeRedisManager(url, channel="flask-socketio")
    if url:
        raise ValueError(f"SOCKETIO_MESSAGE_QUEUE must be a redis:// URL, not {url!r}")
    return None


def init_app(app, socketio) -> None:
    _state["app"], _state["socketio"] = app, socketio
