"""Celery tasks of invoicing: ids in, a service call, safe to run twice (the services are idempotent)."""

from __future__ import annotations

from celery import shared_task

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(ignore_result=True, **RETRY)
def issue_payment_receipt(payment_id: int) -> None:
    from .receipts import payment_receipt_issue

    payment_receipt_issue(payment_id=payment_id)


@shared_task(ignore_result=True, **RETRY)
def issue_refund_credit_note(refund_id: int) -> None:
    from .receipts import refund_credit_note_issue

    refund_credit_note_issue(refund_id=refund_id)
