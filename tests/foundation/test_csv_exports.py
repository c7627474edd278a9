"""Issue 11 point 6: one CSV helper for every export (UTF-8 BOM, ';', decimal commas,
JJ/MM/AAAA, formula-safe), and every export read back as a French spreadsheet would."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from common.exports import csv_cell, csv_response
from shop import services as shop_services
from tests.factories.network import ContactFactory
from tests.factories.shop import ProductFactory, sell_on
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory

ROOT = Path(settings.BASE_DIR)
FRENCH_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}( \d{2}:\d{2})?$")


def _read(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith("\ufeff".encode()), "UTF-8 BOM first"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_no_csv_writer_outside_the_helper():
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {".venv", "tests", "node_modules"} or rel == Path("common/exports.py"):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if "csv.writer(" in text or "csv.DictWriter(" in text:
            offenders.append(str(rel))
    assert offenders == [], f"use common.exports.csv_response: {offenders}"


def test_cells_in_french_form():
    aware = timezone.make_aware(datetime.datetime(2026, 4, 1, 9, 5))
    assert csv_cell(Decimal("224.00")) == "224,00"
    assert csv_cell(Decimal("-12.50")) == "-12,50"
    assert csv_cell(50.0) == "50,0"
    assert csv_cell(datetime.date(2026, 4, 1)) == "01/04/2026"
    assert csv_cell(aware) == "01/04/2026 09:05"
    assert (csv_cell(True), csv_cell(False), csv_cell(None)) == ("oui", "non", "")
    assert csv_cell("=1+2") == "'=1+2" and csv_cell("Léa & <Cie>") == "Léa & <Cie>"


def test_helper_response_is_an_attachment_with_bom():
    response, writer = csv_response(filename="x.csv")
    writer.writerow(["a", Decimal("1.5"), datetime.date(2026, 1, 2)])
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content.decode("utf-8") == "\ufeffa;1,5;02/01/2026\r\n"


@pytest.mark.django_db
def test_network_exports_read_back(staff_client, member):
    member.joined_on = datetime.date(2025, 3, 1)
    member.save()
    rows = _read(staff_client.get(reverse("network_staff:member_export")))
    row = next(r for r in rows if r[0] == member.name)
    assert "01/03/2025" in row
    ContactFactory(email="oui@example.org", marketing_consent=True, consent_given_at=timezone.now())
    rows = _read(staff_client.get(reverse("network_staff:contact_export")))
    assert rows[1][0] == "oui@example.org" and FRENCH_DATE.match(rows[1][5])


@pytest.mark.django_db
def test_workshop_exports_read_back(member, member_client, staff_client):
    session = SessionFactory(workshop=WorkshopFactory(member=member))
    BookingFactory(session=session, email="oui@example.org", consent_contact=True, price=Decimal("42.50"))
    rows = _read(member_client.get(reverse("workshops_portal:participants_csv", args=[session.public_id])))
    assert "42,50" in rows[1]
    rows = _read(staff_client.get(reverse("workshops_staff:contacts_csv")))
    # Since main's merge the contacts export lists past sessions only: header + French dates.
    assert rows[0][0] == "E-mail" and all(FRENCH_DATE.match(r[2]) for r in rows[1:])


@pytest.mark.django_db
def test_shop_exports_read_back(member, member_client, staff_client, staff_user):
    product = ProductFactory(member=member, price=Decimal("32.00"), stock=10)
    day = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
    for _ in range(7):
        sell_on(day, quantities={product.pk: 1}, seller=staff_user)
    shop_services.statement_close(
        statement=shop_services.statement_generate(member=member, period=day), actor=staff_user
    )
    month = f"{day:%Y-%m}"
    for response in (
        member_client.get(reverse("shop_portal:statement_csv", args=[month])),
        staff_client.get(reverse("shop_staff:statement_csv", args=[member.slug, month])),
    ):
        rows = _read(response)
        total = next(r for r in rows if r[0] == "Total")
        assert total[3:5] == ["224,00", "37,33"]
        assert [r for r in rows if r[0] == "Net dû au membre"][0][-1] == "179,20"
    rows = _read(staff_client.get(reverse("shop_staff:dashboard_csv")))
    assert all(FRENCH_DATE.match(r[0]) for r in rows[1:]) and len(rows) > 1
    assert all("." not in cell for r in rows[1:] for cell in r[1:])


# The self-diagnosis synthesis export is read back in tests/selfdiagnosis/test_results.py
# (« 50,0 » with a decimal comma).
