"""Issue 10's « Done when »: axe-core finds no violation on any public page, at 390 and 1280 px,
in French and in English, on the demo data; and no page scrolls sideways on a phone.

The public pages are found by walking the URL resolver (every route without a parameter that
an anonymous visitor may open and that answers with HTML), plus one page of each kind that
takes a parameter (a workshop, its booking form and group request, an offer, an artisan, a
product). A new public page is therefore swept without touching this test.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.browser.sweep import parameterless_paths, whole_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOT_PUBLIC = ("staff/", "portail/", "admin/", "comptes/", "api/", "paiements/webhook", "anymail/", "widget")


def _public_pages() -> list[str]:
    paths = (
        path
        for path in parameterless_paths()
        if not path[1:].startswith(NOT_PUBLIC) and "/staff/" not in path
    )
    return whole_pages(Client(), paths)


def _pages_of_objects() -> list[str]:
    from offers.models import Offer
    from shop.models import Product
    from workshops.selectors import session_public_upcoming, workshop_public_queryset

    workshop = workshop_public_queryset().order_by("pk").first()
    session = session_public_upcoming().filter(workshop=workshop, seats_left__gt=0).order_by("start").first()
    offer = Offer.objects.filter(status=Offer.Status.PUBLISHED).order_by("pk").first()
    product = Product.objects.filter(is_active=True, member__status="active").order_by("pk").first()
    pages = [
        workshop.get_absolute_url(),
        reverse("workshops:group_request", args=[workshop.slug]),
        workshop.member.get_absolute_url(),
        offer.get_absolute_url(),
        product.get_absolute_url(),
    ]
    if session is not None and session.start > timezone.now():
        pages.append(reverse("workshops:booking_create", args=[workshop.slug, session.public_id]))
    return pages


def test_every_public_page_has_no_axe_violation_at_390_and_1280_px_in_french_and_english(
    browser, live_server
):
    call_command("load_demo", verbosity=0)
    pages = _public_pages() + _pages_of_objects()
    assert len(pages) >= 20, pages  # the walk really finds the site
    failures: list[str] = []
    for lang in ("fr", "en"):
        for width in (390, 1280):
            context = browser.new_context(
                base_url=live_server.url, locale=f"{lang}-FR", viewport={"width": width, "height": 900}
            )
            context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
            page = context.new_page()
            page.set_default_timeout(20_000)
            for path in pages:
                response = page.goto(path)
                if response is None or response.status >= 400:
                    failures.append(f"{lang} {width}px {path}: HTTP {response and response.status}")
                    continue
                if width == 390 and page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                    failures.append(f"{lang} {width}px {path}: scrolls sideways")
                results = Axe().run(page)
                if results.violations_count:
                    ids = sorted({v["id"] for v in results.response["violations"]})
                    failures.append(f"{lang} {width}px {path}: {', '.join(ids)}")
            context.close()
    assert not failures, "\n".join(failures)
