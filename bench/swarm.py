"""Phones for bench/fanout.py in Python: CLIENTS python-socketio AsyncClients in this process, or
with "raw": true, as many bare Socket.IO connections (aiohttp WebSockets that speak just enough of
the protocol: connect with auth, answer pings, note the one event by its frame's first bytes).

Speaks the same JSON lines as bench/swarm/swarm.mjs (config in argv[1]; commands on stdin), so the
swarms are interchangeable. Times are time.monotonic() in milliseconds.
"""

import asyncio
import json
import sys
import time

import aiohttp
import socketio


class RawPhone:
    """A Socket.IO client reduced to what a phone in the bench does. python-socketio's AsyncClient
    decodes every message and starts a task for it, which at 2,000 phones costs the swarm more CPU
    than the server spends sending."""

    def __init__(self, session: aiohttp.ClientSession, url: str, auth: dict, deflate: bool, on_event):
        self.session, self.url, self.auth, self.deflate, self.on_event = session, url, auth, deflate, on_event
        self.connected = False
        self.ws = None

    async def connect(self) -> None:
        url = self.url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.ws = await self.session.ws_connect(url, compress=15 if self.deflate else 0, autoping=True,
                                                timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=10))
        opened = await self.ws.receive_str()
        assert opened.startswith("0"), opened
        await self.ws.send_str("40" + json.dumps(self.auth))
        answer = await self.ws.receive_str()
        while not answer.startswith(("40", "44")):  # the app's snapshot may come before the connect's answer
            answer = await self.ws.receive_str()
        if answer.startswith("44"):
            raise ConnectionError(answer)
        self.connected = True
        asyncio.get_running_loop().create_task(self.listen())

    async def listen(self) -> None:
        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = message.data
            if data == "2":  # Engine.IO ping
                await self.ws.send_str("3")
            elif data.startswith('42["'):
                self.on_event(data[4:data.index('"', 4)])
        self.connected = False
        self.on_event(None)

    async def disconnect(self) -> None:
        if self.ws is not None and not self.ws.closed:
            await self.ws.close()


def say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


class Swarm:
    def __init__(self, config: dict):
        self.config = config
        self.clients: list[socketio.AsyncClient] = []
        self.arrivals: list[dict[int, float]] = []
        self.ok: list[bool] = []
        self.round = -1
        self.event_name = None
        self.waiting = 0
        self.late = 0
        self.dropped = 0

    def arrived(self, index: int, name: str) -> None:
        if name != self.event_name:
            return
        at = time.monotonic() * 1000
        mine = self.arrivals[index]
        if self.round < 0 or self.round in mine:
            self.late += 1
            return
        mine[self.round] = at
        self.waiting -= 1
        if self.waiting == 0:
            say({"done": self.round})

    async def connect_raw(self) -> str | None:
        index = len(self.clients)
        phone = RawPhone(self.session, self.config["url"], self.config["auth"], self.config["deflate"],
                         lambda name: self.arrived(index, name) if name else self.lost())
        self.clients.append(phone)
        self.arrivals.append({})
        self.ok.append(False)
        try:
            await phone.connect()
        except Exception as error:  # noqa: BLE001 - reported, not raised: the count is the result
            return str(error) or type(error).__name__
        self.ok[index] = True
        return None

    def lost(self) -> None:
        self.dropped += 1

    async def connect_one(self) -> str | None:
        # Browsers offer permessage-deflate; aiohttp does only when asked.
        client = socketio.AsyncClient(reconnection=False,
                                      websocket_extra_options={"compress": 15} if self.config["deflate"] else {})
        index = len(self.clients)
        self.clients.append(client)
        self.arrivals.append({})
        self.ok.append(False)

        @client.on("*")
        async def _any(name, *args):
            self.arrived(index, name)

        @client.on("disconnect")
        async def _gone(*args):
            self.dropped += 1

        try:
            await client.connect(self.config["url"], auth=self.config["auth"], transports=["websocket"],
                                 wait_timeout=60)
        except Exception as error:  # noqa: BLE001 - reported, not raised: the count is the result
            return str(error) or type(error).__name__
        self.ok[index] = True
        return None

    async def run(self) -> None:
        errors: dict[str, int] = {}
        total, batch = self.config["clients"], self.config["batch"]
        raw = self.config.get("raw")
        # One pool of connections for all the raw phones, as many as they are.
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) if raw else None
        for start in range(0, total, batch):
            connecting = ((self.connect_raw() if raw else self.connect_one())
                          for _ in range(start, min(total, start + batch)))
            for error in await asyncio.gather(*connecting):
                if error is not None:
                    errors[error] = errors.get(error, 0) + 1
        self.dropped = 0
        say({"connected": total - sum(errors.values()), "failed": sum(errors.values()), "errors": errors})
        reader = asyncio.StreamReader()
        await asyncio.get_running_loop().connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        while line := await reader.readline():
            command = json.loads(line)
            if command["cmd"] == "expect":
                self.round, self.event_name = command["round"], command["event"]
                self.waiting = sum(client.connected for client in self.clients)
                say({"ready": self.round})
                if self.waiting == 0:
                    say({"done": self.round})
            elif command["cmd"] == "report":
                self.round = -1
                rounds = range(command["rounds"])
                say({"arrivals": [[mine.get(k) for k in rounds] for mine, ok in zip(self.arrivals, self.ok) if ok],
                     "late": self.late, "dropped": self.dropped})
                await asyncio.gather(*(client.disconnect() for client in self.clients if client.connected))
                if self.session is not None:
                    await self.session.close()
                return


if __name__ == "__main__":
    asyncio.run(Swarm(json.loads(sys.argv[1])).run())
