"""GDPR: the network's contact row and its consent history for one e-mail address."""

from __future__ import annotations

from django.db import transaction

from .models import Contact


def personal_data_for(*, email: str) -> dict[str, list[dict]]:
    rows = []
    for c in Contact.objects.filter(email__iexact=email).prefetch_related("consent_events"):
        rows.append(
            {
                "e-mail": c.email,
                "nom": c.name,
                "téléphone": c.phone,
                "langue": c.language,
                "catégorie": c.get_kind_display(),
                "accepte les informations": c.marketing_consent,
                "origines": c.sources,
                "premier contact": c.first_seen_at.isoformat(),
                "dernier contact": c.last_seen_at.isoformat(),
                "historique du consentement": [
                    {
                        "date": e.occurred_at.isoformat(),
                        "événement": e.get_kind_display(),
                        "finalité": e.get_purpose_display(),
                        "base légale": e.get_legal_basis_display() if e.legal_basis else "",
                        "origine": e.source,
                    }
                    for e in c.consent_events.all()
                ],
            }
        )
    return {"contact": rows}


def personal_data_erase(*, email: str, alias: str) -> dict[str, int]:
    """The contact keeps its consent history (proof) without anything identifying; it can no
    longer be written to."""
    with transaction.atomic():
        contacts = Contact.objects.filter(email__iexact=email)
        ids = list(contacts.values_list("pk", flat=True))
        from .models import ConsentEvent

        ConsentEvent.objects.filter(contact_id__in=ids).update(ip_address=None)
        return {
            "contacts": contacts.update(
                email=alias, name="", phone="", marketing_consent=False, sources=[], news_legal_basis=""
            )
        }
