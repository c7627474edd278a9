"""Invoices and credit notes: gapless numbers, seller identity, VAT per rate on totals,
Factur-X (PDF/A-3 + CII XML EN 16931 checked against the library's XSD), the group booking's
invoice from the staff booking page, mark paid, access."""

from __future__ import annotations

import threading
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.urls import reverse
from facturx import get_xml_from_pdf, xml_check_xsd
from lxml import etree
from pypdf import PdfReader

from invoicing import services
from invoicing.exceptions import InvoicingError
from invoicing.models import Invoice
from invoicing.services import LineInput
from invoicing.services.documents import facturx_xml, invoice_facturx, invoice_pdf
from network.models import Office
from tests.factories.workshops import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db

BUYER = {"buyer_name": "École Jules-Ferry & « les Pins »", "buyer_kind": "person"}
SCHOOL = {
    "buyer_kind": "public",
    "buyer_name": "École élémentaire du Bourg <b>",
    "buyer_address": "1 place de la Mairie",
    "buyer_postcode": "38380",
    "buyer_city": "Saint-Laurent-du-Pont",
    "buyer_siret": "21380407500017",
    "buyer_reference": "BC-2026-117",
}


@pytest.fixture
def office(db):
    return Office.objects.create(
        name="Office de tourisme Cœur de Chartreuse",
        legal_name="OT Cœur de Chartreuse (EPIC)",
        is_main=True,
        address="Place de la Mairie",
        postcode="38380",
        city="Saint-Pierre-de-Chartreuse",
        siret="12345678900012",
        vat_number="FR12123456789",
        email="contact@ot.example",
    )


def _lines():
    return [
        LineInput("Atelier tournage", Decimal("3"), Decimal("35.00"), Decimal("20")),
        LineInput("Pot de miel", Decimal("2"), Decimal("8.40"), Decimal("5.5")),
        LineInput("Savon", Decimal("1"), Decimal("6.00"), Decimal("20")),
    ]


def test_invoice_carries_the_seller_and_vat_per_rate_on_totals(office):
    invoice = services.invoice_issue(buyer=BUYER, lines=_lines())
    assert invoice.seller_name == "OT Cœur de Chartreuse (EPIC)" and invoice.seller_siret == "12345678900012"
    breakdown = {row["rate"]: row for row in invoice.vat_breakdown()}
    # 20 %: 105,00 TTC → 87,50 HT; 6,00 TTC → 5,00 HT; base 92,50 → VAT 18,50
    assert breakdown[Decimal("20.00")]["base"] == Decimal("92.50")
    assert breakdown[Decimal("20.00")]["vat"] == Decimal("18.50")
    # 5,5 %: 16,80 TTC → 15,92 HT → VAT 0,88
    assert breakdown[Decimal("5.50")]["base"] == Decimal("15.92")
    assert breakdown[Decimal("5.50")]["vat"] == Decimal("0.88")
    assert invoice.total_ht == Decimal("108.42") and invoice.total_vat == Decimal("19.38")
    assert invoice.total_ttc == Decimal("127.80")


def test_a_vat_exempt_office_charges_no_vat_and_says_why(office):
    Office.objects.filter(pk=office.pk).update(vat_exempt=True, vat_number="")
    invoice = services.invoice_issue(buyer=BUYER, lines=_lines())
    assert invoice.total_vat == 0 and invoice.total_ttc == invoice.total_ht == Decimal("127.80")
    text = PdfReader(BytesIO(invoice_pdf(invoice))).pages[0].extract_text()
    assert "293 B" in text


def test_numbers_are_gapless_per_year_and_kind(office):
    first = services.invoice_issue(buyer=BUYER, lines=_lines())
    second = services.invoice_issue(buyer=BUYER, lines=_lines())
    note = services.credit_note_issue(invoice=first, reason="Annulation")
    year = first.issued_on.year
    assert (first.number, second.number) == (f"F{year}-00001", f"F{year}-00002")
    assert note.number == f"AV{year}-00001"


@pytest.mark.django_db(transaction=True)
def test_numbers_stay_gapless_under_concurrent_issues():
    Office.objects.create(name="OT", is_main=True, siret="12345678900012")
    barrier = threading.Barrier(6)
    numbers: list[str] = []

    def worker():
        try:
            barrier.wait()
            numbers.append(services.invoice_issue(buyer=BUYER, lines=_lines()).number)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(int(n.split("-")[1]) for n in numbers) == [1, 2, 3, 4, 5, 6]


def test_one_invoice_per_reference(office):
    a = services.invoice_issue(buyer=BUYER, lines=_lines(), reference_kind="pages.stay", reference_id="42")
    b = services.invoice_issue(buyer=BUYER, lines=_lines(), reference_kind="pages.stay", reference_id="42")
    assert a.pk == b.pk and Invoice.objects.count() == 1


@pytest.mark.parametrize(
    ("buyer", "lines", "field"),
    [
        ({"buyer_name": " "}, None, "buyer_name"),
        ({"buyer_name": "Mairie", "buyer_kind": "public"}, None, "buyer_siret"),
        (BUYER, [], None),
        (BUYER, [LineInput("x", Decimal("0"), Decimal("1"), Decimal("20"))], None),
        (BUYER, [LineInput("x", Decimal("1"), Decimal("-1"), Decimal("20"))], None),
        (BUYER, [LineInput("x", Decimal("1"), Decimal("1"), Decimal("120"))], None),
    ],
)
def test_bad_invoices_are_refused_and_nothing_is_numbered(office, buyer, lines, field):
    with pytest.raises(InvoicingError) as exc:
        services.invoice_issue(buyer=buyer, lines=_lines() if lines is None else lines)
    assert exc.value.field == field
    assert Invoice.objects.count() == 0


def test_credit_notes_never_credit_more_than_invoiced(office):
    invoice = services.invoice_issue(buyer=BUYER, lines=_lines())
    first_line = invoice.lines.first()
    partial = services.credit_note_issue(
        invoice=invoice, reason="Une place annulée", quantities={first_line.pk: 1}
    )
    assert partial.total_ht == Decimal("29.17") and partial.credited_invoice == invoice
    with pytest.raises(InvoicingError):
        services.credit_note_issue(invoice=invoice, reason="Trop", quantities={first_line.pk: 3})
    rest = services.credit_note_issue(invoice=invoice, reason="Tout le reste")
    assert rest.lines.get(label="Atelier tournage").quantity == 2
    with pytest.raises(InvoicingError):
        services.credit_note_issue(invoice=invoice, reason="Encore")
    with pytest.raises(InvoicingError):
        services.credit_note_issue(invoice=invoice, reason="  ")


def test_facturx_xml_is_valid_en16931_and_adds_up(office):
    invoice = services.invoice_issue(buyer=SCHOOL, lines=_lines())
    xml = facturx_xml(invoice)
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931") is True
    tree = etree.fromstring(xml)
    ns = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
    grand = tree.find(".//ram:GrandTotalAmount", ns).text
    taxes = [
        Decimal(x.text)
        for x in tree.findall(
            ".//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CalculatedAmount", ns
        )
    ]
    lines = [Decimal(x.text) for x in tree.findall(".//ram:LineTotalAmount", ns)[:-1]]
    assert Decimal(grand) == sum(lines) + sum(taxes) == invoice.total_ttc
    assert tree.find(".//ram:BuyerReference", ns).text == "BC-2026-117"
    assert (
        tree.find(".//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID", ns).text == "21380407500017"
    )
    assert tree.find(".//ram:BuyerTradeParty/ram:Name", ns).text == "École élémentaire du Bourg <b>"


def test_facturx_pdf_embeds_the_xml_and_credit_notes_reference_their_invoice(office):
    invoice = services.invoice_issue(buyer=SCHOOL, lines=_lines())
    pdf = invoice_facturx(invoice)
    filename, xml = get_xml_from_pdf(pdf, check_xsd=True)
    assert filename == "factur-x.xml" and invoice.number.encode() in xml
    reader = PdfReader(BytesIO(pdf))
    assert reader.xmp_metadata is not None and "pdfaid" in reader.xmp_metadata.rdf_root.toxml()
    note = services.credit_note_issue(invoice=invoice, reason="Sortie annulée")
    note_xml = facturx_xml(note)
    assert xml_check_xsd(note_xml, flavor="factur-x", level="en16931") is True
    assert b"<ram:TypeCode>381</ram:TypeCode>" in note_xml and invoice.number.encode() in note_xml


def test_exempt_office_facturx_uses_category_e_with_the_franchise_reason(office):
    Office.objects.filter(pk=office.pk).update(vat_exempt=True, vat_number="")
    invoice = services.invoice_issue(buyer=SCHOOL, lines=_lines())
    xml = facturx_xml(invoice)
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931") is True
    assert b"VATEX-FR-FRANCHISE" in xml and b"<ram:CategoryCode>E</ram:CategoryCode>" in xml


# --------------------------------------------------------------------------- the group booking


def _group_booking():
    return BookingFactory(
        session=SessionFactory(capacity=12),
        is_group=True,
        status="confirmed_invoice",
        party_size=12,
        price=Decimal("180.00"),
        po_number="PO-77",
    )


def test_staff_issue_the_group_invoice_from_the_booking_page_then_mark_it_paid(office, staff_client):
    booking = _group_booking()
    page = staff_client.get(reverse("workshops_staff:booking_detail", args=[booking.reference]))
    assert "Émettre la facture" in page.content.decode()
    url = reverse("invoicing_staff:booking_invoice", args=[booking.reference])
    form = staff_client.get(url).content.decode()
    assert "PO-77" in form
    bad = staff_client.post(url, {**SCHOOL, "buyer_siret": "123"})
    assert (
        bad.status_code == 400
        and "SIRET" in bad.content.decode()
        and "Saint-Laurent-du-Pont" in bad.content.decode()
    )
    assert Invoice.objects.count() == 0
    response = staff_client.post(url, SCHOOL)
    invoice = Invoice.objects.get()
    assert response.status_code == 302
    assert invoice.total_ttc == Decimal("180.00") and invoice.total_ht == Decimal("150.00")
    assert invoice.lines.get().quantity == 12 and invoice.buyer_reference == "BC-2026-117"
    document = staff_client.get(reverse("invoicing_staff:document", args=[invoice.public_id]))
    assert document.status_code == 200
    assert get_xml_from_pdf(document.content, check_xsd=True)[0] == "factur-x.xml"
    # A second click on « Émettre » leads to the same invoice.
    assert staff_client.get(url).status_code == 302
    staff_client.post(
        reverse("invoicing_staff:mark_paid", args=[invoice.public_id]),
        {"method": "virement", "paid_on": "2026-12-01"},
    )
    invoice.refresh_from_db()
    assert invoice.status == "paid" and invoice.payment_method == "virement"


def test_a_booking_not_paid_on_invoice_gets_no_invoice_here(office, staff_client):
    booking = BookingFactory(is_group=True, status="confirmed")
    response = staff_client.post(reverse("invoicing_staff:booking_invoice", args=[booking.reference]), SCHOOL)
    assert response.status_code == 400 and Invoice.objects.count() == 0


def test_credit_note_page_confirms_before_issuing(office, staff_client):
    invoice = services.invoice_issue(buyer=BUYER, lines=_lines())
    url = reverse("invoicing_staff:credit_note", args=[invoice.public_id])
    assert "pièce comptable" in staff_client.get(url).content.decode()
    assert staff_client.post(url, {"reason": ""}).status_code == 400
    staff_client.post(url, {"reason": "Annulation de la sortie"})
    assert Invoice.objects.filter(kind="credit_note").count() == 1


@pytest.mark.parametrize("name", ["list", "detail", "document", "credit_note"])
def test_coordinators_and_members_cannot_open_invoices(
    office, name, coordinator_client, member_client, visitor
):
    invoice = services.invoice_issue(buyer=BUYER, lines=_lines())
    url = reverse(f"invoicing_staff:{name}", **({} if name == "list" else {"args": [invoice.public_id]}))
    assert coordinator_client.get(url).status_code == 403
    assert member_client.get(url).status_code == 403
    assert visitor.get(url).status_code == 302


def test_invoice_list_query_count_does_not_grow(office, staff_client, django_assert_max_num_queries):
    services.invoice_issue(buyer=BUYER, lines=_lines())
    with django_assert_max_num_queries(12):
        staff_client.get(reverse("invoicing_staff:list"))
    for _ in range(5):
        invoice = services.invoice_issue(buyer=BUYER, lines=_lines())
        services.credit_note_issue(invoice=invoice, reason="x")
    with django_assert_max_num_queries(12):
        staff_client.get(reverse("invoicing_staff:list"))
