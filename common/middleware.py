"""Staff must set up two-factor authentication before reaching staff pages or the admin."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

PROTECTED_PREFIXES = ("/admin/", "/staff/")


def user_has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up_mfa(request):
            messages.warning(
                request,
                _(
                    "Pour accéder aux pages de l'équipe, activez d'abord la double "
                    "authentification (application TOTP)."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up_mfa(self, request) -> bool:
        if not settings.STAFF_REQUIRE_MFA:
            return False
        if not request.path.startswith(PROTECTED_PREFIXES):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if not (user.is_staff or user.is_superuser):
            return False
        if user.email.lower() in {e.lower() for e in settings.STAFF_MFA_EXEMPT_EMAILS}:
            return False
        return not user_has_mfa(user)


class FrenchFirstLocaleMiddleware:
    """French unless the visitor chose another language (switcher cookie) or their account did.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language header is not used: the
    site is French first, and English is one click away in the header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        available = {code for code, _name in settings.LANGUAGES}
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in available:
            user = getattr(request, "user", None)
            language = getattr(user, "language", None) if user and user.is_authenticated else None
        if language not in available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary = response.headers.get("Vary", "")
        if "Cookie" not in patch_vary:
            response.headers["Vary"] = f"{patch_vary}, Cookie" if patch_vary else "Cookie"
        return response


class RequestSizeLimitMiddleware:
    """Refuse oversized request bodies before Django reads them (413, in French).

    Upload forms check each file (common.uploads), but Django would first spool the whole body
    to disk. ``MAX_REQUEST_BYTES`` caps every request; the admin's offer import, which takes
    whole Apidae/DATAtourisme archives, is capped by ``OFFERS_IMPORT_MAX_BYTES`` instead.
    A reverse proxy in front should enforce the same limit (see README).
    """

    LARGE_UPLOAD_PREFIXES = ("/admin/offers/importrun/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BYTES
        if request.path.startswith(self.LARGE_UPLOAD_PREFIXES):
            limit = max(limit, getattr(settings, "OFFERS_IMPORT_MAX_BYTES", limit))
        if length > limit:
            from django.shortcuts import render

            return render(request, "413.html", {"max_mb": limit // (1024 * 1024)}, status=413)
        return self.get_response(request)


def _without_nul(querydict):
    """A mutable copy of ``querydict`` with NUL removed from every key and value."""
    from django.http import QueryDict

    clean = QueryDict(mutable=True, encoding=querydict.encoding)
    for key, values in querydict.lists():
        clean.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    clean._mutable = False
    return clean


class NulByteMiddleware:
    """NUL bytes never reach a view or PostgreSQL (text there cannot hold NUL: it used to give 500s).

    A path holding NUL is no page (404, before any view, the django-ninja API included); NUL is
    removed from query strings and from url-encoded form posts, so a search for ``%00`` is a
    search for nothing. Multipart forms go through Django's form fields, which refuse NUL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or "\x00" in request.path:
            from django.http import Http404

            raise Http404("NUL")
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            request.GET = _without_nul(request.GET)
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            post = request.POST
            if any("\x00" in k or any("\x00" in v for v in vs) for k, vs in post.lists()):
                request.POST = _without_nul(post)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response (settings.PERMISSIONS_POLICY): no camera, microphone…"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


class StaffIdleSessionMiddleware:
    """A staff session (the till, personal data, refunds) ends after ``STAFF_SESSION_IDLE_SECONDS``
    without a request; members and visitors keep the normal session length."""

    def __init__(self, get_response):
        self.get_response = get_response

    # The session's expiry is pushed back at most once a minute (one write, not one per request).
    REFRESH_SECONDS = 60

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and (user.is_staff or user.is_superuser):
            session = request.session
            now = int(time.time())
            idle = settings.STAFF_SESSION_IDLE_SECONDS
            if (
                session.get("_session_expiry") != idle
                or now - session.get("_staff_seen", 0) >= self.REFRESH_SECONDS
            ):
                session.set_expiry(idle)
                session["_staff_seen"] = now
        return self.get_response(request)
