"""GDPR: what the shop holds about one e-mail address and how it is anonymised. Orders keep
their amounts; tickets and the till journal are append-only and left untouched (the journal
holds no personal data)."""

from __future__ import annotations

from django.db import transaction

from .models import Order, Sale


def personal_data_for(*, email: str) -> dict[str, list[dict]]:
    return {
        "commandes": [
            {
                "référence": o.reference,
                "nom": o.name,
                "e-mail": o.email,
                "téléphone": o.phone,
                "total": str(o.total),
                "statut": o.get_status_display(),
                "passée le": o.created_at.isoformat(),
                "produits": [f"{line.quantity} × {line.product.name}" for line in o.lines.all()],
            }
            for o in Order.objects.filter(email__iexact=email).prefetch_related("lines__product")
        ],
        "tickets de caisse": [
            {"ticket": s.reference, "date": s.created_at.isoformat(), "total": str(s.total)}
            for s in Sale.objects.filter(customer_email__iexact=email)
        ],
    }


def personal_data_erase(*, email: str, alias: str) -> dict[str, int]:
    with transaction.atomic():
        return {
            "orders": Order.objects.filter(email__iexact=email).update(
                name="Personne effacée", email=alias, phone="", note=""
            ),
            # Till tickets are append-only (database trigger, French till rules): their e-mail
            # stays, listed in the export; nothing else identifies the person there.
        }
