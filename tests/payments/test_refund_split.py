"""Staff refund of a stay paid partly by gift voucher (against localstripe): the form shows the
split, the card part goes back through the provider and the voucher part to the voucher, in one
transaction with one credit note; card-only is allowed only up to what the card paid."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from invoicing.models import Invoice
from payments import services
from payments.exceptions import RefundError
from payments.models import Refund
from tests.payments.conftest import card_and_voucher_stay
from vouchers.models import Movement

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def paid_stay(stripe_on, django_capture_on_commit_callbacks):
    """70 € of seats: 50 € by voucher, 20 € by card (paid)."""
    return card_and_voucher_stay(stripe_on, django_capture_on_commit_callbacks, days_ahead=5)


def _url(payment, name="refund_create"):
    return reverse(f"payments_staff:{name}", args=[payment.public_id])


def test_the_staff_page_shows_the_card_and_voucher_parts_with_the_box_checked(paid_stay, staff_client):
    payment, _voucher, _booking = paid_stay
    page = staff_client.get(payment.get_staff_url()).content.decode()
    assert f"Reste remboursable : 70,00{NBSP}€" in page
    assert f"Payé par carte (reste) : 20,00{NBSP}€ · payé par bon cadeau (reste) : 50,00{NBSP}€" in page
    assert 'name="to_voucher" id="id_to_voucher" checked' in page


def test_a_split_refund_goes_back_to_card_and_voucher_with_one_credit_note(
    paid_stay, staff_client, django_capture_on_commit_callbacks
):
    payment, voucher, booking = paid_stay
    key = str(uuid.uuid4())
    form = {"amount": "35,00", "reason": "atelier écourté", "to_voucher": "on", "idempotency_key": key}
    confirm = staff_client.post(_url(payment), form)
    page = confirm.content.decode()
    assert confirm.status_code == 200
    # 35 € shared as the stay was paid: 20/70 on the card, 50/70 on the voucher.
    assert f"10,00{NBSP}€ seront remboursés sur la carte" in page
    assert f"25,00{NBSP}€ seront recrédités sur le bon cadeau" in page
    assert f"Un seul avoir de 35,00{NBSP}€ sera émis." in page
    assert not Refund.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = staff_client.post(_url(payment), {**form, "confirmed": "1"})
        again = staff_client.post(_url(payment), {**form, "confirmed": "1"})  # a double click
    assert done.status_code == again.status_code == 302
    refund = Refund.objects.get()
    assert (refund.amount, refund.voucher_amount) == (Decimal("10.00"), Decimal("25.00"))
    assert refund.status == Refund.Status.SUCCEEDED and refund.provider_ref  # localstripe refunded it
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("25.00")
    assert voucher.movements.filter(kind=Movement.Kind.RECREDIT, amount=Decimal("25.00")).count() == 1
    notes = Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE)
    assert notes.count() == 1 and abs(notes.get().total_ttc) == Decimal("35.00")
    staff_page = staff_client.get(payment.get_staff_url()).content.decode()
    assert f"25,00{NBSP}€ recrédités sur le bon cadeau" in staff_page
    manage = staff_client.get(booking.get_manage_url()).content.decode()
    assert (
        f"Remboursement de 35,00{NBSP}€" in manage
        and f"dont 25,00{NBSP}€ recrédités sur le bon cadeau" in manage
    )
    email = next(m for m in mail.outbox if "Votre remboursement" in m.subject)
    assert f"Recrédité sur votre bon cadeau : 25,00{NBSP}€" in email.body and "Avoir " in email.body
    assert "&#" not in email.body and "&amp;" not in email.body


def test_card_only_is_refused_beyond_what_the_card_paid_and_keeps_the_input(paid_stay, staff_client):
    payment, voucher, _booking = paid_stay
    response = staff_client.post(_url(payment), {"amount": "30", "reason": "geste commercial"})
    assert response.status_code == 400
    assert "la carte n'a payé que 20,00 €" in response.context["form"].errors["to_voucher"][0]
    page = response.content.decode()
    assert 'value="30"' in page and 'value="geste commercial"' in page
    assert not Refund.objects.exists()


def test_card_only_within_what_the_card_paid_leaves_the_voucher_alone(paid_stay, staff_user):
    payment, voucher, _booking = paid_stay
    refund = services.refund_create(payment_id=payment.pk, amount="15", reason="geste", actor=staff_user)
    assert (refund.amount, refund.voucher_amount) == (Decimal("15.00"), Decimal("0.00"))
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("0.00")


def test_the_whole_stay_refunded_to_the_cent_then_nothing_is_left(paid_stay, staff_user):
    payment, voucher, _booking = paid_stay
    first = services.refund_create(
        payment_id=payment.pk, amount="0,01", reason="essai", actor=staff_user, to_voucher=True
    )
    assert first.total == Decimal("0.01")
    rest = services.refund_create(
        payment_id=payment.pk, amount="69,99", reason="tout", actor=staff_user, to_voucher=True
    )
    refunds = [first, rest]
    assert sum(r.amount for r in refunds) == Decimal("20.00")
    assert sum(r.voucher_amount for r in refunds) == Decimal("50.00")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("50.00")
    with pytest.raises(RefundError) as exc:
        services.refund_create(
            payment_id=payment.pk, amount="1", reason="encore", actor=staff_user, to_voucher=True
        )
    assert exc.value.field == "amount"


def test_more_than_card_and_voucher_is_refused_naming_the_amount(paid_stay, staff_client):
    payment, _voucher, _booking = paid_stay
    response = staff_client.post(_url(payment), {"amount": "80", "reason": "x", "to_voucher": "on"})
    assert response.status_code == 400
    assert response.context["form"].errors["amount"] == [
        "Montant : au plus 70,00 € restent remboursables, carte et bon cadeau compris."
    ]


@pytest.mark.parametrize("persona", ["member_client", "other_client", "plain_client"])
def test_non_staff_cannot_refund(request, persona, paid_stay):
    payment, voucher, _booking = paid_stay
    client = request.getfixturevalue(persona)
    form = {"amount": "35", "reason": "x", "to_voucher": "on", "confirmed": "1"}
    assert client.post(_url(payment), form).status_code == 403
    assert client.get(payment.get_staff_url()).status_code == 403
    assert not Refund.objects.exists()


def test_anonymous_is_sent_to_the_login(paid_stay, client):
    payment, _voucher, _booking = paid_stay
    response = client.post(_url(payment), {"amount": "35", "reason": "x", "confirmed": "1"})
    assert response.status_code == 302 and "/comptes/login/" in response.url
    assert not Refund.objects.exists()
