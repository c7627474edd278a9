"""Rate limits for public POSTs (booking, waitlist, group request, application, review…).

Fixed windows counted in the cache (Redis in production, shared by every web node): the
first hit of a window creates its counter with the window's lifetime, the next ones
increment it. Rates live in ``settings.RATE_LIMITS`` (``"5/m"``, ``"20/h"``, ``"50/d"``),
each overridable from the environment; ``RATE_LIMITS_ENABLED`` turns them all off (tests,
except those of the limits themselves, which run against a real Redis).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .net import client_ip

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"5/m"`` → (5, 60); ``"10/15m"`` → (10, 900)."""
    count, _, period = rate.partition("/")
    digits = period[:-1] or "1"
    return int(count), int(digits) * PERIODS[period[-1]]


def ratelimit_hit(*, scope: str, key: str, rate: str | None = None) -> int | None:
    """Count one hit of ``key`` in ``scope``. Returns the seconds to wait when over the limit, else None."""
    if not getattr(settings, "RATE_LIMITS_ENABLED", True):
        return None
    rate = rate or settings.RATE_LIMITS.get(scope)
    if not rate:
        return None
    limit, period = parse_rate(rate)
    now = int(time.time())
    window = now - now % period
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"rl:{scope}:{digest}:{window}"
    cache = caches[getattr(settings, "RATE_LIMIT_CACHE", "default")]
    if cache.add(cache_key, 1, timeout=period + 1):
        hits = 1
    else:
        try:
            hits = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=period + 1)
            hits = 1
    if hits > limit:
        return max(1, window + period - now)
    return None


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The French (or English) page of a visitor over a limit: 429 with Retry-After."""
    retry_at = timezone.localtime(timezone.now() + timezone.timedelta(seconds=retry_after))
    response = render(
        request,
        "429.html",
        {"retry_after_minutes": max(1, (retry_after + 59) // 60), "retry_at": retry_at},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitedPostMixin:
    """Limit the POSTs of a view per client address (``rate_limit_scope`` in settings.RATE_LIMITS)."""

    rate_limit_scope: str = ""

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and self.rate_limit_scope:
            wait = ratelimit_hit(scope=self.rate_limit_scope, key=client_ip(request) or "unknown")
            if wait:
                return too_many_requests(request, wait)
        return super().dispatch(request, *args, **kwargs)
