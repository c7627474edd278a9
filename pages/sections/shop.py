"""What the shop adds to the composed pages (home, member page, portal, staff home)."""

from __future__ import annotations

from django.utils import timezone

from shop import selectors
from shop.models import ShopSettings, Statement

from . import Section


def home(request):
    products = list(selectors.product_public_list().filter(stock__gt=0)[:4])
    if not products:
        return None
    return Section("pages/partials/_shop_home.html", {"products": products}, order=40)


def member_page(request, member):
    products = list(selectors.product_public_list(member=member)[:8])
    if not products:
        return None
    return Section("pages/partials/_shop_member.html", {"products": products, "member": member}, order=40)


def portal(request, member):
    products = list(selectors.product_list_for_member(member=member).filter(is_active=True))
    statement = selectors.statement_list(member=member).exclude(status=Statement.Status.DRAFT).first()
    if not products and statement is None:
        return None
    default_threshold = ShopSettings.load().low_stock_threshold
    return Section(
        "pages/partials/_shop_portal.html",
        {
            "units": sum(p.stock for p in products),
            "product_count": len(products),
            "low": [
                p
                for p in products
                if p.stock <= (default_threshold if p.low_stock_threshold is None else p.low_stock_threshold)
            ][:5],
            "statement": statement,
        },
        order=40,
    )


def staff(request):
    from common.access import can_sell_at_counter

    # Its links lead to the till: shown to whoever may sell at the counter.
    if not can_sell_at_counter(request.user):
        return None
    return Section(
        "pages/partials/_shop_staff.html",
        {"today": selectors.today_figures(day=timezone.localdate())},
        order=30,
    )
