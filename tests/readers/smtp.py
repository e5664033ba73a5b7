"""A real SMTP server on loopback (aiosmtpd) for tests to read what
arrived, as a mail program would."""

import asyncio
import email
import threading
from email import policy

from aiosmtpd.controller import Controller

from tests.support import free_port


class Inbox:
    """What an SMTP server on loopback accepted. `refuse` answers the nth
    message (counting from 1) with a temporary failure; `hold` keeps the
    nth waiting, unanswered, until `release()`."""

    def __init__(self):
        self.messages = []
        self.received = 0
        self.refuse = set()
        self.hold = None
        self.holding = threading.Event()
        self._release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        number = self.received
        if number == self.hold:
            self.holding.set()
            while not self._release.is_set():
                await asyncio.sleep(0.05)
            return "451 Not kept: the sender went away"
        if number in self.refuse:
            return "451 Try again later"
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=policy.default)
        )
        return "250 Message accepted for delivery"

    def release(self):
        self._release.set()

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


class LoopbackSMTP:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.inbox.release()
        self.controller.stop()

    def env(self) -> dict[str, str]:
        """The settings that send a newsroom process's mail here."""
        return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.port)}
