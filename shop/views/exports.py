"""Statement exports (PDF with reportlab, CSV) and the dashboard CSV."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils import timezone
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


def _esc(value) -> str:
    """Text from the database printed as text in a reportlab Paragraph (« A <b>gras & Cie »)."""
    return escape(str(value or ""))


def _party(styles, title: str, name: str, lines: list[str]):
    from reportlab.platypus import Paragraph

    body = "<br/>".join([f"<b>{_esc(name)}</b>"] + [_esc(line) for line in lines if line])
    return [Paragraph(_esc(title), styles["Heading4"]), Paragraph(body, styles["Normal"])]


def _rate(value) -> str:
    return f"{Decimal(value):.2f}".replace(".", ",") + " %"


def statement_pdf_bytes(statement: Statement) -> bytes:
    """The statement a member can file: both parties, number, period, commission rate, VAT per
    rate, commission and its VAT, net due, payment date and method, stock reconciliation."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from network.selectors import office_main

    from ..selectors import statement_stock_reconciliation
    from ..services.statements import next_month

    office = office_main()
    member = statement.member
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        title=_("Relevé %(period)s") % {"period": f"{statement.period:%m/%Y}"},
    )
    styles = getSampleStyleSheet()
    last_day = next_month(statement.period) - datetime.timedelta(days=1)
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8efe9")),
            ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
    member_vat = member.vat_mention or _("Numéro de TVA non renseigné")
    parties = Table(
        [
            [
                _party(
                    styles,
                    _("Mandataire (dépositaire)"),
                    office.name,
                    [
                        office.postal_address,
                        _("SIRET : %(siret)s") % {"siret": office.siret} if office.siret else "",
                        office.vat_mention,
                    ],
                ),
                _party(
                    styles,
                    _("Membre (déposant)"),
                    member.name,
                    [
                        member.address,
                        f"{member.commune.postcode} {member.commune.name}".strip(),
                        _("SIRET : %(siret)s") % {"siret": member.siret} if member.siret else "",
                        member_vat,
                    ],
                ),
            ]
        ],
        colWidths=[87 * mm, 87 * mm],
    )
    parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    # Commission rates actually applied on the month's ticket lines.
    rates = sorted(
        set(
            statement.member.sale_lines.filter(
                sale__sold_on__gte=statement.period, sale__sold_on__lt=next_month(statement.period)
            ).values_list("commission_rate", flat=True)
        )
    )
    if len(rates) == 1:
        rate_text = _rate(rates[0])
    elif rates:
        rate_text = _("selon le produit (%(rates)s)") % {"rates": ", ".join(_rate(r) for r in rates)}
    else:
        rate_text = "—"
    story = [
        Paragraph(
            _("Relevé de ventes en dépôt-vente n° %(number)s")
            % {"number": statement.number or _("(brouillon)")},
            styles["Title"],
        ),
        Paragraph(
            _("Période du %(start)s au %(end)s — commission de l'office : %(rate)s")
            % {"start": f"{statement.period:%d/%m/%Y}", "end": f"{last_day:%d/%m/%Y}", "rate": rate_text},
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
        parties,
        Spacer(1, 4 * mm),
    ]
    rows = [[_("Produit"), _("Qté"), _("TVA"), _("Ventes TTC"), _("Dont TVA"), _("Commission HT")]]
    for line in statement.lines.all():
        rows.append(
            [
                Paragraph(_esc(line.product_name), styles["Normal"]),
                str(line.quantity),
                _rate(line.vat_rate) if line.vat_rate else _("exonéré"),
                money(line.gross),
                money(line.vat),
                money(line.commission),
            ]
        )
    table = Table(rows, colWidths=[70 * mm, 12 * mm, 18 * mm, 25 * mm, 22 * mm, 27 * mm], repeatRows=1)
    table.setStyle(grid)
    story += [table, Spacer(1, 5 * mm)]
    summary = [[_("Ventes TTC"), money(statement.gross)]]
    for row in statement.vat_rows:
        if row["rate"]:
            label = _("dont TVA à %(rate)s (sur %(gross)s TTC)") % {
                "rate": _rate(row["rate"]),
                "gross": money(row["gross"]),
            }
        else:
            label = _("TVA non applicable, art. 293 B du CGI (sur %(gross)s)") % {
                "gross": money(row["gross"])
            }
        summary.append([label, money(row["vat"])])
    summary.append([_("Commission de l'office (prestation, HT)"), "− " + money(statement.commission)])
    summary.append(
        [
            _("TVA sur la commission (%(rate)s)") % {"rate": _rate(statement.commission_vat_rate)},
            "− " + money(statement.commission_vat),
        ]
    )
    summary.append([_("Net dû au membre"), money(statement.net_due)])
    summary_table = Table(summary, colWidths=[120 * mm, 40 * mm])
    summary_table.setStyle(
        TableStyle(
            [
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
            ]
        )
    )
    story += [summary_table, Spacer(1, 5 * mm)]
    if member.vat_exempt:
        story.append(Paragraph(_esc(_("Membre : TVA non applicable, art. 293 B du CGI")), styles["Normal"]))
    if not statement.commission_vat_rate:
        story.append(
            Paragraph(_esc(_("Commission : TVA non applicable, art. 293 B du CGI")), styles["Normal"])
        )
    if statement.paid_at:
        story.append(
            Paragraph(
                _esc(
                    _("Payé le %(date)s par %(method)s")
                    % {
                        "date": date_format(timezone.localtime(statement.paid_at), "d/m/Y"),
                        "method": statement.get_payment_method_display() or "—",
                    }
                ),
                styles["Normal"],
            )
        )
    elif statement.closed_at:
        story.append(
            Paragraph(
                _esc(
                    _("Clôturé le %(date)s — paiement à venir")
                    % {"date": date_format(timezone.localtime(statement.closed_at), "d/m/Y")}
                ),
                styles["Normal"],
            )
        )
    story += [Spacer(1, 5 * mm), Paragraph(_esc(_("Rapprochement du stock")), styles["Heading3"])]
    stock_rows = [
        [_("Produit"), _("Stock initial"), _("Déposé"), _("Vendu"), _("Retiré / perdu"), _("Stock final")]
    ]
    for row in statement_stock_reconciliation(statement=statement):
        stock_rows.append(
            [
                Paragraph(_esc(row["name"]), styles["Normal"]),
                str(row["opening"]),
                f"+{row['deposited']}",
                f"−{row['sold']}",
                f"−{row['withdrawn']}",
                str(row["closing"]),
            ]
        )
    stock_table = Table(
        stock_rows, colWidths=[64 * mm, 22 * mm, 20 * mm, 20 * mm, 26 * mm, 22 * mm], repeatRows=1
    )
    stock_table.setStyle(grid)
    story.append(stock_table)
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
