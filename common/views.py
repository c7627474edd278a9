"""Technical views: health check and error pages."""

from __future__ import annotations

import json
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


def oldest_queued_task_age(client, queue: str = "celery") -> float | None:
    """Age in seconds of the oldest task waiting in the Redis queue (None when it is empty).

    Kombu pushes on the left and workers pop on the right: the oldest message is the last one.
    """
    raw = client.lindex(queue, -1)
    if raw is None:
        return None
    try:
        published = json.loads(raw)["headers"]["published_at"]
    except (ValueError, KeyError, TypeError):
        return None
    return round(max(0.0, time.time() - float(published)), 1)


@never_cache
def healthz(request):
    status = {"database": "ok", "broker": "not configured"}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        status["database"] = f"error: {exc.__class__.__name__}"
        healthy = False
    if settings.CELERY_BROKER_URL:
        try:
            import redis

            client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2)
            client.ping()
            status["broker"] = "ok"
            age = oldest_queued_task_age(client)
            status["oldest_queued_task_seconds"] = age
            if age is not None and age > settings.HEALTHZ_MAX_QUEUE_AGE_SECONDS:
                status["queue"] = "late"
                healthy = False
        except Exception as exc:  # noqa: BLE001
            status["broker"] = f"error: {exc.__class__.__name__}"
            healthy = False
    status["status"] = "ok" if healthy else "error"
    return JsonResponse(status, status=200 if healthy else 503)


def error_400(request, exception=None):
    """A French page for bad requests; bodies too big or with too many fields get a 413."""
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent

    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        too_many = not isinstance(exception, RequestDataTooBig)
        return render(request, "413.html", {"too_many": too_many}, status=413)
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
