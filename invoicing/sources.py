"""What the invoicing app knows how to invoice: a group booking paid on invoice (workshops).

Lines and prices come from the booking (computed on the server when it was made); the staff
only add what the booking does not hold (the buyer's address, SIRET, VAT number).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils.formats import date_format

from . import exceptions as errors
from .exceptions import InvoicingError
from .models import Invoice
from .services import LineInput, invoice_issue

BOOKING = "workshops.booking"
BUYER_KIND_BY_GROUP = {
    "school": Invoice.BuyerKind.PUBLIC,
    "leisure": Invoice.BuyerKind.PUBLIC,
    "association": Invoice.BuyerKind.BUSINESS,
    "company": Invoice.BuyerKind.BUSINESS,
}


def workshop_vat_rate() -> Decimal:
    return Decimal(str(getattr(settings, "INVOICE_WORKSHOP_VAT_RATE", "20.00")))


def booking_invoice(booking) -> Invoice | None:
    return Invoice.objects.filter(
        kind="invoice", reference_kind=BOOKING, reference_id=str(booking.pk)
    ).first()


def booking_buyer_initial(booking) -> dict:
    group = getattr(booking, "group_request", None)
    return {
        "buyer_kind": BUYER_KIND_BY_GROUP.get(getattr(group, "group_type", ""), Invoice.BuyerKind.PERSON),
        "buyer_name": booking.name,
        "buyer_email": booking.email,
        "buyer_reference": booking.po_number,
    }


def booking_invoice_issue(*, booking, buyer: dict, actor) -> Invoice:
    """« Émettre la facture » of a group booking paid on invoice (idempotent per booking)."""
    if booking.status != "confirmed_invoice":
        raise InvoicingError(errors.BOOKING_NOT_INVOICEABLE)
    session = booking.session
    label = "{title} — {when} — {ref}".format(
        title=session.workshop.title,
        when=date_format(session.start, "d/m/Y H:i"),
        ref=booking.reference,
    )
    unit = (booking.price / booking.party_size).quantize(Decimal("0.0001"))
    lines = [LineInput(label, Decimal(booking.party_size), unit, workshop_vat_rate())]
    if unit * booking.party_size != booking.price:
        # A price that does not divide evenly: one line for the whole group, to the cent.
        lines = [
            LineInput(f"{label} ({booking.party_size} pers.)", Decimal(1), booking.price, workshop_vat_rate())
        ]
    return invoice_issue(
        buyer=buyer, lines=lines, reference_kind=BOOKING, reference_id=str(booking.pk), actor=actor
    )
