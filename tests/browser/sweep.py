"""The pages of an axe sweep, found by walking the URL resolver (shared by the public and the
portal/staff sweeps): every route without a parameter that answers with a whole HTML page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

NOT_PAGES = (".ics", ".xml", ".txt", ".json", ".csv", ".pdf", ".js", ".zip")


def _routes(resolver=None, prefix: str = "") -> Iterator[str]:
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def parameterless_paths() -> Iterator[str]:
    """``/path/`` of every route that takes no parameter and is not a file (feed, export…)."""
    for route in _routes():
        if "<" in route or "(" in route:
            continue
        path = "/" + route.lstrip("^").rstrip("$")
        if not path.endswith(NOT_PAGES):
            yield path


def whole_pages(client: Client, paths: Iterable[str]) -> list[str]:
    """The paths ``client`` may open as a whole HTML page (htmx fragments are parts of a page)."""
    pages = set()
    for path in paths:
        response = client.get(path)
        html = response["Content-Type"].startswith("text/html") if response.status_code == 200 else False
        if html and b"<html" in response.content[:500]:
            pages.add(path)
    return sorted(pages)
