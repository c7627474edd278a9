from celery.schedules import crontab

SCHEDULE = {
    "relations-start-due-campaigns": {"task": "relations.tasks.start_due_campaigns", "schedule": crontab()},
    "relations-stay-surveys": {
        "task": "relations.tasks.send_stay_surveys",
        "schedule": crontab(hour=10, minute=0),
    },
    "relations-retention": {"task": "relations.tasks.run_retention", "schedule": crontab(hour=3, minute=30)},
}
