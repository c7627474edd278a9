"""Celery application. The broker comes from REDIS_URL; without it tasks run eagerly."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("maillage")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs are declared here, in code (django-celery-beat stores them for the beat).
app.conf.beat_schedule = {}


def register_periodic(name: str, task: str, schedule) -> None:
    """Apps declare their periodic jobs through this helper (see <app>/tasks.py)."""
    app.conf.beat_schedule[name] = {"task": task, "schedule": schedule}


__all__ = ["app", "crontab", "register_periodic"]
