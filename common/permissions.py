"""Admin permissions of the staff groups for the apps other than network.

Network grants its own in a migration (0004). For the other apps, office staff may use every
model of the admin (the admin classes themselves keep ledgers, journals and closed statements
read-only); antenna coordinators work from the staff pages, scoped to their antenna, and get
nothing more here. Run after every ``migrate`` (and after test flushes) through post_migrate.
"""

from __future__ import annotations

from .access import COORDINATOR_GROUP, OFFICE_STAFF_GROUP

OFFICE_FULL_APPS = ("offers", "shop", "workshops", "selfdiagnosis")
OFFICE_VIEW_APPS = ("common",)


def grant_staff_permissions(sender=None, using="default", **kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    office, _ = Group.objects.using(using).get_or_create(name=OFFICE_STAFF_GROUP)
    Group.objects.using(using).get_or_create(name=COORDINATOR_GROUP)
    perms = Permission.objects.using(using)
    office.permissions.add(*perms.filter(content_type__app_label__in=OFFICE_FULL_APPS))
    office.permissions.add(
        *perms.filter(content_type__app_label__in=OFFICE_VIEW_APPS, codename__startswith="view_")
    )
