"""The printable voucher (reportlab): code, QR code, value, validity and the French mentions."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.templatetags.maillage import money

from .models import Voucher


def voucher_pdf(voucher: Voucher) -> bytes:
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from network.selectors import office_main

    office = office_main()
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, title=_("Bon cadeau")
    )

    def para(text: str, style: str = "Normal") -> Paragraph:
        return Paragraph(escape(str(text)), styles[style])

    if voucher.kind == Voucher.Kind.WORKSHOP and voucher.workshop:
        what = _("Valable pour l'atelier « %(title)s » (%(seats)s place(s)), d'une valeur de %(value)s") % {
            "title": voucher.workshop.title,
            "seats": voucher.seats,
            "value": money(voucher.amount),
        }
    else:
        what = _("D'une valeur de %(value)s") % {"value": money(voucher.amount)}

    qr = QrCodeWidget(voucher.code, barLevel="M")
    x1, y1, x2, y2 = qr.getBounds()
    size = 38 * mm
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(qr)

    story = [
        para(office.legal_name or office.name, "Heading3"),
        para(_("Bon cadeau"), "Title"),
    ]
    if voucher.recipient_name:
        story.append(para(_("Pour %(name)s") % {"name": voucher.recipient_name}, "Heading2"))
    story += [para(what, "Heading2")]
    if voucher.message:
        story.append(para(f"« {voucher.message} »", "Italic"))
    story.append(Spacer(1, 6 * mm))
    code_table = Table(
        [[drawing, [para(_("Code"), "Normal"), para(voucher.display_code, "Heading1")]]],
        colWidths=[45 * mm, 120 * mm],
    )
    code_table.setStyle(
        TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.grey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    )
    story += [code_table, Spacer(1, 6 * mm)]
    story.append(
        para(
            _("Valable jusqu'au %(date)s inclus.") % {"date": date_format(voucher.expires_on, "j F Y")},
            "Heading3",
        )
    )
    mentions = [
        _(
            "Utilisable en une ou plusieurs fois, en ligne dans le panier du séjour ou à l'accueil de "
            "l'office, pour les ateliers et les produits du réseau. Le solde restant reste "
            "utilisable jusqu'à la date d'expiration."
        ),
        _(
            "Non remboursable, non échangeable contre des espèces. En cas de perte, adressez-vous à "
            "l'office avec votre confirmation d'achat."
        ),
        _("Émis par %(seller)s%(address)s.")
        % {
            "seller": office.legal_name or office.name,
            "address": f" — {office.postal_address}" if office.postal_address else "",
        },
    ]
    if office.siret:
        mentions.append(_("SIRET : %(siret)s") % {"siret": office.siret})
    if office.vat_mention:
        mentions.append(office.vat_mention)
    if voucher.issued_at:
        mentions.append(_("Émis le %(date)s.") % {"date": date_format(voucher.issued_at, "d/m/Y")})
    story += [Spacer(1, 4 * mm)] + [para(text, "BodyText") for text in mentions]
    doc.build(story)
    return buffer.getvalue()
