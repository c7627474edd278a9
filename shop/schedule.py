"""Periodic jobs of the shop (collected by config/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "shop-release-expired-orders": {
        "task": "shop.tasks.release_expired_orders",
        "schedule": crontab(minute="*/15"),
    },
    "shop-stock-alerts": {
        "task": "shop.tasks.send_stock_alerts",
        "schedule": crontab(hour=7, minute=30),
    },
}
