"""Gift vouchers through the payments app, against localstripe: bought online by card, spent as a
deduction in the stay basket (the rest by card), given back when the hold ends."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from invoicing.models import Invoice
from pages.exceptions import StayError
from pages.services import SeatRequest, stay_checkout
from payments import services as payment_services
from payments.models import Payment
from tests.factories.vouchers import issued_voucher
from tests.factories.workshops import SessionFactory, WorkshopFactory
from tests.localstripe import card_token
from vouchers.models import Movement, Voucher
from workshops.models import Booking

pytestmark = pytest.mark.django_db

PURCHASE = {
    "kind": "amount",
    "amount": "50",
    "seats": "1",
    "buyer_name": "Zoé L'Hôte",
    "buyer_email": "zoe@example.org",
    "recipient_name": "Lou",
    "message": "Joyeux Noël",
}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def session():
    workshop = WorkshopFactory(price=Decimal("35.00"), child_price=None, max_participants=8)
    start = (timezone.now() + datetime.timedelta(days=5)).replace(minute=0, second=0, microsecond=0)
    return SessionFactory(workshop=workshop, start=start, capacity=6)


def _checkout(session, *, party_size=2, codes=(), email="lea@example.org"):
    return stay_checkout(
        idempotency_key=uuid.uuid4(),
        seats=[SeatRequest(session_id=session.pk, public_id=str(session.public_id), party_size=party_size)],
        products={},
        name="Léa Martin",
        email=email,
        pay_online=True,
        deduction_context={"codes": list(codes)},
    )


def _expire(payment: Payment) -> None:
    Payment.objects.filter(pk=payment.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert payment_services.payments_expire_due() == 1


# --------------------------------------------------------------------------- buying online


def test_a_voucher_bought_online_is_issued_on_card_success_with_its_pdf_and_receipt(
    stripe_on, visitor, django_capture_on_commit_callbacks
):
    response = visitor.post(reverse("vouchers:purchase"), {**PURCHASE, "pay": "card"})
    voucher = Voucher.objects.get()
    payment = Payment.objects.get()
    assert response.status_code == 302 and response["Location"] == payment.get_absolute_url()
    assert payment.amount == Decimal("50.00") and payment.reference_id == str(voucher.public_id)
    assert payment.return_url == voucher.get_order_url()

    with django_capture_on_commit_callbacks(execute=True):
        payment_services.payment_confirm(payment=payment, card_token=card_token(stripe_on))
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ACTIVE and voucher.balance == Decimal("50.00")
    assert voucher.payment_method == "card"
    sent = [m for m in mail.outbox if m.to == ["zoe@example.org"] and m.attachments]
    assert len(sent) == 1 and sent[0].attachments[0][2] == "application/pdf"

    receipt = Invoice.objects.get(reference_kind="payments.payment", reference_id=str(payment.public_id))
    assert receipt.status == Invoice.Status.PAID and receipt.payment_method == "carte"
    assert receipt.total_ttc == Decimal("50.00") and receipt.total_vat == Decimal("0.00")  # multi-purpose
    assert receipt.number in sent[0].body
    link = next(line.split(" ")[-1] for line in sent[0].body.splitlines() if receipt.number in line)
    pdf = visitor.get(urlsplit(link).path)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    page = visitor.get(voucher.get_order_url()).content.decode()
    assert voucher.display_code in page and receipt.number in page


def test_the_shared_invoice_link_refuses_a_tampered_token(stripe_on, visitor):
    assert visitor.get(reverse("invoicing:document", args=["abc:def"])).status_code == 404


def test_an_expired_voucher_payment_cancels_the_order_and_a_late_success_still_issues_it(
    stripe_on, django_capture_on_commit_callbacks
):
    from vouchers.payment import voucher_payment_start
    from vouchers.services import voucher_order_create

    voucher = voucher_order_create(buyer_name="Tom", buyer_email="tom@example.org", amount=Decimal("30"))
    payment = voucher_payment_start(voucher=voucher)
    _expire(payment)
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.CANCELLED
    with django_capture_on_commit_callbacks(execute=True):
        payment_services.payment_apply(payment_id=payment.pk, status="succeeded")
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ACTIVE and voucher.balance == Decimal("30.00")


def test_the_order_page_offers_card_payment_for_a_pending_order(stripe_on, visitor):
    visitor.post(reverse("vouchers:purchase"), {**PURCHASE, "pay": "on_site"})
    voucher = Voucher.objects.get()
    assert not Payment.objects.exists()
    assert "Payer en ligne par carte" in visitor.get(voucher.get_order_url()).content.decode()
    response = visitor.post(reverse("vouchers:order_pay", args=[voucher.order_key]))
    assert response["Location"] == Payment.objects.get().get_absolute_url()
    # Another visitor without the secret link gets nothing.
    assert visitor.post(reverse("vouchers:order_pay", args=[uuid.uuid4()])).status_code == 404


def test_without_keys_a_voucher_is_paid_on_site(stripe_off, visitor):
    page = visitor.get(reverse("vouchers:purchase")).content.decode()
    assert "paiement en ligne n'est pas activé" in page
    visitor.post(reverse("vouchers:purchase"), PURCHASE)
    assert Voucher.objects.get().status == "pending" and not Payment.objects.exists()


# --------------------------------------------------------------------------- basket deduction


def test_a_voucher_pays_part_of_the_stay_and_the_rest_is_paid_by_card(
    stripe_on, session, django_capture_on_commit_callbacks
):
    voucher = issued_voucher("50.00")
    with django_capture_on_commit_callbacks(execute=True):
        result = _checkout(session, codes=[voucher.display_code])
    payment = Payment.objects.get(public_id=result.payment_id)
    assert result.to_pay == payment.amount == Decimal("20.00")  # 70 − 50, on the server
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("0.00")
    with django_capture_on_commit_callbacks(execute=True):
        payment_services.payment_confirm(payment=payment, card_token=card_token(stripe_on))
    booking = Booking.objects.get(reference=result.booking_references[0])
    assert booking.status == Booking.Status.CONFIRMED
    receipt = Invoice.objects.get(reference_id=str(payment.public_id))
    assert receipt.total_ttc == Decimal("70.00") and receipt.payment_method == "carte + bon cadeau"
    confirmation = next(m for m in mail.outbox if booking.reference in m.subject + m.body and m.attachments)
    assert "payé en ligne par carte" in confirmation.body and "régler sur place" not in confirmation.body


def test_a_voucher_is_given_back_when_the_hold_expires_once(stripe_on, session):
    voucher = issued_voucher("20.00")
    result = _checkout(session, party_size=1, codes=[voucher.code])
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("0.00")
    payment = Payment.objects.get(public_id=result.payment_id)
    assert payment.amount == Decimal("15.00")
    _expire(payment)
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("20.00")
    assert Booking.objects.get(reference=result.booking_references[0]).status == Booking.Status.CANCELLED
    from vouchers.payment import on_release

    on_release(reference=result.key)  # a second release changes nothing
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("20.00")
    assert voucher.movements.filter(kind=Movement.Kind.RECREDIT).count() == 1


def test_a_stay_fully_covered_by_a_voucher_is_confirmed_at_once(
    stripe_on, session, visitor, django_capture_on_commit_callbacks
):
    voucher = issued_voucher("100.00")
    with django_capture_on_commit_callbacks(execute=True):
        result = _checkout(session, codes=[voucher.code])
    assert result.payment_id == "" and result.to_pay == Decimal("0.00")
    assert not Payment.objects.exists()
    booking = Booking.objects.get(reference=result.booking_references[0])
    assert booking.status == Booking.Status.CONFIRMED
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("30.00")
    confirmation = next(m for m in mail.outbox if booking.reference in m.body and m.attachments)
    assert "réglé en ligne par bon cadeau" in confirmation.body
    manage = visitor.get(booking.get_manage_url()).content.decode()
    assert "réglé en ligne par bon cadeau" in manage and "régler sur place" not in manage
    page = visitor.get(reverse("pages:stay_confirmation", args=[result.key])).content.decode()
    assert "Entièrement réglé par bon cadeau" in page


def test_a_bad_or_foreign_workshop_voucher_refuses_the_checkout_and_holds_nothing(stripe_on, session):
    with pytest.raises(StayError) as exc:
        _checkout(session, codes=["ABCD-EFGH-JKLM-NP"])
    assert exc.value.line == "voucher" and "inconnu" in exc.value.message
    other = WorkshopFactory(price=Decimal("20.00"))
    from vouchers.services import voucher_issue, voucher_order_create

    bound = voucher_order_create(buyer_name="A", buyer_email="a@example.org", workshop=other, seats=1)
    voucher_issue(voucher_id=bound.pk, payment_method="card")
    with pytest.raises(StayError) as exc:
        _checkout(session, codes=[bound.code])
    assert "réservé à l'atelier" in exc.value.message
    session.refresh_from_db()
    assert session.seats_booked == 0 and not Booking.objects.exists() and not Payment.objects.exists()


def test_a_workshop_voucher_pays_only_its_workshop_lines(stripe_on, session):
    from vouchers.services import voucher_issue, voucher_order_create

    bound = voucher_order_create(
        buyer_name="A", buyer_email="a@example.org", workshop=session.workshop, seats=4
    )
    voucher_issue(voucher_id=bound.pk, payment_method="card")
    result = _checkout(session, party_size=1, codes=[bound.code])
    bound.refresh_from_db()
    assert result.to_pay == Decimal("0.00") and bound.balance == Decimal("105.00")


def test_the_checkout_page_takes_a_voucher_code_and_shows_its_error(stripe_on, session, visitor):
    voucher = issued_voucher("50.00")
    visitor.post(
        reverse("pages:stay_seat_add"), {"session": str(session.public_id), "party_size": 2, "children": 0}
    )
    page = visitor.get(reverse("pages:stay_checkout"))
    form = page.context["form"]
    assert "voucher_code" in form.fields
    data = {
        "name": "Léa Martin",
        "email": "lea@example.org",
        "idempotency_key": str(uuid.uuid4()),
        "voucher_code": "ZZZZ-ZZZZ-ZZZZ-ZZ",
    }
    bad = visitor.post(reverse("pages:stay_checkout"), data)
    assert bad.status_code == 200 and "inconnu" in bad.content.decode()
    assert not Booking.objects.exists()
    data.update(idempotency_key=str(uuid.uuid4()), voucher_code=voucher.display_code.lower())
    good = visitor.post(reverse("pages:stay_checkout"), data)
    payment = Payment.objects.get()
    assert good["Location"] == payment.get_absolute_url() and payment.amount == Decimal("20.00")


def test_without_keys_the_checkout_has_no_voucher_field(stripe_off, session, visitor):
    visitor.post(
        reverse("pages:stay_seat_add"), {"session": str(session.public_id), "party_size": 1, "children": 0}
    )
    assert "voucher_code" not in visitor.get(reverse("pages:stay_checkout")).context["form"].fields


def test_a_cancelled_booking_gives_the_voucher_its_share_back_after_the_card(
    stripe_on, session, django_capture_on_commit_callbacks
):
    from workshops.services import booking_cancel

    voucher = issued_voucher("50.00")
    result = _checkout(session, codes=[voucher.code])  # 70 €: 50 by voucher, 20 by card
    payment = Payment.objects.get(public_id=result.payment_id)
    with django_capture_on_commit_callbacks(execute=True):
        payment_services.payment_confirm(payment=payment, card_token=card_token(stripe_on))
    booking = Booking.objects.get(reference=result.booking_references[0])
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking_id=booking.pk)
    assert payment.refunds.get().amount == Decimal("20.00")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("50.00")
    booking_cancel(booking_id=booking.pk)  # idempotent
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("50.00") and payment.refunds.count() == 1


def test_a_stay_covered_by_a_voucher_and_cancelled_by_the_artisan_recredits_it(stripe_on, session):
    from workshops.services import session_cancel

    voucher = issued_voucher("100.00")
    _checkout(session, codes=[voucher.code])
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("30.00")
    session_cancel(session_id=session.pk, actor=None, reason="artisan malade")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("100.00")


def test_appliquer_previews_the_deduction_without_booking_or_spending(stripe_on, session, visitor):
    voucher = issued_voucher("50.00")
    visitor.post(
        reverse("pages:stay_seat_add"), {"session": str(session.public_id), "party_size": 2, "children": 0}
    )
    url = reverse("pages:stay_checkout")
    page = visitor.post(url, {"voucher_code": voucher.display_code, "apply_voucher": "1"})
    text = page.content.decode()
    assert page.status_code == 200 and "voucher-preview" in text
    assert "50,00" in text and "Reste à payer par carte : 20,00" in text
    assert page.context["form"]["voucher_code"].value() == voucher.display_code
    assert not page.context["form"].is_bound  # the other fields are not checked yet
    bad = visitor.post(url, {"voucher_code": "ZZZZ-ZZZZ-ZZZZ-ZZ", "apply_voucher": "1"}).content.decode()
    assert "inconnu" in bad
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("50.00") and not Booking.objects.exists()


def test_staff_voucher_page_links_its_online_payment(stripe_on, visitor, staff_client):
    visitor.post(reverse("vouchers:purchase"), {**PURCHASE, "pay": "card"})
    voucher, payment = Voucher.objects.get(), Payment.objects.get()
    page = staff_client.get(reverse("vouchers_staff:detail", args=[voucher.public_id])).content.decode()
    assert payment.get_staff_url() in page
