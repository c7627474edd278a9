"""Celery tasks: take ids, call a service or send one email, own their retries."""

from __future__ import annotations

import functools
import logging

from celery import shared_task
from django.db.models import Sum

from common.emails import send_once, send_templated_email

from . import services
from .models import Order, Product, Sale, StockMovement

logger = logging.getLogger(__name__)

RETRY = {"autoretry_for": (OSError,), "retry_backoff": 30, "retry_kwargs": {"max_retries": 5}}


@shared_task(**RETRY)
def send_order_email(order_id: int, kind: str) -> None:
    """kind: received, ready or released. The template says what happened."""
    order = Order.objects.prefetch_related("lines__product").filter(pk=order_id).first()
    if order is None:
        return
    send_templated_email(
        template=f"shop/order_{kind}", to=[order.email], context={"order": order}, language=order.language
    )


@shared_task(**RETRY)
def send_receipt(sale_id: int, email: str) -> None:
    sale = Sale.objects.prefetch_related("lines").filter(pk=sale_id).first()
    if sale is None:
        return
    send_templated_email(template="shop/receipt", to=[email], context={"sale": sale})


@shared_task(**RETRY)
def send_order_cancelled_to_members(order_id: int, reason: str) -> None:
    """Tell each artisan whose products were in a click & collect order that staff cancelled it."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        return
    by_member: dict = {}
    for line in order.lines.select_related("product__member"):
        by_member.setdefault(line.product.member, []).append(line)
    for member, lines in by_member.items():
        recipients = [member.email] if member.email else [u.email for u in member.users.all()]
        if not recipients:
            logger.warning("No address to tell member %s of cancelled order %s", member.pk, order_id)
            continue
        send_once(
            f"shop-order-cancelled-{order.pk}-m{member.pk}",
            functools.partial(
                send_templated_email,
                template="shop/member_order_cancelled",
                to=recipients,
                context={"member": member, "order": order, "lines": lines, "reason": reason},
            ),
        )


@shared_task(**RETRY)
def send_stock_alert_email(member_id: int, product_ids: list[int]) -> None:
    products = list(
        Product.objects.filter(pk__in=product_ids, member_id=member_id)
        .select_related("member")
        .order_by("name")
    )
    if not products:
        return
    member = products[0].member
    stock = dict(
        StockMovement.objects.filter(product_id__in=product_ids)
        .values("product_id")
        .annotate(s=Sum("quantity"))
        .values_list("product_id", "s")
    )
    for product in products:
        product.stock = stock.get(product.pk, 0)  # type: ignore[attr-defined]  # read by the template
    recipients = [member.email] if member.email else [u.email for u in member.users.all()]
    if not recipients:
        logger.warning("No address for the stock alert of member %s", member_id)
        return
    send_templated_email(
        template="shop/stock_alert", to=recipients, context={"member": member, "products": products}
    )


@shared_task
def release_expired_orders() -> int:
    return services.orders_release_expired()


@shared_task
def send_stock_alerts() -> int:
    return services.stock_alerts_send()
