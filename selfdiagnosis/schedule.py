"""Periodic jobs of the self-assessment (collected by config/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "selfdiagnosis-send-due-reminders": {
        "task": "selfdiagnosis.tasks.send_due_reminders",
        "schedule": crontab(minute=15, hour="9"),
    },
    "selfdiagnosis-renew-expiring-badges": {
        "task": "selfdiagnosis.tasks.renew_expiring_badges",
        "schedule": crontab(minute=30, hour="6"),
    },
}
