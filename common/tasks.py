"""Enqueue Celery tasks after the surrounding transaction commits."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction


def enqueue(task, *args, **kwargs) -> None:
    """Send ``task`` once the current transaction (if any) has committed.

    Without a broker (development, tests) Celery runs the task eagerly, still after commit.
    """
    transaction.on_commit(lambda: task.delay(*args, **kwargs))


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def image_renditions_create(name: str) -> None:
    """Make the smaller renditions of a freshly uploaded public photo (same as on first view)."""
    from common.images import renditions_create

    renditions_create(name=name)
