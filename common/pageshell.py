"""Page shells: an anonymous page cached without its live parts, which are filled in at each render.

The whole-page cache (common.pagecache) keys a page on a stamp that moves with every write the
page shows — seats included, so the page after a booking renders again. A *shell* is the same page
rendered with markers (HTML comments a visitor's escaped text can never make) where its live
parts go — a workshop page's dates, a catalogue's cards — and kept under a stamp that only moves
when what the shell shows changes. The view reads its live parts (a query or two), takes the
shell and fills the markers: after a booking, only what the booking changed is read and rendered.

Like the page cache, a shell is only for visitors without session or message cookies, per
language, host and full path, with the CSRF token and CSP nonce taken out (each visitor gets
its own), and lives ``SHELL_SECONDS`` at most: that bounds what no trigger announces.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from .pagecache import cacheable_request, page_for_visitor, page_to_store

SHELL_SECONDS = 60  # as the page cache's own limit


def shells_enabled(request: HttpRequest) -> bool:
    return bool(getattr(settings, "PAGE_CACHE_ENABLED", True)) and cacheable_request(request)


def shell_key(kind: str, stamp: str, request: HttpRequest, *state: Any) -> str:
    """The key of a shell of ``kind`` under ``stamp``, for this address, language and day, and
    whatever else the shell's markup depends on (``state``: a template version, the page's ids…)."""
    parts = (request.get_host(), request.get_full_path(), get_language() or "", timezone.localdate(), state)
    return f"shell:{kind}:{stamp}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def shell_serve(
    request: HttpRequest,
    *,
    key: str,
    render: Callable[[], tuple[HttpResponse, Any]],
    fill: Callable[[bytes, Any], bytes],
) -> HttpResponse:
    """The page from its shell under ``key``, filled by ``fill(content, extra)``.

    Without a shell, ``render()`` gives the page rendered with its markers (a response) and the
    ``extra`` data the fill needs; a 200 is kept as the shell, anything else is returned as is."""
    shell = cache.get(key)
    if shell is None:
        response, extra = render()
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code != 200:
            return response
        shell = (page_to_store(response.content, request), extra, response["Content-Type"])
        cache.set(key, shell, SHELL_SECONDS)
    content, extra, content_type = shell
    return HttpResponse(page_for_visitor(fill(content, extra), request), content_type=content_type)
