import datetime
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from tests.factories.workshops import SessionFactory, WorkshopFactory


@pytest.fixture
def workshop(member):
    return WorkshopFactory(member=member, title="Tourner un bol", slug="tourner-un-bol", min_age=8)


@pytest.fixture
def session(workshop):
    return SessionFactory(workshop=workshop, capacity=8)


@pytest.fixture
def other_workshop(other_member):
    return WorkshopFactory(member=other_member, title="Vannerie d'osier", slug="vannerie-osier")


@pytest.fixture
def other_session(other_workshop):
    return SessionFactory(workshop=other_workshop)


@pytest.fixture
def soon():
    return timezone.now() + datetime.timedelta(hours=3)


# --- A real SMTP server (aiosmtpd) on a free loopback port --------------------------------


class Collector:
    def __init__(self):
        self.messages: list = []
        self.fail_after: int | None = None

    async def handle_DATA(self, server, session, envelope):
        if self.fail_after is not None and len(self.messages) >= self.fail_after:
            return "451 Requested action aborted: local error"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"

    def to(self) -> list[str]:
        return sorted(r for rcpts, _m in self.messages for r in rcpts)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    handler = Collector()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = "https://maillage.example"
    try:
        yield handler
    finally:
        controller.stop()
