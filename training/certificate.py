"""The attendance certificate (PDF, reportlab): who attended which training, when, how long."""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas


def certificate_pdf(*, booking, training, language: str = "fr") -> bytes:
    """One A4 page; the text is in ``language``."""
    buffer = io.BytesIO()
    with translation.override(language):
        session = booking.session
        day = formats.date_format(timezone.localtime(session.start).date(), "DATE_FORMAT")
        hours = formats.number_format(training.hours, 1)
        pdf = canvas.Canvas(buffer, pagesize=A4)
        pdf.setTitle(_("Attestation de présence"))
        width, height = A4
        pdf.setFont("Helvetica-Bold", 20)
        pdf.drawCentredString(width / 2, height - 4 * cm, _("Attestation de présence"))
        pdf.setFont("Helvetica", 12)
        lines = [
            _("%(office)s atteste que") % {"office": settings.OFFICE_NAME},
            booking.name,
            _("a suivi la formation « %(title)s »") % {"title": training.workshop.title},
            _("le %(day)s, d'une durée de %(hours)s heures,") % {"day": day, "hours": hours},
            _("animée par %(trainer)s.") % {"trainer": training.trainer},
        ]
        y = height - 7 * cm
        for line in lines:
            pdf.drawCentredString(width / 2, y, line)
            y -= 1 * cm
        pdf.setFont("Helvetica-Oblique", 9)
        pdf.drawString(2 * cm, 2 * cm, _("Référence d'inscription : %(ref)s") % {"ref": booking.reference})
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()
