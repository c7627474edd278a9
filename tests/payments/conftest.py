import pytest

from tests.localstripe import localstripe_url, stripe_off, stripe_on  # noqa: F401


@pytest.fixture
def hook_calls():
    """Register recording handlers for the test reference kind; removed afterwards."""
    from payments import hooks

    calls: list[tuple[str, str]] = []
    handlers = {
        event: (lambda payment, event=event: calls.append((event, payment.reference_id)))
        for event in ("succeeded", "failed", "expired")
    }
    for event, handler in handlers.items():
        hooks.register(f"test.thing:{event}", handler)
    yield calls
    for event, handler in handlers.items():
        hooks.unregister(f"test.thing:{event}", handler)


def card_and_voucher_stay(stripe, capture_on_commit, *, days_ahead: int):
    """A paid stay of 70 € of seats (2 × 35 €): 50 € by gift voucher, 20 € by card.
    Returns (payment, voucher, booking)."""
    import datetime
    import uuid
    from decimal import Decimal

    from django.utils import timezone

    from pages.services import SeatRequest, stay_checkout
    from payments import services
    from payments.models import Payment
    from tests.factories.vouchers import issued_voucher
    from tests.factories.workshops import SessionFactory, WorkshopFactory
    from tests.localstripe import card_token
    from workshops.models import Booking

    workshop = WorkshopFactory(price=Decimal("35.00"), child_price=None, max_participants=8)
    start = (timezone.now() + datetime.timedelta(days=days_ahead)).replace(minute=0, second=0, microsecond=0)
    session = SessionFactory(workshop=workshop, start=start, capacity=6)
    voucher = issued_voucher("50.00")
    with capture_on_commit(execute=True):
        result = stay_checkout(
            idempotency_key=uuid.uuid4(),
            seats=[SeatRequest(session_id=session.pk, public_id=str(session.public_id), party_size=2)],
            products={},
            name="Léa Martin",
            email="lea@example.org",
            pay_online=True,
            deduction_context={"codes": [voucher.code]},
        )
    payment = Payment.objects.get(public_id=result.payment_id)
    with capture_on_commit(execute=True):
        services.payment_confirm(payment=payment, card_token=card_token(stripe))
    payment.refresh_from_db()
    booking = Booking.objects.get(reference=result.booking_references[0])
    return payment, voucher, booking
