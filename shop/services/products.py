"""Products written by members from the portal (or by staff in the admin)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from common.audit import log_action
from common.content_languages import apply_translations, translation_keys
from common.images import renditions_schedule

from ..models import Product
from .common import random_code

PRODUCT_TRANSLATION_KEYS = translation_keys(("name", "description"))
# Changes the till's technical events journal records (ISCA: configuration changes).
TILL_CONFIG_FIELDS = ("price", "vat_rate", "vat_exempt")

PRODUCT_FIELDS = (
    "name",
    "category",
    "description",
    "price",
    "vat_rate",
    "vat_exempt",
    "barcode",
    "best_before",
    "low_stock_threshold",
    "is_active",
)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:160] or "produit"
    slug = base
    while Product.objects.filter(slug=slug).exists():
        slug = f"{base}-{random_code(4).lower()}"
    return slug


def _unique_code(member) -> str:
    prefix = slugify(member.name).replace("-", "").upper()[:4] or "PROD"
    while True:
        code = f"{prefix}-{random_code(4)}"
        if not Product.objects.filter(code=code).exists():
            return code


def product_create(*, member, actor, data: dict[str, Any], labels=(), photo=None) -> Product:
    """Add a product to the member's shelf (no stock until a deposit is received)."""
    with transaction.atomic():
        product = Product(member=member, **{k: data.get(k) for k in PRODUCT_FIELDS if k in data})
        apply_translations(product, PRODUCT_TRANSLATION_KEYS, data)
        product.barcode = product.barcode or None
        product.slug = _unique_slug(product.name)
        product.code = (data.get("code") or "").strip().upper() or _unique_code(member)
        if photo:
            product.photo = photo
        product.save()
        product.labels.set(labels)
        log_action(actor, "shop.product.created", product)
        renditions_schedule(product.photo)
    return product


def product_update(*, product: Product, actor, data: dict[str, Any], labels=None, photo=None) -> Product:
    """Change a product's description or price; past tickets keep the price they were sold at."""
    with transaction.atomic():
        changed = []
        before = {key: str(getattr(product, key)) for key in TILL_CONFIG_FIELDS}
        for key in PRODUCT_FIELDS:
            if key in data and getattr(product, key) != data[key]:
                setattr(product, key, data[key])
                changed.append(key)
        changed += apply_translations(product, PRODUCT_TRANSLATION_KEYS, data)
        product.barcode = product.barcode or None
        if data.get("code"):
            product.code = data["code"].strip().upper()
        if photo:
            product.photo = photo
            changed.append("photo")
        product.save()
        if labels is not None:
            product.labels.set(labels)
        log_action(actor, "shop.product.updated", product, fields=changed)
        if "photo" in changed:
            renditions_schedule(product.photo)
        till_changes = {
            key: [before[key], str(getattr(product, key))]
            for key in TILL_CONFIG_FIELDS
            if key in changed and before[key] != str(getattr(product, key))
        }
        if till_changes:
            # A price or VAT change is a configuration change of the till (JET).
            from .till import Event, event_record

            event_record(
                event=Event.CONFIG_CHANGE,
                actor=actor,
                object="product",
                code=product.code,
                changes=till_changes,
            )
    return product
