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


@pytest.mark.django_db
def test_no_show_rates_compare_bookings_paid_by_card_with_those_paid_on_site(member):
    import datetime

    from payouts.figures import no_show_rates
    from workshops.models import Booking

    past = SessionFactory(
        workshop=WorkshopFactory(member=member, max_participants=12),
        start=timezone.now() - datetime.timedelta(days=3),
        capacity=12,
    )
    card = [BookingFactory(session=past, party_size=1) for _ in range(4)]
    site = [BookingFactory(session=past, party_size=1) for _ in range(5)]
    pay_online(card, paid_at=timezone.now() - datetime.timedelta(days=10))
    absent, present = Booking.Attendance.NO_SHOW, Booking.Attendance.PRESENT
    for booking, attendance in zip(
        card + site, [absent, present, present, present, absent, absent, present, present, ""], strict=True
    ):
        Booking.objects.filter(pk=booking.pk).update(attendance=attendance)
    # A pending (unpaid) card payment does not count as paid online.
    Payment.objects.create(
        reference_kind="pages.stay",
        reference_id="x",
        description="",
        email="v@example.org",
        amount=Decimal("10.00"),
        provider="stripe",
        status=Payment.Status.PENDING,
    )

    rates = no_show_rates()

    assert rates["card"] == {"bookings": 4, "rate": 25.0}
    assert rates["on_site"] == {"bookings": 4, "rate": 50.0}  # the unmarked one is left out
