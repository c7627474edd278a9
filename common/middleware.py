"""Staff must set up two-factor authentication before reaching staff pages or the admin."""

from __future__ import annotations

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
                _("Pour accéder aux pages de l'équipe, activez d'abord la double "
                  "authentification (application TOTP)."),
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
