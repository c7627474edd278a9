"""Whole-page cache for anonymous visitors, keyed by a data stamp.

A page is cached only for a visitor without session or message cookies (no basket, no
sign-in, nothing personal), per language and full path, under the current *stamp* of the
data it shows. Writers never have to remember the cache: the stamp comes from the database
(see workshops: a trigger records every change of workshops, sessions, bookings…), so a
booking, a cancellation, a new price or date gives a new stamp and the next view renders
afresh. A time limit bounds what no write announces (a hold that expires, a session that
starts).

Browsers get a weak ``ETag`` (the stamp, language and path) with ``Cache-Control: private,
no-cache``: they ask again each time and get an empty 304 while nothing changed. ``private``,
because the page carries the visitor's own CSRF token: no shared proxy may keep it. A 304 is
only given to a visitor who still has the CSRF cookie the stored page's token belongs to, and it
carries no new Content-Security-Policy header (the stored page's nonce stays the one announced).

The CSRF token of the forms on a cached page is not shared: it is swapped for this
visitor's own token when the page is served. So is the Content-Security-Policy nonce of its
scripts: each response gets a fresh nonce, the one its header announces.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language

CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PLACEHOLDER = b"@@csrf@@"
NONCE_PLACEHOLDER = b"@@csp-nonce@@"
PERSONAL_COOKIES = ("messages",)


def cacheable_request(request: HttpRequest) -> bool:
    """Anonymous GET without anything personal in cookies."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not any(name in request.COOKIES for name in PERSONAL_COOKIES)


def anonymous_page_cache(*, stamp: Callable[[], str], timeout: int = 60):
    """Decorate a view function (or ``dispatch``) to serve anonymous visitors from the cache."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not getattr(settings, "PAGE_CACHE_ENABLED", True) or not cacheable_request(request):
                return view(request, *args, **kwargs)
            path = hashlib.sha1(request.get_full_path().encode()).hexdigest()
            key = f"page:{view.__module__}.{view.__qualname__}:{stamp()}:{get_language()}:{path}"
            etag = 'W/"' + hashlib.sha1(key.encode()).hexdigest()[:24] + '"'
            if _still_fresh(request, etag):
                not_modified = HttpResponseNotModified()
                not_modified._csp_exempt = True  # type: ignore[attr-defined]  # keep the stored nonce
                return _validators(not_modified, etag)
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                response = HttpResponse(page_for_visitor(content, request), content_type=content_type)
                response["X-Page-Cache"] = "hit"
                return _validators(response, etag)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if (
                response.status_code == 200
                and not response.cookies
                and not getattr(response, "streaming", False)
            ):
                cache.set(key, (page_to_store(response.content, request), response["Content-Type"]), timeout)
                response["X-Page-Cache"] = "miss"
                _validators(response, etag)
            return response

        return wrapper

    return decorator


def _still_fresh(request: HttpRequest, etag: str) -> bool:
    """The browser's stored copy is this version, and its CSRF token is still backed by a cookie."""
    if settings.CSRF_COOKIE_NAME not in request.COOKIES:
        return False
    asked = parse_etags(request.headers.get("If-None-Match", ""))
    return etag in asked or etag.removeprefix("W/") in asked


def _validators(response, etag: str):
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response


def _used_nonce(request: HttpRequest) -> str:
    """The CSP nonce this response's scripts carry, if the page asked for one."""
    return getattr(request, "_csp_nonce", None) or ""


def page_to_store(content: bytes, request: HttpRequest) -> bytes:
    """A page rendered for ``request``, with this visitor's CSRF token and CSP nonce taken out
    (placeholders instead), so that it can be served to any anonymous visitor."""
    content = CSRF_FIELD.sub(rb"\1" + PLACEHOLDER + rb"\2", content)
    nonce = _used_nonce(request)
    if nonce:
        content = content.replace(f'nonce="{nonce}"'.encode(), b'nonce="' + NONCE_PLACEHOLDER + b'"')
    return content


def page_for_visitor(content: bytes, request: HttpRequest) -> bytes:
    """A stored page (``page_to_store``) with this visitor's own CSRF token and CSP nonce."""
    if NONCE_PLACEHOLDER in content:
        content = content.replace(NONCE_PLACEHOLDER, str(request.csp_nonce).encode())
    if PLACEHOLDER not in content:
        return content
    return content.replace(PLACEHOLDER, get_token(request).encode())
