"""GDPR: what the shop holds about one e-mail address and how it is anonymised. Orders keep
their amounts; till tickets lose the customer's e-mail, the one change their append-only trigger
accepts (migration 0008), and keep everything else; the till journal holds no personal data."""

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
            # Till tickets are append-only (French till rules), but the e-mail is not in the
            # signed journal: the database lets exactly this change through, nothing else.
            "till tickets": Sale.objects.filter(customer_email__iexact=email).update(customer_email=""),
        }
