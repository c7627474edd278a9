"""Issue 11 point 14 (closings): the daily closings list shows VAT rates the French way
(« 5,50 % ») and reaches closings older than sixty days, a page at a time."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from shop.models import DailyClosing

pytestmark = pytest.mark.django_db

URL = reverse("shop_staff:closing_list")


def _closings(days: int) -> None:
    today = timezone.localdate()
    totals = {
        "by_payment_method": {"cash": {"total": "10.55"}},
        "by_vat_rate": {"5.50": {"ht": "10.00", "vat": "0.55", "total": "10.55"}},
    }
    DailyClosing.objects.bulk_create(
        DailyClosing(
            day=today - datetime.timedelta(days=n),
            tickets=1,
            total=Decimal("10.55"),
            vat_total=Decimal("0.55"),
            totals=totals,
            journal_sequence=n,
        )
        for n in range(1, days + 1)
    )


def test_vat_rates_read_the_french_way(staff_client):
    _closings(1)
    body = staff_client.get(URL).content.decode().replace("\u00a0", " ")
    assert "5,50 %" in body
    assert "5.50 %" not in body


def test_closings_older_than_sixty_days_are_a_click_away(staff_client, django_assert_max_num_queries):
    _closings(65)
    oldest = (timezone.localdate() - datetime.timedelta(days=65)).strftime("%d/%m/%Y")

    first = staff_client.get(URL).content.decode()
    assert oldest not in first and "Plus anciennes" in first

    with django_assert_max_num_queries(30):
        second = staff_client.get(URL, {"page": 2}).content.decode()
    assert oldest in second and "Plus récentes" in second
