"""Reads of the payments app."""

from __future__ import annotations

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import Payment, Refund


def payment_list(*, status: str = "") -> QuerySet[Payment]:
    refunded = (
        Refund.objects.filter(payment=OuterRef("pk"))
        .exclude(status=Refund.Status.FAILED)
        .values("payment")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    qs = Payment.objects.annotate(
        refunded=Coalesce(
            Subquery(refunded, output_field=DecimalField()), Value(0), output_field=DecimalField()
        )
    ).order_by("-created_at")
    if status:
        qs = qs.filter(status=status)
    return qs


def payments_for(*, reference_kind: str, reference_id: str) -> QuerySet[Payment]:
    return Payment.objects.filter(
        reference_kind=reference_kind, reference_id=str(reference_id)
    ).prefetch_related("refunds")


def paid_payment_for(*, reference_kind: str, reference_id: str) -> Payment | None:
    return (
        payments_for(reference_kind=reference_kind, reference_id=reference_id)
        .filter(status=Payment.Status.SUCCEEDED)
        .first()
    )


def refunds_for(*, reference_kind: str, reference_id: str) -> QuerySet[Refund]:
    return Refund.objects.filter(
        payment__reference_kind=reference_kind, payment__reference_id=str(reference_id)
    ).order_by("created_at")
