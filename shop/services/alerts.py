"""Low-stock and approaching best-before alerts to members."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from common.tasks import enqueue

from ..models import Product, ShopSettings, StockAlert
from ..selectors import with_stock


def stock_alerts_send(*, today: datetime.date | None = None) -> int:
    """Record this week's new alerts and email each member concerned once. Safe to run twice."""
    today = today or timezone.localdate()
    week = today - datetime.timedelta(days=today.weekday())
    conf = ShopSettings.load()
    products = (
        with_stock(Product.objects.filter(is_active=True, member__status="active"))
        .annotate(threshold=Coalesce("low_stock_threshold", conf.low_stock_threshold))
        .filter(
            Q(stock__lte=F("threshold"))
            | Q(
                best_before__isnull=False,
                best_before__lte=today + datetime.timedelta(days=conf.best_before_warning_days),
                stock__gt=0,
            )
        )
        .order_by("id")
    )
    new_by_member: dict[int, list[int]] = {}
    for product in products:
        kinds = []
        if product.stock <= product.threshold:
            kinds.append(StockAlert.Kind.LOW_STOCK)
        if (
            product.best_before
            and product.stock > 0
            and (product.best_before <= today + datetime.timedelta(days=conf.best_before_warning_days))
        ):
            kinds.append(StockAlert.Kind.BEST_BEFORE)
        for kind in kinds:
            try:
                with transaction.atomic():
                    StockAlert.objects.create(product=product, kind=kind, week=week)
            except IntegrityError:
                continue
            new_by_member.setdefault(product.member_id, []).append(product.pk)
    from ..tasks import send_stock_alert_email

    for member_id, product_ids in new_by_member.items():
        enqueue(send_stock_alert_email, member_id, sorted(set(product_ids)))
    return sum(len(v) for v in new_by_member.values())
