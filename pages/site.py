"""Services of the site's own texts and details: legal pages and the offices (writes only)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction

from common.audit import log_action
from common.content_languages import apply_translations, translation_keys
from network.models import Office

from .models import LegalPage

OFFICE_FIELDS = (
    "name",
    "legal_name",
    "legal_form",
    "is_main",
    "antenna",
    "address",
    "postcode",
    "city",
    "phone",
    "email",
    "website",
    "opening_hours",
    "siret",
    "vat_number",
    "vat_exempt",
    "publication_director",
    "latitude",
    "longitude",
    "position",
)


def legal_page_update(*, page: LegalPage, actor, data: dict[str, Any]) -> LegalPage:
    """Save a legal page's texts (French and the enabled languages) and who changed them."""
    with transaction.atomic():
        page = LegalPage.objects.select_for_update().get(pk=page.pk)
        page.title = data["title"]
        page.body = data["body"]
        if page.slug == LegalPage.Kind.ACCESSIBILITY:
            page.compliance = data.get("compliance") or LegalPage.Compliance.PARTIAL
        apply_translations(page, translation_keys(("title", "body")), data)
        page.updated_by = actor if getattr(actor, "pk", None) else None
        page.save()
        log_action(actor, "pages.legalpage.updated", page)
    cache.delete("pages:accessibility_state")
    return page


def office_save(*, actor, data: dict[str, Any], office: Office | None = None) -> Office:
    """Create or update an office; making it the main one takes the role from the previous one."""
    with transaction.atomic():
        if data.get("is_main"):
            # One main office (a partial unique index): the previous one steps down first.
            Office.objects.select_for_update().filter(is_main=True).exclude(
                pk=office.pk if office else None
            ).update(is_main=False)
        office = office or Office()
        for name in OFFICE_FIELDS:
            if name in data:
                setattr(office, name, data[name])
        office.full_clean()
        office.save()
        log_action(actor, "network.office.saved", office)
    return office
