from django.conf import settings

from .access import can_sell_at_counter, is_office_staff, is_staff_user


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": "Maillage",
        "OFFICE_NAME": settings.OFFICE_NAME,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "user_is_staff": bool(user and is_staff_user(user)),
        "user_is_office_staff": bool(user and is_office_staff(user)),
        "user_can_sell_at_counter": bool(user and can_sell_at_counter(user)),
        "user_member": getattr(user, "member", None) if user and user.is_authenticated else None,
        "DEMO_MFA_EXEMPT": bool(settings.STAFF_MFA_EXEMPT_EMAILS),
    }
