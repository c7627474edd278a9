"""Enqueue Celery tasks after the surrounding transaction commits."""

from __future__ import annotations

from django.db import transaction


def enqueue(task, *args, **kwargs) -> None:
    """Send ``task`` once the current transaction (if any) has committed.

    Without a broker (development, tests) Celery runs the task eagerly, still after commit.
    """
    transaction.on_commit(lambda: task.delay(*args, **kwargs))
