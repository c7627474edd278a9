"""Receipts of online sales paid by card and credit notes of their refunds (issue 13, point 7),
issued from the payments hooks after commit, against localstripe."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from invoicing.models import Invoice
from invoicing.receipts import public_document_url
from pages.services import SeatRequest, stay_checkout
from payments import services
from payments.models import Payment, Refund
from tests.factories.shop import ProductFactory
from tests.factories.workshops import SessionFactory, WorkshopFactory
from tests.localstripe import card_token, localstripe_url, stripe_on  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_stay(stripe_on, django_capture_on_commit_callbacks):  # noqa: F811
    workshop = WorkshopFactory(title="Tournage sur bois", price=Decimal("35.00"), child_price=None)
    start = (timezone.now() + datetime.timedelta(days=5)).replace(minute=0, second=0, microsecond=0)
    session = SessionFactory(workshop=workshop, start=start, capacity=6)
    honey = ProductFactory(name="Miel de montagne", price=Decimal("9.90"), stock=3, vat_rate="5.50")
    result = stay_checkout(
        idempotency_key=uuid.uuid4(),
        seats=[SeatRequest(session_id=session.pk, public_id=str(session.public_id), party_size=2)],
        products={honey.pk: 1},
        name="Léa Martin",
        email="lea@example.org",
        phone="06 12 34 56 78",
        pay_online=True,
    )
    payment = Payment.objects.get(public_id=result.payment_id)
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_confirm(payment=payment, card_token=card_token(stripe_on))
    payment.refresh_from_db()
    return result, payment


def test_a_stay_paid_by_card_gets_a_numbered_paid_receipt_with_vat_per_rate(paid_stay, visitor):
    result, payment = paid_stay
    receipt = Invoice.objects.get(reference_kind="payments.payment", reference_id=str(payment.public_id))
    assert receipt.number.startswith("F") and receipt.status == Invoice.Status.PAID
    assert receipt.payment_method == "carte" and receipt.buyer_name == "Léa Martin"
    assert receipt.total_ttc == Decimal("79.90") == payment.amount
    rates = {row["rate"] for row in receipt.vat_breakdown()}
    assert rates == {Decimal("20.00"), Decimal("5.50")}
    labels = [line.label for line in receipt.lines.all()]
    assert any(result.booking_references[0] in label for label in labels)
    # The « paiement reçu » e-mail links the receipt; the link opens the PDF for whoever holds it.
    paid = next(m for m in mail.outbox if "Paiement reçu" in m.subject)
    link = next(line.split(" ")[-1] for line in paid.body.splitlines() if receipt.number in line)
    response = visitor.get(urlsplit(link).path)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # The confirmation page (where the pay page returns) shows it too.
    assert payment.return_url == reverse("pages:stay_confirmation", args=[result.key])
    page = visitor.get(payment.return_url).content.decode()
    assert receipt.number in page and "Payé en ligne par carte" in page


def test_each_refund_gets_a_credit_note_never_above_the_receipt(
    paid_stay, staff_user, django_capture_on_commit_callbacks
):
    result, payment = paid_stay
    receipt = Invoice.objects.get(reference_id=str(payment.public_id))
    with django_capture_on_commit_callbacks(execute=True):
        services.refund_create(
            payment_id=payment.pk,
            amount="35",
            reason="une personne de moins",
            actor=staff_user,
            lines=[f"booking:{result.booking_references[0]}"],
        )
    note = receipt.credit_notes.get()
    assert note.number.startswith("AV") and note.total_ttc == Decimal("35.00")
    assert note.reference_kind == "payments.refund"
    with django_capture_on_commit_callbacks(execute=True):
        services.refund_create(payment_id=payment.pk, amount="44,90", reason="tout annulé", actor=staff_user)
    assert receipt.credit_notes.count() == 2
    assert receipt.credited_total == receipt.total_ttc == Decimal("79.90")
    # Replaying the credit-note task changes nothing.
    from invoicing.receipts import refund_credit_note_issue

    for refund in Refund.objects.all():
        refund_credit_note_issue(refund_id=refund.pk)
    assert receipt.credit_notes.count() == 2


def test_staff_payment_page_links_the_receipt_and_others_get_nothing(
    paid_stay, staff_client, member_client, visitor
):
    _result, payment = paid_stay
    receipt = Invoice.objects.get(reference_id=str(payment.public_id))
    url = reverse("payments_staff:payment_detail", args=[payment.public_id])
    page = staff_client.get(url).content.decode()
    assert receipt.number in page and reverse("invoicing_staff:detail", args=[receipt.public_id]) in page
    assert member_client.get(url).status_code == 403
    assert visitor.get(url).status_code == 302


def test_a_signed_link_of_one_invoice_does_not_open_another(paid_stay, visitor):
    _result, payment = paid_stay
    receipt = Invoice.objects.get(reference_id=str(payment.public_id))
    good = public_document_url(receipt)
    assert visitor.get(good).status_code == 200
    token = good.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert visitor.get(reverse("invoicing:document", args=[forged])).status_code == 404
    other = signing.dumps(str(uuid.uuid4()), salt="invoicing.document")
    assert visitor.get(reverse("invoicing:document", args=[other])).status_code == 404
