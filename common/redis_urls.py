"""Redis URLs: the cache beside the broker, in the next database."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def cache_url_beside(broker_url: str) -> str:
    """``redis://host:6379/0`` → ``redis://host:6379/1`` (database number + 1, default 0)."""
    parts = urlsplit(broker_url)
    path = parts.path.strip("/")
    db = int(path) if path.isdigit() else 0
    return urlunsplit((parts.scheme, parts.netloc, f"/{db + 1}", parts.query, parts.fragment))
