"""A slow link between a device and the server: a TCP proxy that delays every byte each way.

Venue Wi-Fi with a ~900 ms round trip is ``SlowLink(target_port, delay=0.45)``; point the device at
``link.url(path)``. Order is kept (each direction is one FIFO), as on a real slow connection.
"""

import heapq
import itertools
import socket
import threading
import time


class SlowLink:
    def __init__(self, target_port: int, delay: float, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.delay = delay
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.closed = threading.Event()
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, original: str) -> str:
        """The same URL as ``original`` (a link to the server), reached through this slow link."""
        scheme, rest = original.split("://", 1)
        path = rest.split("/", 1)[1] if "/" in rest else ""
        return f"{scheme}://127.0.0.1:{self.port}/{path}"

    def close(self) -> None:
        self.closed.set()
        for sock in [self.listener, *self.sockets]:
            try:
                sock.close()
            except OSError:
                pass

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                device, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            for sock in (device, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.sockets += [device, server]
            for source, sink in ((device, server), (server, device)):
                _Pipe(source, sink, self.delay, self.closed).start()


class _Pipe:
    """One direction: read as it comes, write each chunk ``delay`` seconds after it was read."""

    _order = itertools.count()

    def __init__(self, source, sink, delay, closed):
        self.source, self.sink, self.delay, self.closed = source, sink, delay, closed
        self.queue: list = []
        self.ready = threading.Condition()
        self.ended = False

    def start(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._write, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                chunk = self.source.recv(65536)
            except OSError:
                chunk = b""
            with self.ready:
                heapq.heappush(self.queue, (time.monotonic() + self.delay, next(self._order), chunk))
                self.ready.notify()
            if not chunk:
                return

    def _write(self) -> None:
        while not self.closed.is_set():
            with self.ready:
                while not self.queue:
                    self.ready.wait()
                due, _, chunk = self.queue[0]
                wait = due - time.monotonic()
                if wait > 0:
                    self.ready.wait(wait)
                    continue
                heapq.heappop(self.queue)
            try:
                if not chunk:
                    self.sink.shutdown(socket.SHUT_WR)
                    return
                self.sink.sendall(chunk)
            except OSError:
                return
