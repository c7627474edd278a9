"""A stay paid by card against localstripe: seats and stock held, then confirmed, released or refunded."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from pages.exceptions import StayError
from pages.services import SeatRequest, stay_checkout
from payments import services
from payments.models import Payment, Refund
from payments.providers import get_provider
from shop.models import Order
from shop.selectors import product_stock
from tests.factories.shop import ProductFactory
from tests.factories.workshops import SessionFactory, WorkshopFactory
from tests.localstripe import card_token
from workshops.models import Booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    workshop = WorkshopFactory(price=Decimal("35.00"), child_price=None, max_participants=8)
    start = (timezone.now() + datetime.timedelta(days=5)).replace(minute=0, second=0, microsecond=0)
    return SessionFactory(workshop=workshop, start=start, capacity=4)


@pytest.fixture
def honey():
    return ProductFactory(price=Decimal("9.90"), stock=3)


def _checkout(session, honey=None, *, party_size=2, email="lea@example.org", pay_online=True):
    return stay_checkout(
        idempotency_key=uuid.uuid4(),
        seats=[SeatRequest(session_id=session.pk, public_id=str(session.public_id), party_size=party_size)],
        products={honey.pk: 1} if honey else {},
        name="Léa Martin",
        email=email,
        phone="06 12 34 56 78",
        pay_online=pay_online,
    )


def _expire(payment: Payment) -> None:
    Payment.objects.filter(pk=payment.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert services.payments_expire_due() == 1


def test_checkout_holds_seats_and_stock_and_a_card_payment_confirms_them(
    stripe_on, session, honey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = _checkout(session, honey)
    booking = Booking.objects.get(reference=result.booking_references[0])
    payment = Payment.objects.get(public_id=result.payment_id)
    assert booking.status == Booking.Status.PENDING_PAYMENT
    assert payment.amount == Decimal("79.90") == result.to_pay  # 2 × 35 + 9,90, from the server
    assert payment.expires_at > timezone.now() + datetime.timedelta(minutes=14)
    session.refresh_from_db()
    assert session.seats_booked == 2 and product_stock(product=honey) == 2
    ref = result.booking_references[0]
    assert not any(ref in m.body for m in mail.outbox)  # no booking confirmed before the money

    declined = services.payment_confirm(payment=payment, card_token=card_token(stripe_on, "4000000000000002"))
    booking.refresh_from_db()
    assert declined.status == "failed" and booking.status == Booking.Status.PENDING_PAYMENT  # still held

    with django_capture_on_commit_callbacks(execute=True):
        services.payment_confirm(payment=payment, card_token=card_token(stripe_on))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert any("Paiement reçu" in m.subject for m in mail.outbox)
    assert any(ref in m.body for m in mail.outbox)  # the booking's own confirmation left now
    assert Order.objects.get(reference=result.order_reference).status == Order.Status.RESERVED


def test_a_loser_is_told_before_paying_and_no_payment_is_opened(stripe_on, session):
    _checkout(session, party_size=4)
    with pytest.raises(StayError):
        _checkout(session, party_size=1, email="tom@example.org")
    assert Payment.objects.count() == 1


def test_expired_hold_releases_seats_and_stock_and_tells_the_visitor(
    stripe_on, session, honey, django_capture_on_commit_callbacks
):
    result = _checkout(session, honey)
    payment = Payment.objects.get(public_id=result.payment_id)
    with django_capture_on_commit_callbacks(execute=True):
        _expire(payment)
    session.refresh_from_db()
    assert session.seats_booked == 0 and product_stock(product=honey) == 3
    assert Booking.objects.get(reference=result.booking_references[0]).status == Booking.Status.CANCELLED
    assert any("rien n'a été débité" in m.subject for m in mail.outbox)
    assert "&#" not in mail.outbox[-1].subject


def test_payment_after_expiry_with_seats_gone_is_refunded_automatically(
    stripe_on, session, django_capture_on_commit_callbacks
):
    result = _checkout(session, party_size=4)
    payment = Payment.objects.get(public_id=result.payment_id)
    payment = services.payment_intent_ensure(payment=payment)
    _expire(payment)
    _checkout(session, party_size=4, email="tom@example.org", pay_online=False)  # seats sold again
    # The visitor's bank answers after the hold ended: the card is really charged at localstripe.
    paid = get_provider().intent_confirm(
        ref=payment.provider_ref,
        card_token=card_token(stripe_on),
        email=payment.email,
        idempotency_key="late",
    )
    assert paid.status == "succeeded"
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_apply(payment_id=payment.pk, status="succeeded")  # the webhook comes late
    payment.refresh_from_db()
    refund = Refund.objects.get(payment=payment)
    assert payment.late and refund.kind == Refund.Kind.LATE_PAYMENT and refund.amount == Decimal("140.00")
    assert refund.status == Refund.Status.SUCCEEDED and refund.provider_ref  # refunded at the provider
    assert Booking.objects.get(reference=result.booking_references[0]).status == Booking.Status.CANCELLED
    session.refresh_from_db()
    assert session.seats_booked == 4  # never oversold
    assert any("remboursé" in m.subject for m in mail.outbox)


def test_payment_after_expiry_with_seats_still_free_confirms(stripe_on, session):
    result = _checkout(session, party_size=2)
    payment = Payment.objects.get(public_id=result.payment_id)
    _expire(payment)
    services.payment_apply(payment_id=payment.pk, status="succeeded")
    assert Booking.objects.get(reference=result.booking_references[0]).status == Booking.Status.CONFIRMED
    assert not Refund.objects.exists()


def test_without_pay_online_the_checkout_is_unchanged(stripe_on, session):
    result = _checkout(session, pay_online=False)
    assert not result.payment_id
    assert Booking.objects.get(reference=result.booking_references[0]).status == Booking.Status.CONFIRMED


def _paid_stay(stripe_on, session, **kwargs):
    result = _checkout(session, **kwargs)
    payment = Payment.objects.get(public_id=result.payment_id)
    services.payment_confirm(payment=payment, card_token=card_token(stripe_on))
    return Booking.objects.get(reference=result.booking_references[0]), payment


def test_visitor_cancelling_within_the_policy_gets_the_policy_share_back(
    stripe_on, session, django_capture_on_commit_callbacks
):
    from workshops.services import booking_cancel

    session.workshop.cancellation_refund_percent = 50
    session.workshop.save(update_fields=["cancellation_refund_percent"])
    booking, payment = _paid_stay(stripe_on, session)
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking_id=booking.pk)
    refund = Refund.objects.get(payment=payment)
    assert refund.kind == Refund.Kind.CANCELLATION and refund.amount == Decimal("35.00")
    assert refund.lines == [f"booking:{booking.reference}"] and refund.status == Refund.Status.SUCCEEDED
    booking_cancel(booking_id=booking.pk)  # idempotent: no second refund
    assert Refund.objects.filter(payment=payment).count() == 1


def test_the_artisan_hears_what_the_visitor_got_back_and_what_they_keep(
    stripe_on, session, django_capture_on_commit_callbacks
):
    from django.core import mail

    from workshops.services import booking_cancel

    session.workshop.cancellation_refund_percent = 70
    session.workshop.save(update_fields=["cancellation_refund_percent"])
    booking, _payment = _paid_stay(stripe_on, session)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking_id=booking.pk)
    (message,) = [m for m in mail.outbox if m.subject.startswith("[Maillage] Annulation :")]
    assert "Remboursé au visiteur selon vos conditions d'annulation : 49,00\u00a0€." in message.body
    assert "Sur 70,00\u00a0€ réglés en ligne, 21,00\u00a0€ vous restent acquis" in message.body
    html = message.alternatives[0][0]
    assert "49,00\u00a0€" in html and "21,00\u00a0€" in html


def test_session_cancelled_refunds_every_payer_in_full(
    stripe_on, session, django_capture_on_commit_callbacks
):
    from workshops.services import session_cancel

    lea, lea_payment = _paid_stay(stripe_on, session, party_size=2)
    tom, tom_payment = _paid_stay(stripe_on, session, party_size=1, email="tom@example.org")
    unpaid = _checkout(session, party_size=1, email="zoe@example.org", pay_online=False)
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session_id=session.pk, actor=None, reason="artisan malade")
    refunds = {r.payment_id: r for r in Refund.objects.all()}
    assert refunds[lea_payment.pk].amount == Decimal("70.00") and refunds[tom_payment.pk].amount == Decimal(
        "35.00"
    )
    assert {r.kind for r in refunds.values()} == {Refund.Kind.SESSION_CANCELLED} and len(refunds) == 2
    assert Booking.objects.get(reference=unpaid.booking_references[0]).status == Booking.Status.CANCELLED


def test_stay_checkout_page_sends_the_visitor_to_pay_by_card_with_the_held_total(stripe_on, client, session):
    from django.urls import reverse

    from tests.pages.test_stay import CHECKOUT, add_seat, checkout_data

    add_seat(client, session, party_size=2)
    response = client.post(CHECKOUT, checkout_data())
    payment = Payment.objects.get()
    assert response.status_code == 302 and response.url == reverse("payments:pay", args=[payment.public_id])
    assert payment.amount == Decimal("70.00")
    assert Booking.objects.get().status == Booking.Status.PENDING_PAYMENT
    page = client.get(response.url)
    assert page.status_code == 200 and "70,00" in page.content.decode()


def test_stay_checkout_page_without_keys_is_pay_on_site(stripe_off, client, session):
    from tests.pages.test_stay import CHECKOUT, add_seat, checkout_data

    add_seat(client, session, party_size=2)
    client.post(CHECKOUT, checkout_data())
    assert not Payment.objects.exists() and Booking.objects.get().status == Booking.Status.CONFIRMED
