"""A real SMTP server (aiosmtpd) that keeps what arrives, and a settings object pointing at it; the
fixtures are shared by every test through the root conftest."""
import asyncio
import dataclasses
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from lms.settings import load_settings
from lms.web.templating import environment


class Mailbox:
    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.fail = False
        self.delay = 0.0  # seconds per message, to catch a sender mid-batch

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        if self.fail:
            return "451 Requested action aborted: local error in processing"
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def mailbox():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


@pytest.fixture
def settings(mailbox):
    return dataclasses.replace(load_settings(), smtp_host="127.0.0.1", smtp_port=mailbox.port,
                               base_url="https://lms.example.org")


@pytest.fixture(scope="session")
def templates():
    return environment()
