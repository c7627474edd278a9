"""Periodic jobs of the vouchers app (collected into Celery beat by config/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "vouchers-expire": {"task": "vouchers.tasks.expire_due", "schedule": crontab(hour=2, minute=20)},
}
