"""Periodic jobs of payments (collected into Celery beat by config/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "payments-expire-holds": {"task": "payments.tasks.expire_holds", "schedule": 60.0},
    "payments-reconcile": {"task": "payments.tasks.reconcile_pending", "schedule": crontab(minute="*/5")},
}
