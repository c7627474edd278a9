"""The "Mon séjour" entry point on a member's public page: their next sessions and products,
each with an "Ajouter à mon séjour" button (the workshops and shop sections only link out)."""

from __future__ import annotations

from pages import selectors

from . import Section


def member_page(request, member):
    sessions = list(selectors.session_bookable_list().filter(workshop__member=member, seats_left__gt=0)[:6])
    products = list(selectors.shop_selectors.product_public_list(member=member).filter(stock__gt=0)[:6])
    if not sessions and not products:
        return None
    return Section(
        "pages/partials/_stay_member.html",
        {"stay_sessions": sessions, "stay_products": products, "here": request.get_full_path()},
        order=45,
    )


def staff(request):
    """A card to open the desk basket (seats at the desk and counter sale together)."""
    from django.utils import timezone

    from common.models import ActionLog

    today = ActionLog.objects.filter(
        action=selectors.CHECKOUT_ACTION, data__channel="desk", created_at__date=timezone.localdate()
    ).count()
    return Section("pages/partials/_stay_staff.html", {"desk_today": today}, order=25)
