"""A real SMTP server on localhost (aiosmtpd, in a thread) that keeps what it accepted, and can be told
to refuse, to stop, or to answer too late once it has a message."""

import asyncio
import email
import email.policy
import socket

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refusals: list[str] = []  # answers to the next DATA, one each ("451 ...", "550 ...")
        self.slow_answer = 0.0  # seconds the server takes to say it has the message (after taking it)

    async def handle_DATA(self, server, session, envelope):
        if self.refusals:
            return self.refusals.pop(0)
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        if self.slow_answer:
            await asyncio.sleep(self.slow_answer)  # the sender gives up waiting: it never hears "250"
        return "250 OK"


class SmtpServer:
    """``start()``/``stop()`` on one port, so a sender configured once meets the server down and up."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.handler = _Handler()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self):
        return self.handler.messages

    def start(self) -> "SmtpServer":
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
