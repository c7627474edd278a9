"""Celery tasks of the offers app: they take ids, call a service, and are safe to run twice."""

from __future__ import annotations

from celery import shared_task

from . import services

# Network errors on the Apidae download/confirmation are transient: retry with backoff.
RETRY = {"autoretry_for": (OSError,), "retry_backoff": 60, "retry_backoff_max": 1800, "max_retries": 5}


@shared_task
def import_run_execute(run_id: int) -> None:
    """Run a pending ImportRun (admin upload, URL, scheduled source)."""
    services.import_run_execute_now(run_id=run_id)


@shared_task(**RETRY)
def export_notification_process(notification_id: int) -> None:
    """Import the zip of an Apidae export notification, then confirm it to Apidae."""
    services.export_notification_import(notification_id=notification_id)


@shared_task
def import_scheduled_sources() -> list[int]:
    """Periodic: request imports of the configured sources that are due."""
    return services.import_sources_due()


@shared_task
def offer_periods_roll_forward() -> int:
    """Move yearly opening periods that have ended to their next occurrence."""
    return services.offer_periods_roll_forward()


@shared_task
def offer_next_dates_refresh(due_only: bool = True) -> int:
    """Move on the stored next opening dates that time made wrong (offers/opening.py)."""
    return services.offer_next_dates_refresh(due_only=due_only)
