"""Staff refund of a gift voucher bought by card (against localstripe): only the unspent balance,
which goes down by it (ledger « remboursé »), the voucher cancelled at zero; the confirmation page
says so; the buyer's e-mail carries the credit note in plain text."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from invoicing.models import Invoice
from payments import services as payment_services
from payments.exceptions import RefundError
from payments.models import Payment, Refund
from tests.localstripe import card_token
from vouchers import services
from vouchers.models import Movement, Voucher

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
PURCHASE = {
    "kind": "amount",
    "amount": "50",
    "seats": "1",
    "buyer_name": "Zoé L'Hôte & fils",
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
def bought(stripe_on, visitor, django_capture_on_commit_callbacks):
    """A 50 € voucher bought online and paid by card."""
    visitor.post(reverse("vouchers:purchase"), {**PURCHASE, "pay": "card"})
    payment = Payment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        payment_services.payment_confirm(payment=payment, card_token=card_token(stripe_on))
    payment.refresh_from_db()
    voucher = Voucher.objects.get()
    assert voucher.status == Voucher.Status.ACTIVE and payment.is_paid
    mail.outbox.clear()
    return payment, voucher


def _url(payment):
    return reverse("payments_staff:refund_create", args=[payment.public_id])


def test_refunding_the_unspent_balance_cancels_the_voucher_and_mails_the_credit_note(
    bought, staff_client, django_capture_on_commit_callbacks
):
    payment, voucher = bought
    services.voucher_redeem(code=voucher.code, amount="20", reference="ticket:T1")
    form = {"amount": "30", "reason": "cadeau non voulu"}
    confirm = staff_client.post(_url(payment), form)
    assert confirm.status_code == 200
    assert f"Le bon {voucher.display_code} sera annulé : solde 0,00 €." in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = staff_client.post(_url(payment), {**form, "confirmed": "1"})
    assert done.status_code == 302
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.CANCELLED and voucher.balance == Decimal("0.00")
    refunded = voucher.movements.get(kind=Movement.Kind.REFUND)
    assert refunded.amount == Decimal("-30.00") and refunded.get_kind_display() == "remboursé"
    assert sum(m.amount for m in voucher.movements.all()) == Decimal("0.00")
    refund = Refund.objects.get()
    assert refund.amount == Decimal("30.00") and refund.status == Refund.Status.SUCCEEDED
    note = Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE)
    assert abs(note.total_ttc) == Decimal("30.00")
    email = next(m for m in mail.outbox if "Votre remboursement" in m.subject)
    assert email.to == ["zoe@example.org"]
    assert f"Le bon cadeau {voucher.display_code} est annulé." in email.body
    assert note.number in email.body and f"30,00{NBSP}€" in email.body
    assert "L'Hôte" in email.body and "&#" not in email.body and "&amp;" not in email.body
    # The voucher can no longer be spent.
    with pytest.raises(services.errors.VoucherError):
        services.voucher_redeem(code=voucher.code, amount="1", reference="ticket:T2")


def test_a_partial_refund_lowers_the_balance_and_keeps_the_voucher(bought, staff_client):
    payment, voucher = bought
    confirm = staff_client.post(_url(payment), {"amount": "10", "reason": "geste"})
    assert f"Le solde du bon {voucher.display_code} passera à 40,00{NBSP}€." in confirm.content.decode()
    staff_client.post(_url(payment), {"amount": "10", "reason": "geste", "confirmed": "1"})
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ACTIVE and voucher.balance == Decimal("40.00")


def test_more_than_the_unspent_balance_is_refused_naming_the_amount(bought, staff_client):
    payment, voucher = bought
    services.voucher_redeem(code=voucher.code, amount="20", reference="ticket:T1")
    response = staff_client.post(_url(payment), {"amount": "50", "reason": "erreur"})
    assert response.status_code == 400
    error = response.context["form"].errors["amount"][0]
    assert error == (
        f"Montant : le bon {voucher.display_code} n'a plus que 30,00{NBSP}€ de solde ; "
        "on ne rembourse que ce qui n'a pas été dépensé."
    )
    assert 'value="50"' in response.content.decode()
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("30.00") and not Refund.objects.exists()


def test_a_spent_voucher_cannot_be_refunded(bought, staff_user):
    payment, voucher = bought
    services.voucher_redeem(code=voucher.code, amount="50", reference="ticket:T1")
    with pytest.raises(RefundError) as exc:
        payment_services.refund_create(payment_id=payment.pk, amount="10", reason="x", actor=staff_user)
    assert exc.value.field == "amount" and "est déjà dépensé" in str(exc.value.message)
    assert not Refund.objects.exists()
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ACTIVE and not voucher.movements.filter(kind="refund").exists()


def test_a_second_refund_of_a_cancelled_voucher_is_refused(bought, staff_user):
    payment, voucher = bought
    payment_services.refund_create(payment_id=payment.pk, amount="50", reason="tout", actor=staff_user)
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.CANCELLED
    with pytest.raises(RefundError):
        payment_services.refund_create(payment_id=payment.pk, amount="0,01", reason="x", actor=staff_user)
