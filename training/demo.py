"""Demo trainings (a past session with attendance, an upcoming one) and library documents.

Idempotent: rows are keyed on slugs, dates and e-mails; written directly (no e-mails sent).
The library's files are generated PDFs stored in PRIVATE_MEDIA_ROOT.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from reportlab.pdfgen import canvas

from network.models import Member
from workshops.models import Booking, Session, Workshop
from workshops.services import GO_NO_GO_BEFORE, _store_seats_booked

from .models import Document, Training

TRAININGS = [
    # slug, title, summary, trainer, hours, audience, weekday, hour
    (
        "formation-photographier-ses-produits",
        "Photographier ses produits",
        "Lumière naturelle, fond, cadrage : des photos qui donnent envie, avec son téléphone.",
        "Léa Fournier, photographe",
        "3.5",
        Training.Audience.PROFESSIONALS,
        0,
        9,
    ),
    (
        "formation-apidae-en-pratique",
        "Apidae en pratique",
        "Mettre à jour sa fiche, ses ouvertures et ses photos dans Apidae, pas à pas.",
        "L'équipe de l'office",
        "2.0",
        Training.Audience.MEMBERS,
        3,
        14,
    ),
]
DOCUMENTS = [
    (
        "Guide : accueillir en anglais",
        Document.Category.GUIDE,
        "Les phrases utiles au comptoir et au téléphone.",
    ),
    (
        "Modèle de fiche produit",
        Document.Category.TEMPLATE,
        "À remplir pour déposer un produit à la boutique.",
    ),
    ("La charte expliquée", Document.Category.CHARTER, "Chaque engagement de la charte, avec des exemples."),
]


def _pdf(title: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 760, title)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def load(stdout=None) -> None:
    host = Member.objects.filter(slug="atelier-du-tourneur").first()
    if host is None:
        return
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    tz = timezone.get_current_timezone()
    for slug, title, summary, trainer, hours, audience, weekday, hour in TRAININGS:
        workshop, _ = Workshop.objects.update_or_create(
            slug=slug,
            defaults={
                "member": host,
                "title": title,
                "craft": host.crafts.first(),
                "summary": summary,
                "description": summary,
                "duration_minutes": int(Decimal(hours) * 60),
                "price": Decimal("0"),
                "min_participants": 1,
                "max_participants": 1,
                "place_name": "Maison de l'artisanat",
                "commune": host.commune,
                "latitude": host.latitude,
                "longitude": host.longitude,
                "is_published": False,
            },
        )
        Training.objects.update_or_create(
            workshop=workshop,
            defaults={
                "trainer": trainer,
                "hours": Decimal(hours),
                "audience": audience,
                "objectives": summary,
            },
        )
        for week in (-1, 1):
            start = timezone.make_aware(
                datetime.datetime.combine(
                    monday + datetime.timedelta(weeks=week, days=weekday), datetime.time(hour)
                ),
                tz,
            )
            session, _ = Session.objects.update_or_create(
                workshop=workshop,
                start=start,
                defaults={
                    "end": start + datetime.timedelta(minutes=workshop.duration_minutes),
                    "capacity": 8,
                    "go_no_go_at": start - GO_NO_GO_BEFORE,
                },
            )
            for email, name in (
                ("artisan@maillage.demo", "Julien Perrin"),
                ("artisan2@maillage.demo", "Claire Mollard"),
            ):
                Booking.objects.update_or_create(
                    session=session,
                    email=email,
                    defaults={
                        "name": name,
                        "party_size": 1,
                        "price": Decimal("0"),
                        "attendance": "present" if week < 0 else "",
                    },
                )
            _store_seats_booked(session)
    for title, category, description in DOCUMENTS:
        doc = Document.objects.filter(title=title).first()
        if doc is None:
            doc = Document(title=title, category=category, description=description)
            doc.file.save(f"{category}.pdf", ContentFile(_pdf(title)), save=False)
            doc.save()
    if stdout:
        stdout.write(f"    {Training.objects.count()} formations, {Document.objects.count()} documents")
