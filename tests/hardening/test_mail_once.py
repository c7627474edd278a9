"""Issue 12 point 11: one send_once for every app, which frees its key when sending fails; HTML
render failures are logged; the cache and the broker use different Redis databases."""

from __future__ import annotations

import os
import smtplib
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from common.emails import send_once, send_templated_email
from common.models import SentEmail
from common.redis_urls import cache_url_beside
from network.tasks import send_charter_sign_requests
from tests.factories.network import CharterVersionFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_a_key_sends_once():
    sent = []
    assert send_once("k-1", lambda: sent.append(1)) is True
    assert send_once("k-1", lambda: sent.append(2)) is False
    assert sent == [1]


def test_a_failed_send_frees_its_key_for_the_retry():
    def broken():
        raise smtplib.SMTPServerDisconnected("down")

    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_once("k-2", broken)
    assert not SentEmail.objects.filter(key="k-2").exists()
    assert send_once("k-2", lambda: None) is True


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a loopback port, which can refuse messages."""
    from aiosmtpd.controller import Controller

    from tests.relations.conftest import Collector, _free_port

    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    try:
        yield handler
    finally:
        controller.stop()


def test_charter_requests_are_not_lost_when_smtp_fails_once(smtp_server):
    member = MemberFactory()
    UserFactory(member=member, email="elise@example.org")
    version = CharterVersionFactory(number=3)
    version.published_at = version.created_at
    version.save()
    smtp_server.fail_after = 0  # the server answers 451 (local error) to every message
    with pytest.raises(smtplib.SMTPException):
        send_charter_sign_requests.run(version.pk)
    assert smtp_server.messages == []
    smtp_server.fail_after = None
    send_charter_sign_requests.run(version.pk)  # the retry
    send_charter_sign_requests.run(version.pk)  # a duplicate delivery of the task
    assert smtp_server.to() == ["elise@example.org"]


def test_a_broken_html_part_is_logged_and_the_text_still_goes(settings, caplog, tmp_path):
    folder = tmp_path / "emails" / "x"
    folder.mkdir(parents=True)
    (folder / "t_subject.txt").write_text("Bonjour d'ici & là")
    (folder / "t_body.txt").write_text("Texte")
    (folder / "t_body.html").write_text("{% load inexistant %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    send_templated_email(template="x/t", to=["a@example.org"], context={})
    assert len(mail.outbox) == 1 and not mail.outbox[0].alternatives
    assert "HTML part of e-mail x/t" in caplog.text


@pytest.mark.parametrize(
    ("broker", "cache"),
    [
        ("redis://r:6379/0", "redis://r:6379/1"),
        ("redis://r:6379", "redis://r:6379/1"),
        ("redis://r/4", "redis://r/5"),
    ],
)
def test_the_cache_is_in_the_next_database(broker, cache):
    assert cache_url_beside(broker) == cache


def test_the_cache_may_not_share_the_broker_database():
    env = {
        **os.environ,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "REDIS_CACHE_URL": "redis://127.0.0.1:6379/0",
    }
    code = "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.local'; django.setup()"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "REDIS_CACHE_URL" in result.stderr
