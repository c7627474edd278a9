"""Statement exports (PDF with reportlab, CSV) and the dashboard CSV."""

from __future__ import annotations

import io

from django.conf import settings
from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.exports import csv_cell, csv_response
from common.templatetags.maillage import money

from ..models import Statement


def _filename(statement: Statement, ext: str) -> str:
    return f"releve-{statement.member.slug}-{statement.period:%Y-%m}.{ext}"


def statement_csv_response(statement: Statement) -> HttpResponse:
    response, writer = csv_response(filename=_filename(statement, "csv"))
    writer.writerow(
        [
            _("Produit"),
            _("Quantité"),
            _("Taux de TVA (%)"),
            _("Ventes TTC"),
            _("Dont TVA"),
            _("Commission HT"),
            _("Net avant TVA sur commission"),
        ]
    )
    for line in statement.lines.all():
        writer.writerow(
            [
                line.product_name,
                line.quantity,
                line.vat_rate,
                line.gross,
                line.vat,
                line.commission,
                line.net_due,
            ]
        )
    writer.writerow(
        [
            _("Total"),
            "",
            "",
            statement.gross,
            statement.vat,
            statement.commission,
            statement.net_before_commission_vat,
        ]
    )
    for row in statement.vat_rows:
        writer.writerow(
            [
                _("TVA à %(rate)s %%") % {"rate": csv_cell(row["rate"])},
                "",
                row["rate"],
                row["gross"],
                row["vat"],
            ]
        )
    writer.writerow(
        [_("TVA sur la commission"), "", statement.commission_vat_rate, "", statement.commission_vat]
    )
    writer.writerow([_("Net dû au membre"), "", "", "", "", "", statement.net_due])
    if statement.member.vat_exempt:
        writer.writerow([_("TVA non applicable, art. 293 B du CGI")])
    return response


def statement_pdf_bytes(statement: Statement) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        title=_("Relevé %(period)s") % {"period": f"{statement.period:%m/%Y}"},
    )
    styles = getSampleStyleSheet()
    month = date_format(statement.period, "F Y")
    story = [
        Paragraph(settings.OFFICE_NAME, styles["Normal"]),
        Paragraph(_("Relevé de ventes en dépôt-vente — %(month)s") % {"month": month}, styles["Title"]),
        Paragraph(
            _("Relevé n° %(number)s — %(member)s")
            % {"number": statement.number or "—", "member": statement.member.name},
            styles["Heading2"],
        ),
        Spacer(1, 6 * mm),
    ]
    rows = [[_("Produit"), _("Qté"), _("Ventes TTC"), _("Dont TVA"), _("Commission"), _("Net")]]
    for line in statement.lines.all():
        rows.append(
            [
                Paragraph(line.product_name, styles["Normal"]),
                str(line.quantity),
                money(line.gross),
                money(line.vat),
                money(line.commission),
                money(line.net_due),
            ]
        )
    rows.append(
        [
            _("Total"),
            "",
            money(statement.gross),
            money(statement.vat),
            money(statement.commission),
            money(statement.net_due),
        ]
    )
    table = Table(rows, colWidths=[62 * mm, 12 * mm, 25 * mm, 22 * mm, 25 * mm, 25 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8efe9")),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story += [table, Spacer(1, 8 * mm)]
    status = statement.get_status_display()
    if statement.closed_at:
        story.append(
            Paragraph(
                _("Clôturé le %(date)s — statut : %(status)s")
                % {"date": date_format(statement.closed_at, "d/m/Y"), "status": status},
                styles["Normal"],
            )
        )
    if statement.paid_at:
        story.append(
            Paragraph(
                _("Payé le %(date)s") % {"date": date_format(statement.paid_at, "d/m/Y")}, styles["Normal"]
            )
        )
    doc.build(story)
    return buffer.getvalue()


def statement_pdf_response(statement: Statement) -> HttpResponse:
    response = HttpResponse(statement_pdf_bytes(statement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(statement, "pdf")}"'
    return response


def dashboard_csv_response(figures: dict, filename: str) -> HttpResponse:
    response, writer = csv_response(filename=filename)
    writer.writerow(
        [
            _("Période"),
            _("Chiffre d'affaires TTC"),
            _("Part de l'office"),
            _("Tickets"),
            _("Panier moyen"),
            _("Fréquentation"),
        ]
    )
    for row in figures["series"]:
        writer.writerow(
            [
                row["period"],
                row["revenue"],
                row["office_share"],
                row["tickets"],
                row["average_basket"],
                row["footfall"],
            ]
        )
    return response
