"""Celery tasks of payments: they take ids and call a service (imported inside)."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5, ignore_result=True)
def send_refund(self, refund_id: int) -> None:
    from .services import refund_send

    refund_send(refund_id=refund_id)


@shared_task(ignore_result=True)
def cancel_intent(payment_id: int) -> None:
    from .models import Payment
    from .providers import ProviderUnavailable, get_provider

    payment = Payment.objects.get(pk=payment_id)
    if not payment.provider_ref:
        return
    try:
        get_provider(payment.provider).intent_cancel(ref=payment.provider_ref)
    except ProviderUnavailable as exc:
        logger.warning("could not cancel intent of payment %s: %s", payment_id, exc)


@shared_task(ignore_result=True)
def expire_holds() -> int:
    from .services import payments_expire_due

    return payments_expire_due()


@shared_task(ignore_result=True)
def reconcile_pending() -> int:
    from .services import payments_reconcile

    return payments_reconcile()


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5, ignore_result=True)
def send_payment_email(self, payment_id: int, kind: str) -> None:
    """Tell the payer what became of their payment: ``paid``, ``expired`` or ``late_refund``."""
    from django.conf import settings

    from common.emails import send_templated_email

    from . import hooks
    from .models import Payment

    payment = Payment.objects.get(pk=payment_id)
    documents = (
        [doc for found in hooks.run("payment.documents", payment=payment) for doc in found or []]
        if kind == "paid"
        else []
    )
    send_templated_email(
        template=f"payments/{kind}",
        to=[payment.email],
        context={
            "documents": documents,
            "payment": payment,
            "amount": f"{payment.amount:.2f}".replace(".", ",") + " €",
            "hold_minutes": settings.PAYMENTS_HOLD_MINUTES,
        },
    )


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5, ignore_result=True)
def send_refund_email(self, refund_id: int) -> None:
    """Tell the payer of a refund (staff, cancellation) what comes back where, with the credit note's link."""
    from common.emails import send_templated_email

    from . import hooks
    from .models import Refund

    refund = Refund.objects.select_related("payment").get(pk=refund_id)
    payment = refund.payment
    documents = [doc for found in hooks.run("refund.documents", refund=refund) for doc in found or []]
    notes = [
        note
        for found in hooks.run(f"{payment.reference_kind}:refund_notes", refund=refund)
        for note in found or []
    ]
    send_templated_email(
        template="payments/refunded",
        to=[payment.email],
        context={"refund": refund, "payment": payment, "documents": documents, "notes": notes},
    )
