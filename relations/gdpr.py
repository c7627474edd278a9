"""GDPR requests for one person: export everything held (HTML + JSON in a zip, from each app's
``personal_data`` module) and erase on request (anonymise, keep what accounting law requires)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from common.audit import log_action

from .models import CampaignRecipient, ContactMerge, ContactProfile, NewsletterSignup, Spending, StaySurvey

APP_MODULES = ("network.personal_data", "workshops.personal_data", "shop.personal_data")


def _modules():
    import importlib

    return [importlib.import_module(name) for name in APP_MODULES]


def _emails(email: str) -> list[str]:
    """The address and those merged into its contact (a merged duplicate is the same person)."""
    from network.models import Contact

    email = email.strip().lower()
    emails = {email}
    contact = Contact.objects.filter(email=email).first()
    if contact is not None:
        emails.update(ContactMerge.objects.filter(kept=contact).values_list("merged_email", flat=True))
    return sorted(emails)


def _relations_data(email: str) -> dict[str, list[dict]]:
    return {
        "fiche contact": [
            {
                "code postal": p.postcode,
                "commune": p.commune,
                "pays": p.country,
                "étiquettes": p.tags,
                "notes": p.notes,
            }
            for p in ContactProfile.objects.filter(contact__email=email)
        ],
        "inscriptions à la lettre": [
            {
                "date": s.created_at.isoformat(),
                "confirmée le": s.confirmed_at.isoformat() if s.confirmed_at else "",
            }
            for s in NewsletterSignup.objects.filter(email__iexact=email)
        ],
        "campagnes reçues": [
            {
                "campagne": r.campaign.name,
                "envoyée le": r.sent_at.isoformat() if r.sent_at else "",
                "statut": r.status,
            }
            for r in CampaignRecipient.objects.filter(email__iexact=email).select_related("campaign")
        ],
        "enquêtes séjour": [
            {"séjour": s.stay_end.isoformat(), "note": s.score, "commentaire": s.comment}
            for s in StaySurvey.objects.filter(email__iexact=email)
        ],
    }


def personal_data_collect(*, email: str) -> dict[str, dict[str, list[dict]]]:
    data: dict[str, dict[str, list[dict]]] = {}
    for address in _emails(email):
        sections: dict[str, list[dict]] = {}
        for module in _modules():
            sections.update(module.personal_data_for(email=address))
        sections.update(_relations_data(address))
        data[address] = sections
    return data


def personal_data_summary(*, email: str) -> list[tuple[str, int]]:
    summary: dict[str, int] = {}
    for sections in personal_data_collect(email=email).values():
        for name, rows in sections.items():
            summary[name] = summary.get(name, 0) + len(rows)
    return sorted(summary.items())


def personal_data_zip(*, email: str, actor) -> bytes:
    data = personal_data_collect(email=email)
    html = render_to_string(
        "relations/staff/gdpr_export.html", {"email": email, "data": data, "at": timezone.now()}
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("donnees.html", html)
        archive.writestr("donnees.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
    log_action(actor, "relations.gdpr.export", None, person=alias_for(email))
    return out.getvalue()


def alias_for(email: str) -> str:
    digest = hashlib.sha256(email.encode()).hexdigest()[:16]
    return f"efface-{digest}@anonyme.invalid"


def personal_data_erase(*, email: str, actor) -> dict[str, int]:
    """Anonymise names, e-mails and phones everywhere (till tickets lose their e-mail); amounts,
    the tickets' contents and the till journal stay as accounting law requires."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        for address in _emails(email):
            alias = alias_for(address)
            ContactProfile.objects.filter(contact__email=address).delete()
            NewsletterSignup.objects.filter(email__iexact=address).delete()
            counts["campaign_log"] = counts.get("campaign_log", 0) + CampaignRecipient.objects.filter(
                email__iexact=address
            ).update(email=alias)
            counts["stay_surveys"] = counts.get("stay_surveys", 0) + StaySurvey.objects.filter(
                email__iexact=address
            ).update(email=alias, comment="")
            ContactMerge.objects.filter(merged_email__iexact=address).update(merged_email=alias, snapshot={})
            for module in _modules():
                for key, n in module.personal_data_erase(email=address, alias=alias).items():
                    counts[key] = counts.get(key, 0) + n
            # The triggers moved the sums to the alias with the bookings and orders; the
            # address's own row is left at zero: it goes too.
            Spending.objects.filter(email=address).delete()
        log_action(actor, "relations.gdpr.erase", None, rows=sum(counts.values()))
    return counts
