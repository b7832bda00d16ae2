"""Phones for bench/fanout.py in Python: CLIENTS python-socketio AsyncClients in this process.

Speaks the same JSON lines as bench/swarm/swarm.mjs (config in argv[1]; commands on stdin), so the
two swarms are interchangeable. Times are time.monotonic() in milliseconds.
"""

import asyncio
import json
import sys
import time

import socketio


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
        for start in range(0, total, batch):
            connecting = (self.connect_one() for _ in range(start, min(total, start + batch)))
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
                return


if __name__ == "__main__":
    asyncio.run(Swarm(json.loads(sys.argv[1])).run())
