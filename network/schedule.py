"""Periodic jobs of the network app (collected by config/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "network-daily-membership-jobs": {
        "task": "network.tasks.daily_membership_jobs",
        "schedule": crontab(hour=7, minute=15),
    },
}
