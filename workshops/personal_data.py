"""GDPR: what the workshops app holds about one e-mail address (selector) and how it is
anonymised on request (service). Amounts, seats and dates stay: accounting needs them."""

from __future__ import annotations

from django.db import transaction

from .models import Booking, GroupRequest, Review, WaitlistEntry


def personal_data_for(*, email: str) -> dict[str, list[dict]]:
    return {
        "réservations d'ateliers": [
            {
                "référence": b.reference,
                "atelier": b.session.workshop.title,
                "séance": b.session.start.isoformat(),
                "nom": b.name,
                "e-mail": b.email,
                "téléphone": b.phone,
                "personnes": b.party_size,
                "prix": str(b.price),
                "statut": b.get_status_display(),
                "accepte d'être recontacté": b.consent_contact,
                "créée le": b.created_at.isoformat(),
            }
            for b in Booking.objects.filter(email__iexact=email).select_related("session__workshop")
        ],
        "avis": [
            {
                "atelier": r.workshop.title,
                "note": r.score,
                "commentaire": r.comment,
                "signature": r.author_name,
            }
            for r in Review.objects.filter(booking__email__iexact=email).select_related("workshop")
        ],
        "listes d'attente": [
            {
                "séance": w.session.start.isoformat(),
                "nom": w.name,
                "téléphone": w.phone,
                "personnes": w.party_size,
            }
            for w in WaitlistEntry.objects.filter(email__iexact=email).select_related("session")
        ],
        "demandes de groupe": [
            {"structure": g.organisation, "contact": g.contact_name, "téléphone": g.phone}
            for g in GroupRequest.objects.filter(email__iexact=email)
        ],
    }


def personal_data_erase(*, email: str, alias: str) -> dict[str, int]:
    with transaction.atomic():
        reviews = Review.objects.filter(booking__email__iexact=email).update(
            author_name="Anonyme", comment=""
        )
        return {
            "reviews": reviews,
            "bookings": Booking.objects.filter(email__iexact=email).update(
                name="Personne effacée", email=alias, phone=""
            ),
            "waitlist": WaitlistEntry.objects.filter(email__iexact=email).update(
                name="Personne effacée", email=alias, phone=""
            ),
            "group_requests": GroupRequest.objects.filter(email__iexact=email).update(
                contact_name="Personne effacée", email=alias, phone=""
            ),
        }
