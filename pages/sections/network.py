"""Blocks the network app adds to the composed pages (asks only network selectors)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from network import selectors
from network.models import MembershipApplication
from network.services import RENEWAL_WINDOW_DAYS
from pages.sections import Section


def member_page(request, member) -> Section:
    return Section(
        template="pages/partials/_network_member.html",
        context={
            "photos": list(member.photos.all()),
            "crafts": list(member.crafts.all()),
            "signature": selectors.member_last_signature(member=member),
        },
        order=10,
    )


def portal(request, member) -> Section:
    current = selectors.charter_current()
    due = member.renewal_due_on
    renewal_open = member.status == member.Status.LAPSED or (
        due is not None and (due - timezone.localdate()).days <= RENEWAL_WINDOW_DAYS
    )
    return Section(
        template="pages/partials/_network_portal.html",
        context={
            "member": member,
            "charter_to_sign": None if selectors.member_has_signed_current_charter(member) else current,
            "renewal_open": renewal_open,
            "photo_count": selectors.member_photos(member=member).count(),
        },
        order=5,
    )


def staff(request) -> Section:
    user = request.user
    applications = selectors.application_list_for_staff(user=user).qs
    return Section(
        template="pages/partials/_network_staff.html",
        context={
            "waiting": applications.filter(status=MembershipApplication.Status.SUBMITTED).count(),
            "under_review": applications.filter(status=MembershipApplication.Status.UNDER_REVIEW).count(),
            "waitlisted": applications.filter(status=MembershipApplication.Status.WAITLISTED).count(),
            "freed": len(selectors.freed_places_with_waitlist(user=user)),
            "current": selectors.charter_current(),
            "unsigned": selectors.members_without_current_signature(user=user).count(),
        },
        order=5,
    )


def home(request) -> Section | None:
    """Artisans less than 20 minutes from the tourism office: where the desk sends visitors."""
    office = (settings.OFFICE_LATITUDE, settings.OFFICE_LONGITUDE)
    near = list(selectors.members_near(lat=office[0], lon=office[1], max_minutes=20)[:6])
    if not near:
        return None
    return Section(template="pages/partials/_network_home.html", context={"members": near}, order=30)
