"""The money card of the staff home (issue 13 point 9)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from payments.models import Payment
from payouts.figures import money_figures
from shop.models import ShopSettings
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory

from .conftest import pay_online, refund


def _this_month_sales(member):
    ShopSettings.objects.update_or_create(pk=1, defaults={"commission_rate": Decimal("20.00")})
    booking = BookingFactory(
        session=SessionFactory(workshop=WorkshopFactory(member=member)), price=Decimal("80.00")
    )
    now = timezone.now()
    payment = pay_online([booking], paid_at=now)
    refund(payment, booking, "20.00", created_at=now)
    Payment.objects.create(
        reference_kind="pages.stay",
        reference_id="attente",
        description="Séjour en attente",
        email="v@example.org",
        amount=Decimal("35.00"),
        provider="stripe",
        status=Payment.Status.PENDING,
    )


@pytest.mark.django_db
def test_money_figures_give_online_revenue_and_the_offices_share(member):
    _this_month_sales(member)

    figures = money_figures(period=timezone.localdate().replace(day=1))

    assert figures["online"] == {
        "paid": Decimal("80.00"),
        "refunded": Decimal("20.00"),
        "net": Decimal("60.00"),
        "pending": Decimal("35.00"),
    }
    # 20 % of 80,00 minus 20 % of the 20,00 refunded.
    assert figures["share"]["workshops"] == Decimal("12.00")
    assert figures["share"]["total"] == figures["share"]["shop"] + Decimal("12.00")
    assert set(figures["vouchers"]) >= {"sold", "spent", "outstanding"}


@pytest.mark.django_db
def test_money_card_is_on_the_staff_home_for_office_staff_only(staff_client, coordinator_client, member):
    _this_month_sales(member)
    home = reverse("pages:staff_home")

    office = staff_client.get(home).content.decode()
    coordinator = coordinator_client.get(home).content.decode()

    assert "Payé en ligne" in office and "80,00" in office and "Bons cadeaux" in office
    assert "Payé en ligne" not in coordinator
