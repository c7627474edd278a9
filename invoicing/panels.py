"""The invoice block on the staff booking page (workshops), added from above through panels."""

from __future__ import annotations

from django.template.loader import render_to_string

from common.access import is_office_staff


def booking_invoice_panel(request, booking) -> str:
    if not getattr(booking, "is_group", False) or not is_office_staff(request.user):
        return ""
    from .sources import booking_invoice

    return render_to_string(
        "invoicing/staff/_booking_panel.html",
        {"booking": booking, "invoice": booking_invoice(booking)},
        request=request,
    )
