"""Voucher pages: public purchase, order page and PDF, balance check with rate limiting, and the
office staff pages (look up, sell at the desk, spend, extend, cancel)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories.vouchers import issued_voucher, pending_voucher
from tests.factories.workshops import WorkshopFactory
from vouchers import codes
from vouchers.models import Movement, Voucher

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


PURCHASE = {
    "kind": "amount",
    "amount": "50",
    "seats": "1",
    "buyer_name": "Zoé L'Hôte & fils",
    "buyer_email": "zoe@example.org",
    "recipient_name": "Lou",
    "message": "Joyeux Noël",
}


def test_purchase_creates_an_order_pending_payment_at_the_desk(visitor):
    response = visitor.post(reverse("vouchers:purchase"), PURCHASE)
    voucher = Voucher.objects.get()
    assert response.status_code == 302 and response["Location"] == voucher.get_order_url()
    assert voucher.status == "pending" and voucher.amount == Decimal("50.00")
    page = visitor.get(voucher.get_order_url())
    assert "Payer sur place" in page.content.decode()
    assert voucher.display_code not in page.content.decode()
    assert visitor.get(reverse("vouchers:order_pdf", args=[voucher.order_key])).status_code == 404


def test_purchase_of_a_workshop_voucher_prices_seats_on_the_server(visitor):
    workshop = WorkshopFactory(price=Decimal("35.00"))
    data = {**PURCHASE, "kind": "workshop", "workshop": workshop.pk, "seats": "3", "amount": "1"}
    visitor.post(reverse("vouchers:purchase"), data)
    assert Voucher.objects.get().amount == Decimal("105.00")


@pytest.mark.parametrize(
    ("change", "field_text"),
    [
        ({"amount": "5"}, "10"),
        ({"amount": ""}, "Montant"),
        ({"buyer_email": "pas-un-email"}, "adresse"),
        ({"kind": "workshop", "workshop": ""}, "Atelier"),
    ],
)
def test_bad_purchase_input_names_the_field_keeps_the_input_and_creates_nothing(visitor, change, field_text):
    response = visitor.post(reverse("vouchers:purchase"), {**PURCHASE, **change})
    body = response.content.decode()
    assert response.status_code == 400 and field_text in body
    assert "Zoé L&#x27;Hôte &amp; fils" in body
    assert Voucher.objects.count() == 0


def test_an_issued_order_shows_the_code_and_its_pdf(visitor):
    voucher = issued_voucher()
    page = visitor.get(voucher.get_order_url()).content.decode()
    assert voucher.display_code in page
    response = visitor.get(reverse("vouchers:order_pdf", args=[voucher.order_key]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_pdf_carries_the_code_the_expiry_and_the_mentions_as_text(visitor):
    from io import BytesIO

    from pypdf import PdfReader

    voucher = issued_voucher(recipient_name="Léa <b>gras</b> & Cie")
    pdf = visitor.get(reverse("vouchers:order_pdf", args=[voucher.order_key])).content
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert voucher.display_code in text
    assert voucher.expires_on.strftime("%Y") in text and "Valable jusqu" in text
    assert "Léa <b>gras</b> & Cie" in text
    assert "Non remboursable" in text


def test_balance_page_shows_the_balance_and_rate_limits_guesses(visitor, settings):
    settings.VOUCHER_GUESS_LIMIT = 3
    voucher = issued_voucher("42.00")
    ok = visitor.post(reverse("vouchers:balance"), {"code": codes.display(voucher.code)})
    assert ok.status_code == 200 and "42,00" in ok.content.decode()
    for _ in range(3):
        wrong = visitor.post(reverse("vouchers:balance"), {"code": "AAAA-BBBB-CCCC-DD"})
        assert wrong.status_code == 400 and "Code de bon cadeau inconnu" in wrong.content.decode()
    blocked = visitor.post(reverse("vouchers:balance"), {"code": voucher.code})
    assert blocked.status_code == 429 and "Trop de codes" in blocked.content.decode()


def test_unknown_order_key_is_404(visitor):
    import uuid

    assert visitor.get(reverse("vouchers:order", args=[uuid.uuid4()])).status_code == 404


# --------------------------------------------------------------------------- staff


def test_staff_list_shows_liability_and_finds_by_code(staff_client):
    voucher = issued_voucher("50.00")
    pending_voucher()
    page = staff_client.get(reverse("vouchers_staff:list"), {"q": voucher.code[:6]}).content.decode()
    assert voucher.display_code in page and "50,00" in page


def test_staff_list_query_count_does_not_grow(staff_client, django_assert_max_num_queries):
    for _ in range(3):
        issued_voucher()
    with django_assert_max_num_queries(14):
        staff_client.get(reverse("vouchers_staff:list"))
    for _ in range(6):
        issued_voucher(workshop=None)
    with django_assert_max_num_queries(14):
        staff_client.get(reverse("vouchers_staff:list"))


def test_staff_sell_at_the_desk_issues_the_voucher(staff_client):
    voucher = pending_voucher("30.00")
    response = staff_client.post(
        reverse("vouchers_staff:issue", args=[voucher.public_id]), {"payment_method": "cash"}
    )
    assert response.status_code == 302
    voucher.refresh_from_db()
    assert (
        voucher.status == "active"
        and voucher.balance == Decimal("30.00")
        and voucher.payment_method == "cash"
    )


def test_staff_redeem_at_the_desk_and_bad_amount_keeps_input(staff_client):
    voucher = issued_voucher("30.00")
    url = reverse("vouchers_staff:redeem")
    bad = staff_client.post(url, {"code": voucher.code, "amount": "45", "reference": "CAISSE-12"})
    assert (
        bad.status_code == 400 and "Montant" in bad.content.decode() and "CAISSE-12" in bad.content.decode()
    )
    ok = staff_client.post(url, {"code": voucher.code, "amount": "12,50", "reference": "CAISSE-12"})
    assert ok.status_code == 302
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("17.50")


def test_staff_extend_and_cancel_with_confirmation(staff_client):
    voucher = issued_voucher("30.00")
    later = timezone.localdate() + datetime.timedelta(days=500)
    staff_client.post(
        reverse("vouchers_staff:extend", args=[voucher.public_id]), {"expires_on": later.isoformat()}
    )
    voucher.refresh_from_db()
    assert voucher.expires_on == later
    bad = staff_client.post(
        reverse("vouchers_staff:extend", args=[voucher.public_id]), {"expires_on": "2001-01-01"}
    )
    assert bad.status_code == 400 and "Nouvelle date" in bad.content.decode()
    confirm = staff_client.get(reverse("vouchers_staff:cancel", args=[voucher.public_id])).content.decode()
    assert "ramené à zéro" in confirm and "30,00" in confirm
    no_reason = staff_client.post(reverse("vouchers_staff:cancel", args=[voucher.public_id]), {"reason": ""})
    assert no_reason.status_code == 400
    voucher.refresh_from_db()
    assert voucher.status == "active"
    staff_client.post(reverse("vouchers_staff:cancel", args=[voucher.public_id]), {"reason": "Remboursé"})
    voucher.refresh_from_db()
    assert voucher.status == "cancelled" and voucher.balance == 0
    assert voucher.movements.last().kind == Movement.Kind.CANCEL


@pytest.mark.parametrize("name", ["list", "detail", "cancel", "pdf"])
def test_coordinators_and_members_cannot_open_voucher_pages(name, coordinator_client, member_client, visitor):
    voucher = issued_voucher()
    url = reverse(f"vouchers_staff:{name}", **({} if name == "list" else {"args": [voucher.public_id]}))
    assert coordinator_client.get(url).status_code == 403
    assert member_client.get(url).status_code == 403
    assert visitor.get(url).status_code == 302


def test_coordinator_cannot_cancel_or_redeem(coordinator_client):
    voucher = issued_voucher("30.00")
    coordinator_client.post(reverse("vouchers_staff:cancel", args=[voucher.public_id]), {"reason": "x"})
    coordinator_client.post(
        reverse("vouchers_staff:redeem"), {"code": voucher.code, "amount": "5", "reference": "x"}
    )
    voucher.refresh_from_db()
    assert voucher.status == "active" and voucher.balance == Decimal("30.00")


def test_staff_recredit_what_a_refunded_sale_took_never_above_what_was_spent(staff_client):
    from vouchers import services

    voucher = issued_voucher("50.00")
    url = reverse("vouchers_staff:detail", args=[voucher.public_id])
    assert "Recréditer le bon" not in staff_client.get(url).content.decode()  # nothing spent yet
    services.voucher_redeem(code=voucher.code, amount="30.00", reference="stay:K1")
    page = staff_client.get(url).content.decode()
    assert "Recréditer le bon" in page and "30,00" in page
    recredit = reverse("vouchers_staff:recredit", args=[voucher.public_id])

    too_much = staff_client.post(recredit, {"amount": "35,00", "reason": "Remboursement du séjour K1"})
    assert too_much.status_code == 400 and "35,00" in too_much.content.decode()  # what was typed is kept
    no_reason = staff_client.post(recredit, {"amount": "12,50", "reason": ""})
    assert no_reason.status_code == 400 and "Motif" in no_reason.content.decode()
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("20.00")

    done = staff_client.post(recredit, {"amount": "12,50", "reason": "Remboursement du séjour K1"})
    assert done.status_code == 302
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("32.50")
    movement = voucher.movements.last()
    assert movement.kind == Movement.Kind.RECREDIT and movement.actor is not None


def test_recredit_is_refused_to_anonymous_members_and_coordinators(
    visitor, member_client, coordinator_client
):
    voucher = issued_voucher("50.00")
    recredit = reverse("vouchers_staff:recredit", args=[voucher.public_id])
    data = {"amount": "10", "reason": "x"}
    assert visitor.post(recredit, data).status_code == 302  # to the login page
    assert member_client.post(recredit, data).status_code == 403
    assert coordinator_client.post(recredit, data).status_code == 403
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("50.00")
