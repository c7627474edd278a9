"""The invoice as documents: a PDF (reportlab, fonts embedded) and, for professionals and public
bodies, a Factur-X PDF/A-3 carrying the CII XML (profile EN 16931) through the factur-x library."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from lxml import etree

from common.templatetags.maillage import money

from ..models import Invoice

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
FACTURX_LEVEL = "en16931"
FRANCHISE_REASON = "TVA non applicable, art. 293 B du CGI"


def _amount(value: Decimal, places: str = "0.01") -> str:
    return str(Decimal(value).quantize(Decimal(places)))


def _sub(parent, tag: str, text: str | None = None, **attrib):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}", **attrib)
    if text is not None:
        element.text = text
    return element


def _date(parent, tag: str, day, kind: str = "udt") -> None:
    _sub(_sub(parent, tag), f"{kind}:DateTimeString", day.strftime("%Y%m%d"), format="102")


def _party(parent, tag: str, *, name, siret, vat, address, postcode, city, country, email="") -> None:
    party = _sub(parent, tag)
    _sub(party, "ram:Name", name)
    if siret:
        # 0009: SIRET in the ISO 6523 list used by Chorus Pro.
        _sub(_sub(party, "ram:SpecifiedLegalOrganization"), "ram:ID", siret, schemeID="0009")
    address_node = _sub(party, "ram:PostalTradeAddress")
    if postcode:
        _sub(address_node, "ram:PostcodeCode", postcode)
    if address:
        _sub(address_node, "ram:LineOne", address)
    if city:
        _sub(address_node, "ram:CityName", city)
    _sub(address_node, "ram:CountryID", country or "FR")
    if email:
        _sub(_sub(party, "ram:URIUniversalCommunication"), "ram:URIID", email, schemeID="EM")
    if vat:
        _sub(_sub(party, "ram:SpecifiedTaxRegistration"), "ram:ID", vat, schemeID="VA")


def _category(invoice: Invoice, rate: Decimal) -> str:
    if invoice.seller_vat_exempt:
        return "E"
    return "S" if rate > 0 else "Z"


def facturx_xml(invoice: Invoice) -> bytes:
    """The invoice as Cross Industry Invoice XML, Factur-X profile EN 16931."""
    root = etree.Element(f"{{{NS['rsm']}}}CrossIndustryInvoice", nsmap=NS)
    context = _sub(root, "rsm:ExchangedDocumentContext")
    _sub(_sub(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", "urn:cen.eu:en16931:2017")
    document = _sub(root, "rsm:ExchangedDocument")
    _sub(document, "ram:ID", invoice.number)
    _sub(document, "ram:TypeCode", "381" if invoice.is_credit_note else "380")
    _date(document, "ram:IssueDateTime", invoice.issued_on)
    if invoice.reason:
        _sub(_sub(document, "ram:IncludedNote"), "ram:Content", invoice.reason)

    transaction = _sub(root, "rsm:SupplyChainTradeTransaction")
    lines = list(invoice.lines.all())
    for line in lines:
        item = _sub(transaction, "ram:IncludedSupplyChainTradeLineItem")
        _sub(_sub(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(line.position))
        _sub(_sub(item, "ram:SpecifiedTradeProduct"), "ram:Name", line.label)
        agreement = _sub(item, "ram:SpecifiedLineTradeAgreement")
        price = _sub(agreement, "ram:NetPriceProductTradePrice")
        _sub(price, "ram:ChargeAmount", _amount(line.unit_price_ht, "0.0001"))
        _sub(
            _sub(item, "ram:SpecifiedLineTradeDelivery"),
            "ram:BilledQuantity",
            _amount(line.quantity),
            unitCode="C62",
        )
        settlement = _sub(item, "ram:SpecifiedLineTradeSettlement")
        tax = _sub(settlement, "ram:ApplicableTradeTax")
        _sub(tax, "ram:TypeCode", "VAT")
        _sub(tax, "ram:CategoryCode", _category(invoice, line.vat_rate))
        _sub(tax, "ram:RateApplicablePercent", _amount(line.vat_rate))
        summation = _sub(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
        _sub(summation, "ram:LineTotalAmount", _amount(line.total_ht))

    agreement = _sub(transaction, "ram:ApplicableHeaderTradeAgreement")
    if invoice.buyer_reference:
        _sub(agreement, "ram:BuyerReference", invoice.buyer_reference)
    _party(
        agreement,
        "ram:SellerTradeParty",
        name=invoice.seller_name,
        siret=invoice.seller_siret,
        vat=invoice.seller_vat_number if not invoice.seller_vat_exempt else "",
        address=invoice.seller_address,
        postcode=invoice.seller_postcode,
        city=invoice.seller_city,
        country="FR",
        email=invoice.seller_email,
    )
    _party(
        agreement,
        "ram:BuyerTradeParty",
        name=invoice.buyer_name,
        siret=invoice.buyer_siret,
        vat=invoice.buyer_vat_number,
        address=invoice.buyer_address,
        postcode=invoice.buyer_postcode,
        city=invoice.buyer_city,
        country=invoice.buyer_country,
        email=invoice.buyer_email,
    )
    if invoice.buyer_reference:
        _sub(
            _sub(agreement, "ram:BuyerOrderReferencedDocument"),
            "ram:IssuerAssignedID",
            invoice.buyer_reference,
        )
    _sub(transaction, "ram:ApplicableHeaderTradeDelivery")

    settlement = _sub(transaction, "ram:ApplicableHeaderTradeSettlement")
    _sub(settlement, "ram:InvoiceCurrencyCode", "EUR")
    for row in invoice.vat_breakdown():
        tax = _sub(settlement, "ram:ApplicableTradeTax")
        _sub(tax, "ram:CalculatedAmount", _amount(row["vat"]))
        _sub(tax, "ram:TypeCode", "VAT")
        category = _category(invoice, row["rate"])
        if category == "E":
            _sub(tax, "ram:ExemptionReason", FRANCHISE_REASON)
        _sub(tax, "ram:BasisAmount", _amount(row["base"]))
        _sub(tax, "ram:CategoryCode", category)
        if category == "E":
            _sub(tax, "ram:ExemptionReasonCode", "VATEX-FR-FRANCHISE")
        _sub(tax, "ram:RateApplicablePercent", _amount(row["rate"]))
    terms = _sub(settlement, "ram:SpecifiedTradePaymentTerms")
    if invoice.due_on:
        _date(terms, "ram:DueDateDateTime", invoice.due_on)
    else:
        _sub(terms, "ram:Description", _("Payée") if invoice.status == Invoice.Status.PAID else "-")
    summation = _sub(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _sub(summation, "ram:LineTotalAmount", _amount(sum((line.total_ht for line in lines), Decimal("0"))))
    _sub(summation, "ram:TaxBasisTotalAmount", _amount(invoice.total_ht))
    _sub(summation, "ram:TaxTotalAmount", _amount(invoice.total_vat), currencyID="EUR")
    _sub(summation, "ram:GrandTotalAmount", _amount(invoice.total_ttc))
    _sub(summation, "ram:DuePayableAmount", _amount(invoice.total_ttc))
    credited = invoice.credited_invoice
    if credited is not None:
        referenced = _sub(settlement, "ram:InvoiceReferencedDocument")
        _sub(referenced, "ram:IssuerAssignedID", credited.number)
        _date(referenced, "ram:FormattedIssueDateTime", credited.issued_on, "qdt")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --------------------------------------------------------------------------- PDF


def _fonts() -> tuple[str, str]:
    """Bitstream Vera (shipped with reportlab), embedded: PDF/A wants every font embedded."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "MaillageVera" not in pdfmetrics.getRegisteredFontNames():
        folder = Path(reportlab.__file__).parent / "fonts"
        pdfmetrics.registerFont(TTFont("MaillageVera", str(folder / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("MaillageVeraBd", str(folder / "VeraBd.ttf")))
    return "MaillageVera", "MaillageVeraBd"


def _money(value) -> str:
    return money(value).replace("\u202f", "\u00a0")


def invoice_pdf(invoice: Invoice) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _fonts()
    normal = ParagraphStyle("n", fontName=regular, fontSize=9.5, leading=12)
    strong = ParagraphStyle("b", parent=normal, fontName=bold)
    title_style = ParagraphStyle("t", parent=normal, fontName=bold, fontSize=16, leading=20, spaceAfter=6)

    def para(text, style=normal) -> Paragraph:
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    title = _("Avoir n° %(number)s") if invoice.is_credit_note else _("Facture n° %(number)s")
    title = title % {"number": invoice.number}
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, title=title, author=invoice.seller_name
    )
    seller = [
        invoice.seller_name,
        invoice.seller_address,
        f"{invoice.seller_postcode} {invoice.seller_city}".strip(),
    ]
    if invoice.seller_siret:
        seller.append(_("SIRET : %(siret)s") % {"siret": invoice.seller_siret})
    seller.append(invoice.seller_vat_mention)
    buyer = [
        invoice.buyer_name,
        invoice.buyer_address,
        f"{invoice.buyer_postcode} {invoice.buyer_city}".strip(),
    ]
    if invoice.buyer_siret:
        buyer.append(_("SIRET : %(siret)s") % {"siret": invoice.buyer_siret})
    if invoice.buyer_vat_number:
        buyer.append(_("TVA intracommunautaire : %(number)s") % {"number": invoice.buyer_vat_number})
    parties = Table(
        [
            [para(_("Vendeur"), strong), para(_("Client"), strong)],
            [para("\n".join(p for p in seller if p)), para("\n".join(p for p in buyer if p))],
        ],
        colWidths=[87 * mm, 87 * mm],
    )
    parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    facts = [_("Date : %(date)s") % {"date": date_format(invoice.issued_on, "d/m/Y")}]
    if invoice.due_on:
        facts.append(_("Échéance : %(date)s") % {"date": date_format(invoice.due_on, "d/m/Y")})
    if invoice.buyer_reference:
        facts.append(_("Bon de commande : %(ref)s") % {"ref": invoice.buyer_reference})
    credited = invoice.credited_invoice
    if credited is not None:
        facts.append(
            _("Avoir sur la facture n° %(number)s du %(date)s")
            % {
                "number": credited.number,
                "date": date_format(credited.issued_on, "d/m/Y"),
            }
        )
    if invoice.reason:
        facts.append(_("Motif : %(reason)s") % {"reason": invoice.reason})
    story = [para(title, title_style), parties, Spacer(1, 5 * mm)] + [para(f) for f in facts]
    story.append(Spacer(1, 5 * mm))
    rows = [[para(_("Désignation"), strong), _("Qté"), _("PU HT"), _("TVA"), _("Total HT")]]
    for line in invoice.lines.all():
        rows.append(
            [
                para(line.label),
                f"{line.quantity.normalize():f}".replace(".", ","),
                _money(line.unit_price_ht),
                f"{line.vat_rate.normalize():f} %".replace(".", ","),
                _money(line.total_ht),
            ]
        )
    table = Table(rows, colWidths=[84 * mm, 14 * mm, 26 * mm, 18 * mm, 28 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("FONTNAME", (0, 0), (-1, 0), bold),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8efe9")),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story += [table, Spacer(1, 5 * mm)]
    sums = [[_("Total HT"), _money(invoice.total_ht)]]
    for row in invoice.vat_breakdown():
        label = _("TVA %(rate)s %% sur %(base)s") % {
            "rate": f"{row['rate'].normalize():f}".replace(".", ","),
            "base": _money(row["base"]),
        }
        sums.append([label, _money(row["vat"])])
    sums.append([_("Total TTC"), _money(invoice.total_ttc)])
    sums_table = Table(sums, colWidths=[60 * mm, 30 * mm], hAlign="RIGHT")
    sums_table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("FONTNAME", (0, -1), (-1, -1), bold),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
            ]
        )
    )
    story += [sums_table, Spacer(1, 6 * mm)]
    mentions = []
    if invoice.seller_vat_exempt:
        mentions.append(FRANCHISE_REASON)
    if invoice.status == Invoice.Status.PAID and invoice.paid_on:
        mentions.append(
            _("Acquittée le %(date)s (%(method)s).")
            % {"date": date_format(invoice.paid_on, "d/m/Y"), "method": invoice.payment_method}
        )
    elif not invoice.is_credit_note:
        mentions.append(
            _(
                "Paiement à réception, sans escompte. En cas de retard : pénalités au taux de trois fois "
                "le taux d'intérêt légal et, pour les professionnels, indemnité forfaitaire pour frais "
                "de recouvrement de 40 € (art. L441-10 du code de commerce)."
            )
        )
    story += [para(text) for text in mentions]
    doc.build(story)
    return buffer.getvalue()


def invoice_facturx(invoice: Invoice) -> bytes:
    """PDF/A-3 with the CII XML embedded as factur-x.xml (checked against the XSD on the way)."""
    from facturx import generate_from_binary

    return generate_from_binary(
        invoice_pdf(invoice),
        facturx_xml(invoice),
        flavor="factur-x",
        level=FACTURX_LEVEL,
        check_xsd=True,
        pdf_metadata={
            "author": invoice.seller_name,
            "keywords": "Factur-X",
            "title": invoice.number,
            "subject": invoice.number,
        },
        lang="fr-FR",
    )
