"""Periodic jobs of the community app (collected into Celery beat by config/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "community-walk-reminders": {
        "task": "community.tasks.send_due_walk_reminders",
        "schedule": crontab(minute=10),
    },
    "community-walk-thanks": {"task": "community.tasks.send_due_walk_thanks", "schedule": crontab(minute=40)},
}
