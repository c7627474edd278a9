"""Periodic jobs of the workshops app (collected into Celery beat by config/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "workshops-reminders": {"task": "workshops.tasks.send_due_reminders", "schedule": crontab(minute=5)},
    "workshops-go-no-go": {"task": "workshops.tasks.run_go_no_go", "schedule": crontab(minute="*/15")},
    "workshops-waitlist-expiry": {
        "task": "workshops.tasks.expire_waitlist_offers",
        "schedule": crontab(minute="*/5"),
    },
    "workshops-surveys": {"task": "workshops.tasks.send_due_surveys", "schedule": crontab(minute=35)},
    # Every minute: the page cache's own time limit is a minute too (common/pagecache.py).
    "workshops-refresh-due-listings": {
        "task": "workshops.tasks.refresh_due_listings",
        "schedule": crontab(minute="*"),
    },
    # Every minute, keeping two: the stamps count these rows at every anonymous page view, so
    # the table stays as small as the last two minutes of writes (issue 18).
    "workshops-prune-catalogue-changes": {
        "task": "workshops.tasks.prune_catalogue_changes",
        "schedule": crontab(minute="*"),
    },
}
