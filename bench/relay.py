"""The bare relay dialog_app is built on: python-socketio + eventlet, no Flask, no database.

Every client joins one room. ``payload`` {"name", "payload"} sets the message once; then each
``broadcast`` sends it (with a fresh ``server_now``) to the whole room and is acknowledged, as the
app's ``timer:set`` is. Engine.IO settings and
the WSGI server are those `dialog-app demo` uses, so `bench/fanout.py` compares the app's work
with the plumbing's alone.

    python bench/relay.py --port 5001 [--max-size 5000] [--ready-file PATH]
"""

import argparse
import os
import time
import warnings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")
    import eventlet

eventlet.monkey_patch()

import eventlet.wsgi  # noqa: E402
import socketio  # noqa: E402

ROOM = "event"


def make_server() -> socketio.Server:
    # The same Engine.IO settings as dialog_app/realtime.py init_app.
    sio = socketio.Server(async_mode="eventlet", ping_interval=10, ping_timeout=10,
                          max_http_buffer_size=64 * 1024)

    @sio.on("connect")
    def connect(sid, environ, auth=None):
        sio.enter_room(sid, ROOM)

    message = {"name": "phase:changed", "payload": {}}

    @sio.on("payload")
    def set_payload(sid, data):
        message.update(data)
        return {"ok": True}

    @sio.on("broadcast")
    def broadcast(sid, data=None):
        # A fresh clock each time, as the app's message has: the same bytes again would compress to nothing.
        sio.emit(message["name"], message["payload"] | {"server_now": time.time()}, to=ROOM)
        return {"ok": True}

    return sio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--max-size", type=int, default=5000, help="eventlet's connection limit")
    parser.add_argument("--ready-file", help="written once the server listens")
    args = parser.parse_args()
    listener = eventlet.listen(("127.0.0.1", args.port))
    if args.ready_file:
        with open(args.ready_file, "w", encoding="ascii") as handle:
            handle.write(str(os.getpid()))
    app = socketio.WSGIApp(make_server())
    eventlet.wsgi.server(listener, app, log_output=False, max_size=args.max_size)


if __name__ == "__main__":
    main()
