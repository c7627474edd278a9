from celery.schedules import crontab

SCHEDULE = {
    "relations-start-due-campaigns": {"task": "relations.tasks.start_due_campaigns", "schedule": crontab()},
}
