"""Periodic jobs of the offers app (collected by config/celery.py).

Sources to import are data (offers.ImportSource, edited in the admin), each with its own
interval; this hourly tick imports those that are due.
"""

from celery.schedules import crontab

SCHEDULE = {
    "offers-import-scheduled-sources": {
        "task": "offers.tasks.import_scheduled_sources",
        "schedule": crontab(minute=20),
    },
}
