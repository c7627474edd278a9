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
    # Yearly periods (« tous les ans ») move on once they have ended: daily, a few seconds.
    "offers-roll-yearly-periods": {
        "task": "offers.tasks.offer_periods_roll_forward",
        "schedule": crontab(hour=3, minute=5),
    },
    # The stored next opening date (offers/opening.py): today's closing times pass, days go by.
    "offers-next-dates-due": {
        "task": "offers.tasks.offer_next_dates_refresh",
        "schedule": crontab(minute="*/15"),
    },
    "offers-next-dates-all": {
        "task": "offers.tasks.offer_next_dates_refresh",
        "schedule": crontab(hour=0, minute=2),
        "kwargs": {"due_only": False},
    },
}
