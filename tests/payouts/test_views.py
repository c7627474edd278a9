"""Pages of payouts: /staff/versements/ (office staff only) and /portail/versements/ (own only)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from payouts import services
from payouts.models import Payout, SepaExport
from shop.models import Statement
from shop.services.statements import statement_close_month
from tests.factories.network import MemberFactory
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory

from .conftest import VALID_IBANS, at, last_month, pay_online

MONTH = reverse("payouts_staff:month")


def _closed_month(staff_user, *members, price="50.00"):
    period = last_month()
    for m in members:
        booking = BookingFactory(
            session=SessionFactory(workshop=WorkshopFactory(member=m)), price=Decimal(price)
        )
        pay_online([booking], paid_at=at(period, 7))
    statement_close_month(period=period, actor=staff_user)
    return period


@pytest.mark.django_db
def test_staff_month_page_lists_each_member_with_net_iban_status_and_paid(
    staff_client, staff_user, member, other_member, office_account
):
    services.member_bank_update(
        member=member, actor=staff_user, iban=VALID_IBANS["alice"][0], bic="", holder="Alice"
    )
    period = _closed_month(staff_user, member, other_member)

    response = staff_client.get(MONTH, {"mois": f"{period:%Y-%m}"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Atelier d&#x27;Alice" in html and "Atelier de Bob" in html
    assert "IBAN valide" in html and "IBAN manquant" in html
    assert "40,00" in html  # 50,00 − 20 % commission
    assert "Créer le fichier SEPA" in html


@pytest.mark.django_db
def test_staff_month_page_queries_do_not_grow_with_members(
    staff_client, staff_user, django_assert_max_num_queries
):
    members = [MemberFactory() for _ in range(6)]
    period = _closed_month(staff_user, *members)
    with django_assert_max_num_queries(40):
        assert staff_client.get(MONTH, {"mois": f"{period:%Y-%m}"}).status_code == 200


@pytest.mark.django_db
def test_staff_records_a_payout_by_hand_and_a_double_post_changes_nothing(staff_client, staff_user, member):
    period = _closed_month(staff_user, member)
    url = reverse("payouts_staff:record", kwargs={"member": member.slug, "period": f"{period:%Y-%m}"})
    data = {"paid_on": "2026-01-05", "reference": "CHQ 0012", "method": "cheque"}

    first = staff_client.post(url, data)
    second = staff_client.post(url, data)

    assert first.status_code == second.status_code == 302
    payout = Payout.objects.get()
    assert (payout.amount, payout.method, payout.reference) == (Decimal("40.00"), "cheque", "CHQ 0012")
    assert Statement.objects.get(member=member).status == Statement.Status.PAID
    page = staff_client.get(second["Location"]).content.decode()
    assert "déjà enregistré" in page


@pytest.mark.django_db
def test_staff_sepa_export_downloads_the_file_and_lists_who_was_left_out(
    staff_client, staff_user, member, other_member, office_account
):
    services.member_bank_update(
        member=member, actor=staff_user, iban=VALID_IBANS["alice"][0], bic="", holder="Alice"
    )
    period = _closed_month(staff_user, member, other_member)

    response = staff_client.post(
        reverse("payouts_staff:sepa_create"),
        {"period": f"{period:%Y-%m}", "execution_date": "2026-01-06"},
        follow=True,
    )

    html = response.content.decode()
    assert "1 virement(s)" in html and "Atelier de Bob" in html
    export = SepaExport.objects.get()
    download = staff_client.get(
        reverse("payouts_staff:sepa_download", kwargs={"public_id": export.public_id})
    )
    assert download.status_code == 200 and download["Content-Type"].startswith("application/xml")
    assert VALID_IBANS["alice"][0] in download.content.decode()


@pytest.mark.django_db
def test_coordinators_cannot_open_the_payouts_pages(coordinator_client, member):
    assert coordinator_client.get(MONTH).status_code == 403
    assert (
        coordinator_client.get(reverse("payouts_staff:bank", kwargs={"slug": member.slug})).status_code == 403
    )


@pytest.mark.django_db
def test_staff_bank_form_refuses_a_bad_iban_in_french_and_keeps_what_was_typed(staff_client, member):
    url = reverse("payouts_staff:bank", kwargs={"slug": member.slug})
    response = staff_client.post(url, {"holder": "Alice", "iban": "FR76 1234", "bic": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "IBAN : ce numéro n&#x27;est pas un IBAN valide" in html and "FR76 1234" in html
    member.refresh_from_db()
    assert member.iban == ""


@pytest.mark.django_db
def test_portal_shows_the_members_own_payouts_only(
    member_client, other_client, staff_user, member, other_member
):
    period = _closed_month(staff_user, member, other_member)
    for m, ref in ((member, "VIR-ALICE"), (other_member, "VIR-BOB")):
        services.payout_record(
            member=m, period=period, paid_on=period, reference=ref, method="transfer", actor=staff_user
        )

    alice = member_client.get(reverse("payouts_portal:home")).content.decode()
    bob = other_client.get(reverse("payouts_portal:home")).content.decode()

    assert "VIR-ALICE" in alice and "VIR-BOB" not in alice
    assert "VIR-BOB" in bob and "VIR-ALICE" not in bob
    assert "40,00" in alice


@pytest.mark.django_db
def test_portal_bank_form_saves_the_members_own_account_only(
    member_client, other_client, member, other_member
):
    url = reverse("payouts_portal:bank")
    bad = member_client.post(url, {"holder": "Alice", "iban": "FR7630006000011234567890188", "bic": ""})
    assert "clé de contrôle" in bad.content.decode()

    response = other_client.post(url, {"holder": "Robert Durand", "iban": VALID_IBANS["bob"][0], "bic": ""})

    assert response.status_code == 302
    member.refresh_from_db()
    other_member.refresh_from_db()
    assert member.iban == "" and other_member.iban == VALID_IBANS["bob"][0]
    assert other_member.bic == "PSSTFRPP"


@pytest.mark.django_db
def test_payouts_pages_refuse_anonymous_visitors(visitor, member):
    for url in (MONTH, reverse("payouts_portal:home"), reverse("payouts_portal:bank")):
        response = visitor.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/comptes/login/")
