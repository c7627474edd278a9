"""Celery tasks of the vouchers app: ids in, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(**RETRY)
def send_voucher(voucher_id: int) -> None:
    from common.emails import send_templated_email

    from .models import Voucher
    from .pdf import voucher_pdf

    voucher = Voucher.objects.select_related("workshop").get(pk=voucher_id)
    if voucher.status != Voucher.Status.ACTIVE:
        return
    send_templated_email(
        template="vouchers/issued",
        to=[voucher.buyer_email],
        context={
            "voucher": voucher,
            "order_url": settings.SITE_URL + voucher.get_order_url(),
            "documents": _documents(voucher),
        },
        language=voucher.language,
        attachments=[(f"bon-cadeau-{voucher.code[:4]}.pdf", voucher_pdf(voucher), "application/pdf")],
    )


def _documents(voucher) -> list[tuple[str, str]]:
    """The receipt of a voucher paid online by card (label, link), through the payments seam."""
    from payments import hooks
    from payments.models import Payment

    from .payment import VOUCHER_PAYMENT_KIND

    payment = Payment.objects.filter(
        reference_kind=VOUCHER_PAYMENT_KIND,
        reference_id=str(voucher.public_id),
        status=Payment.Status.SUCCEEDED,
    ).first()
    if payment is None:
        return []
    return [doc for found in hooks.run("payment.documents", payment=payment) for doc in found or []]


@shared_task
def expire_due() -> int:
    from .services import voucher_expire_due

    return voucher_expire_due()
