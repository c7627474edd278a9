"""Access rules by audience: staff pages, the member portal, antenna coordinators."""

from __future__ import annotations

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

OFFICE_STAFF_GROUP = "Office staff"
COORDINATOR_GROUP = "Antenna coordinator"
STAFF_GROUPS = (OFFICE_STAFF_GROUP, COORDINATOR_GROUP)


def _group_names(user) -> set[str]:
    cached = getattr(user, "_maillage_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._maillage_groups = cached
    return cached


def is_staff_user(user) -> bool:
    """Office staff or antenna coordinator (or a superuser), with the admin flag."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.is_staff and bool(_group_names(user) & set(STAFF_GROUPS))


def is_office_staff(user) -> bool:
    """Network-wide staff (not limited to one antenna)."""
    if not is_staff_user(user):
        return False
    return user.is_superuser or OFFICE_STAFF_GROUP in _group_names(user)


def is_coordinator(user) -> bool:
    return is_staff_user(user) and not is_office_staff(user)


def can_sell_at_counter(user) -> bool:
    """Who may record a counter sale: the office's own staff, not antenna coordinators.

    The one rule behind the « Caisse » menu item, the till pages and the products of the desk
    stay page (a sale is entered in the office's till journal, which coordinators do not keep).
    """
    return is_office_staff(user)


class StaffRequiredMixin(AccessMixin):
    """Staff pages: anonymous → login; signed-in non-staff → 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_staff_user(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OfficeStaffRequiredMixin(StaffRequiredMixin):
    """Pages for network-wide staff only (not antenna coordinators)."""

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and is_staff_user(request.user)
            and not is_office_staff(request.user)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CounterSellerRequiredMixin(OfficeStaffRequiredMixin):
    """The till and counter pages: only people who ``can_sell_at_counter`` (office staff, so
    the coordinator-scope inventory counts these pages as office-only)."""

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and is_staff_user(request.user)
            and not can_sell_at_counter(request.user)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class MemberRequiredMixin(AccessMixin):
    """Portal pages: a signed-in user linked to a member. Sets ``self.member``.

    Views then scope every lookup to ``self.member`` so a member only sees its own things.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        member = getattr(request.user, "member", None)
        if member is None:
            raise PermissionDenied
        self.member = member
        return super().dispatch(request, *args, **kwargs)
