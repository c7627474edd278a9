"""Celery application. The broker comes from REDIS_URL; without it tasks run eagerly."""

import importlib
import os
import time

from celery import Celery
from celery.schedules import crontab
from celery.signals import before_task_publish

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("maillage")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs are declared in code: each app may have ``<app>/schedule.py`` with a
# ``SCHEDULE`` dict in Celery's beat_schedule format (django-celery-beat stores them).
SCHEDULE_APPS = ("network", "offers", "workshops", "shop", "selfdiagnosis", "community", "payments")
SCHEDULE_APPS += ("vouchers",)
SCHEDULE_APPS += ("relations",)


def collect_schedule() -> dict:
    schedule: dict = {}
    for name in SCHEDULE_APPS:
        try:
            module = importlib.import_module(f"{name}.schedule")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.schedule":
                raise
            continue
        schedule.update(module.SCHEDULE)
    return schedule


app.conf.beat_schedule = collect_schedule()


@before_task_publish.connect
def _stamp_publication_time(headers=None, **kwargs):
    """Each queued task carries when it was queued: /healthz reports the oldest one's age."""
    if headers is not None:
        headers.setdefault("published_at", time.time())


__all__ = ["app", "collect_schedule", "crontab"]
