"""The visitor's address, as seen through the trusted reverse proxies.

Behind the TLS proxy of the README, ``REMOTE_ADDR`` is the proxy. ``TRUSTED_PROXY_COUNT``
(how many proxies append to ``X-Forwarded-For``: the client is the Nth entry from the right,
so entries a client forges on the left are ignored) or ``TRUSTED_CLIENT_IP_HEADER`` (a header
the proxy sets and overwrites, e.g. ``X-Real-IP``) say where the real address is. Used by
allauth's login limits (common.adapters), rate limits and every recorded address (charter
signatures, self-assessments, unsubscriptions).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # [::1]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 1.2.3.4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address (normalised), or None when it cannot be told."""
    header = getattr(settings, "TRUSTED_CLIENT_IP_HEADER", "")
    if header:
        return _clean(request.headers.get(header))
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.headers.get("X-Forwarded-For", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= count:
            return _clean(hops[-count])
    return _clean(request.META.get("REMOTE_ADDR"))
