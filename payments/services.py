"""Writes of the payments app: start, confirm, apply (once), expire, reconcile, refund.

Lock order: the payment row, then whatever the paying app's hook locks (its own rows).
Calls to the provider happen outside our transactions (a slow provider must not hold row
locks); their outcome is applied afterwards by ``payment_apply`` under the row lock, which is
idempotent, so the confirm response, the webhook and the reconcile task may all report the
same success: the first one wins and the others change nothing.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from common.audit import log_action
from common.tasks import enqueue

from . import exceptions as errors
from . import hooks, tasks
from .models import OPEN_STATUSES, Payment, Refund, WebhookEvent
from .providers import (
    CANCELLED,
    FAILED,
    REQUIRES_ACTION,
    SUCCEEDED,
    IntentResult,
    ProviderUnavailable,
    get_provider,
    online_payment_enabled,
)

logger = logging.getLogger(__name__)
CENT = Decimal("0.01")


def _lock(payment_id: int) -> Payment:
    return Payment.objects.select_for_update().get(pk=payment_id)


def payment_start(
    *,
    reference_kind: str,
    reference_id: str,
    amount: Decimal,
    email: str,
    description: str,
    expires_at: datetime.datetime | None = None,
    return_url: str = "",
) -> Payment:
    """Open (or reuse) the payment of one object for an amount computed by the caller.

    An open payment of the same object for the same amount is returned as it is; for another
    amount it is abandoned and a new one opened. Raises ``PaymentError(ONLINE_OFF)``.
    """
    if not online_payment_enabled():
        raise errors.PaymentError(errors.ONLINE_OFF)
    provider = get_provider()
    amount = Decimal(amount).quantize(Decimal("0.01"))
    with transaction.atomic():
        # Two clicks on "Payer" for the same object queue here (the open-payment unique index
        # would refuse the second insert anyway; the lock turns that refusal into a reuse).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"payment:{reference_kind}:{reference_id}"]
            )
        current = (
            Payment.objects.select_for_update()
            .filter(reference_kind=reference_kind, reference_id=str(reference_id), status__in=OPEN_STATUSES)
            .first()
        )
        if current is not None:
            if current.amount == amount and current.provider == provider.name:
                return current
            current.status = Payment.Status.CANCELLED
            current.save(update_fields=["status", "updated_at"])
            if current.provider_ref:
                enqueue(tasks.cancel_intent, current.pk)
        payment = Payment.objects.create(
            reference_kind=reference_kind,
            reference_id=str(reference_id),
            amount=amount,
            email=email,
            description=description[:200],
            provider=provider.name,
            expires_at=expires_at,
            return_url=return_url,
        )
        log_action(
            None,
            "payments.payment.started",
            payment,
            amount=str(amount),
            reference=f"{reference_kind}:{reference_id}",
        )
    return payment


def payment_intent_ensure(*, payment: Payment) -> Payment:
    """Create the provider's intent for an open payment that has none yet (outside any lock)."""
    if payment.provider_ref or not payment.is_open:
        return payment
    result = get_provider(payment.provider).intent_create(
        amount_cents=payment.amount_cents,
        currency=payment.currency,
        idempotency_key=f"payment-{payment.public_id}",
        description=payment.description,
        metadata={
            "payment": str(payment.public_id),
            "reference": f"{payment.reference_kind}:{payment.reference_id}",
        },
    )
    Payment.objects.filter(pk=payment.pk, provider_ref="").update(provider_ref=result.ref)
    payment.refresh_from_db()
    return payment


def payment_confirm(*, payment: Payment, card_token: str) -> IntentResult:
    """Confirm the intent with a card token made by the provider's JavaScript.

    Returns the provider's result (``requires_action`` carries the client secret for 3-D Secure).
    Raises ``HoldExpired``, ``PaymentError`` (paid, closed, no card, provider down).
    """
    if not card_token or len(card_token) > 120:
        raise errors.PaymentError(errors.CARD_MISSING, field="card")
    payment.refresh_from_db()
    if payment.is_paid:
        raise errors.PaymentError(errors.ALREADY_PAID)
    if payment.status == Payment.Status.EXPIRED or (payment.is_open and payment.hold_over()):
        raise errors.HoldExpired(errors.HOLD_EXPIRED)
    if not payment.is_open:
        raise errors.PaymentError(errors.NOT_PAYABLE)
    try:
        payment = payment_intent_ensure(payment=payment)
        result = get_provider(payment.provider).intent_confirm(
            ref=payment.provider_ref,
            card_token=card_token,
            email=payment.email,
            idempotency_key=f"confirm-{payment.public_id}-{card_token}",
        )
    except ProviderUnavailable as exc:
        logger.warning("payment provider unavailable: %s", exc)
        raise errors.PaymentError(errors.PROVIDER_DOWN) from exc
    payment_apply(payment_id=payment.pk, status=result.status, message=result.error_message)
    return result


def payment_refresh(*, payment: Payment) -> Payment:
    """Ask the provider where the intent stands (after 3-D Secure, or for a lost webhook)."""
    if not payment.provider_ref:
        return payment
    try:
        result = get_provider(payment.provider).intent_retrieve(ref=payment.provider_ref)
    except ProviderUnavailable as exc:
        raise errors.PaymentError(errors.PROVIDER_DOWN) from exc
    return payment_apply(payment_id=payment.pk, status=result.status, message=result.error_message)


def payment_apply(*, payment_id: int, status: str, message: str = "") -> Payment:
    """Record what the provider says about a payment, once; a paid payment never goes back.

    Runs the paying app's hook ``"<kind>:succeeded"`` / ``":failed"`` in the same transaction.
    A success after the hold ended is recorded (``late``): the money was taken, and the hook
    decides whether the visitor still gets what they paid for or is refunded.
    """
    with transaction.atomic():
        payment = _lock(payment_id)
        if payment.is_paid:
            return payment
        if status == SUCCEEDED:
            payment.late = payment.status in (Payment.Status.EXPIRED, Payment.Status.CANCELLED)
            payment.status = Payment.Status.SUCCEEDED
            payment.paid_at = timezone.now()
            payment.failure_message = ""
            try:
                with transaction.atomic():
                    payment.save(update_fields=["status", "paid_at", "failure_message", "late", "updated_at"])
            except IntegrityError:
                # Another open payment of the same object exists (a newer amount): this old one
                # still succeeded; keep it paid and let the hook refund it.
                Payment.objects.filter(
                    reference_kind=payment.reference_kind,
                    reference_id=payment.reference_id,
                    status__in=OPEN_STATUSES,
                ).exclude(pk=payment.pk).update(status=Payment.Status.CANCELLED)
                payment.save(update_fields=["status", "paid_at", "failure_message", "late", "updated_at"])
            log_action(None, "payments.payment.succeeded", payment, late=payment.late)
            hooks.run(f"{payment.reference_kind}:succeeded", payment=payment)
            hooks.run("payment.succeeded", payment=payment)  # any kind: receipts (invoicing)
        elif status == FAILED and payment.is_open:
            payment.status = Payment.Status.FAILED
            payment.failure_message = message[:255]
            payment.save(update_fields=["status", "failure_message", "updated_at"])
            log_action(None, "payments.payment.failed", payment, message=message[:255])
            hooks.run(f"{payment.reference_kind}:failed", payment=payment)
        elif status == REQUIRES_ACTION and payment.is_open:
            payment.status = Payment.Status.REQUIRES_ACTION
            payment.save(update_fields=["status", "updated_at"])
        elif status == CANCELLED and payment.is_open:
            payment.status = Payment.Status.CANCELLED
            payment.save(update_fields=["status", "updated_at"])
    return payment


def payment_cancel(*, payment_id: int, actor=None) -> Payment:
    """Abandon an open payment (its intent is cancelled at the provider after commit). Idempotent."""
    with transaction.atomic():
        payment = _lock(payment_id)
        if not payment.is_open:
            return payment
        payment.status = Payment.Status.CANCELLED
        payment.save(update_fields=["status", "updated_at"])
        log_action(actor, "payments.payment.cancelled", payment)
        if payment.provider_ref:
            enqueue(tasks.cancel_intent, payment.pk)
    return payment


def payment_expire(*, payment_id: int, now: datetime.datetime | None = None) -> bool:
    """End an open payment whose hold is over; runs ``"<kind>:expired"``. True when it expired."""
    now = now or timezone.now()
    with transaction.atomic():
        payment = _lock(payment_id)
        if not payment.is_open or not payment.hold_over(now):
            return False
        payment.status = Payment.Status.EXPIRED
        payment.save(update_fields=["status", "updated_at"])
        hooks.run(f"{payment.reference_kind}:expired", payment=payment)
        if payment.provider_ref:
            # Cancelled at the provider so that the visitor can no longer pay; should a payment
            # slip through anyway, ``payment_apply`` records it as late and the hook refunds it.
            enqueue(tasks.cancel_intent, payment.pk)
    return True


def payments_expire_due(*, now: datetime.datetime | None = None, batch: int = 500, chunk: int = 100) -> int:
    """The expiry sweep: open payments past their hold, oldest first, at most ``batch`` per call.

    One transaction per ``chunk`` payments instead of one per payment (the commit was most of
    the cost): the rows are locked with ``SKIP LOCKED``, so a payment being confirmed right now
    is left for the next sweep and re-checked then. Each payment's hook runs in its own savepoint:
    one that fails is logged and stays open without undoing the others. Same rules as
    ``payment_expire``."""
    now = now or timezone.now()
    done = 0
    failed: list[int] = []
    while done < batch:
        size = min(chunk, batch - done)
        with transaction.atomic():
            due = list(
                Payment.objects.select_for_update(skip_locked=True)
                .filter(status__in=OPEN_STATUSES, expires_at__lte=now)
                .exclude(pk__in=failed)
                .order_by("expires_at", "pk")[:size]
            )
            for payment in due:
                before = payment.status
                try:
                    with transaction.atomic():
                        payment.status = Payment.Status.EXPIRED
                        payment.save(update_fields=["status", "updated_at"])
                        hooks.run(f"{payment.reference_kind}:expired", payment=payment)
                except Exception:  # noqa: BLE001 - one bad hook must not stop the sweep
                    logger.exception("payment %s could not be expired", payment.pk)
                    payment.status = before
                    failed.append(payment.pk)
                    continue
                if payment.provider_ref:
                    enqueue(tasks.cancel_intent, payment.pk)
                done += 1
        if len(due) < size:
            break
    return done


def webhook_receive(*, provider_name: str, payload: bytes, headers) -> bool:
    """Check the signature, record the event once, apply it. False for a replay or an unknown payment.

    Raises ``InvalidSignature`` (nothing is recorded then).
    """
    event = get_provider(provider_name).webhook_parse(payload=payload, headers=headers)
    with transaction.atomic():
        payment = (
            Payment.objects.filter(provider=provider_name, provider_ref=event.intent_ref).first()
            if event.intent_ref
            else None
        )
        try:
            with transaction.atomic():
                WebhookEvent.objects.create(
                    provider=provider_name, event_id=event.event_id, type=event.type[:80], payment=payment
                )
        except IntegrityError:
            return False  # a replay: processed the first time
        if payment is None:
            return False
        if event.type == "payment_intent.succeeded":
            payment_apply(payment_id=payment.pk, status=SUCCEEDED)
        elif event.type == "payment_intent.payment_failed":
            message = ((event.data.get("last_payment_error") or {}).get("message")) or ""
            payment_apply(payment_id=payment.pk, status=FAILED, message=message)
        elif event.type == "payment_intent.canceled":
            payment_apply(payment_id=payment.pk, status=CANCELLED)
    return True


def payments_reconcile(
    *, older_than: datetime.timedelta = datetime.timedelta(minutes=5), batch: int = 200
) -> int:
    """Ask the provider about open payments whose webhook never came. Returns how many changed."""
    since = timezone.now() - older_than
    changed = 0
    for payment in (
        Payment.objects.filter(status__in=OPEN_STATUSES, updated_at__lte=since)
        .exclude(provider_ref="")
        .order_by("updated_at")[:batch]
    ):
        before = payment.status
        try:
            after = payment_refresh(payment=payment)
        except errors.PaymentError:
            continue
        changed += after.status != before
    # Expired/cancelled payments can still have been paid at the last second.
    recent = timezone.now() - datetime.timedelta(days=1)
    for payment in Payment.objects.filter(
        status__in=[Payment.Status.EXPIRED], updated_at__gte=recent, updated_at__lte=since
    ).exclude(provider_ref="")[:batch]:
        try:
            result = get_provider(payment.provider).intent_retrieve(ref=payment.provider_ref)
        except ProviderUnavailable:
            continue
        if result.status == SUCCEEDED:
            payment_apply(payment_id=payment.pk, status=SUCCEEDED)
            changed += 1
    return changed


# --- refunds -------------------------------------------------------------------------------


def _clean_amount(amount) -> Decimal:
    try:
        value = Decimal(str(amount).replace(",", ".").replace("€", "").strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise errors.RefundError(errors.REFUND_AMOUNT_INVALID, field="amount") from exc
    if value <= 0:
        raise errors.RefundError(errors.REFUND_AMOUNT_INVALID, field="amount")
    return value


@dataclass(frozen=True)
class RefundPlan:
    """How a refund is split between the card and the gift voucher(s) of the payment's checkout."""

    card: Decimal  # back on the card, through the provider
    voucher: Decimal  # re-credited to the voucher(s)
    card_left: Decimal  # what the card may still get back
    voucher_left: Decimal  # what the vouchers paid and have not got back yet

    @property
    def total(self) -> Decimal:
        return self.card + self.voucher


def deductions_outstanding(payment: Payment) -> Decimal:
    """What gift vouchers paid of this payment's checkout and have not got back yet."""
    found = hooks.run("checkout.deductions.outstanding", reference=payment.reference_id)
    return sum((Decimal(x or 0) for x in found), Decimal("0.00"))


def refund_plan(*, payment: Payment, amount, to_voucher: bool = True) -> RefundPlan:
    """Split ``amount`` between card and voucher(s). With ``to_voucher``, in proportion to what
    each still holds (the visitor gets back means of payment in the shares they paid, so a
    partial refund never leaves the voucher out); without it, all on the card, which is allowed
    only up to what the card paid. Raises ``RefundError`` naming the field."""
    value = _clean_amount(amount)
    card_left = payment.amount - payment.refunded_total()
    voucher_left = deductions_outstanding(payment) if to_voucher else Decimal("0.00")
    if not to_voucher and value > card_left and deductions_outstanding(payment) > 0:
        raise errors.RefundError(
            errors.REFUND_CARD_ONLY_TOO_MUCH % {"left": f"{card_left:.2f}".replace(".", ",")},
            field="to_voucher",
        )
    total_left = card_left + voucher_left
    if value > total_left:
        message = errors.REFUND_ABOVE_PAID if not voucher_left else errors.REFUND_ABOVE_PAID_WITH_VOUCHER
        raise errors.RefundError(message % {"left": f"{total_left:.2f}".replace(".", ",")}, field="amount")
    if not voucher_left:
        return RefundPlan(value, Decimal("0.00"), card_left, voucher_left)
    card = min(card_left, (value * card_left / total_left).quantize(CENT, rounding=ROUND_HALF_UP))
    voucher = value - card
    if voucher > voucher_left:  # a cent of rounding: the card takes it
        card, voucher = card + voucher - voucher_left, voucher_left
    return RefundPlan(card, voucher, card_left, voucher_left)


def refund_create(
    *,
    payment_id: int,
    amount,
    reason: str,
    actor=None,
    kind: str = Refund.Kind.STAFF,
    lines: list[str] | None = None,
    to_voucher: bool = False,
    idempotency_key=None,
) -> Refund:
    """Refund part or all of a paid payment; the sum of refunds never exceeds what was paid.

    ``to_voucher``: the share a gift voucher paid goes back to it (``refund_plan``), in the same
    transaction, and the credit note covers both. The paying app may refuse or follow up the
    refund (``"<kind>:refunding"``: a voucher purchase lowers the voucher's balance). The
    provider is called after commit (``refund_send``). Raises ``RefundError`` naming the field.
    ``idempotency_key``: a second call with the same key returns the first refund.
    """
    value = _clean_amount(amount)
    reason = (reason or "").strip()
    if not reason:
        raise errors.RefundError(errors.REFUND_REASON_REQUIRED, field="reason")
    with transaction.atomic():
        payment = _lock(payment_id)
        if idempotency_key is not None:
            done = Refund.objects.filter(idempotency_key=idempotency_key).first()
            if done is not None:
                return done
        if not payment.is_paid:
            raise errors.RefundError(errors.REFUND_NOT_PAID)
        plan = refund_plan(payment=payment, amount=value, to_voucher=to_voucher)
        if plan.card > 0:
            # Under the payment's lock, then the paying app's own lock (a voucher's row).
            hooks.run(f"{payment.reference_kind}:refunding", payment=payment, amount=plan.card, actor=actor)
        refund = Refund.objects.create(
            payment=payment,
            amount=plan.card,
            voucher_amount=plan.voucher,
            reason=reason[:255],
            kind=kind,
            lines=list(lines or []),
            actor=actor if getattr(actor, "pk", None) else None,
            idempotency_key=idempotency_key,
            status=Refund.Status.PENDING if plan.card > 0 else Refund.Status.SUCCEEDED,
        )
        if plan.voucher > 0:
            given = sum(
                (
                    Decimal(x or 0)
                    for x in hooks.run(
                        "checkout.deductions.recredit",
                        reference=payment.reference_id,
                        amount=plan.voucher,
                        reason=reason,
                    )
                ),
                Decimal("0.00"),
            )
            if given != plan.voucher:  # a voucher moved since the plan: nothing is done
                raise errors.RefundError(errors.REFUND_VOUCHER_MOVED)
        log_action(
            actor,
            "payments.refund.created",
            payment,
            amount=str(plan.card),
            voucher=str(plan.voucher),
            reason=reason[:255],
            kind=kind,
        )
        if plan.card > 0:
            enqueue(tasks.send_refund, refund.pk)
        if kind != Refund.Kind.LATE_PAYMENT:  # that one has its own e-mail (late_refund)
            # Tell the payer what comes back where, with the credit note: after a staff refund,
            # and after a cancellation (theirs or the artisan's) as well.
            enqueue(tasks.send_refund_email, refund.pk)
        hooks.run("payment.refunded", refund=refund)  # credit notes (invoicing)
    return refund


def refund_full_if_paid(
    *, reference_kind: str, reference_id: str, reason: str, kind: str, lines=None, actor=None
) -> Refund | None:
    """Refund what is left of the paid payment of an object (session cancelled, late payment…)."""
    payment = Payment.objects.filter(
        reference_kind=reference_kind, reference_id=str(reference_id), status=Payment.Status.SUCCEEDED
    ).first()
    if payment is None:
        return None
    left = payment.amount - payment.refunded_total()
    if left <= 0:
        return None
    return refund_create(
        payment_id=payment.pk, amount=left, reason=reason, actor=actor, kind=kind, lines=lines
    )


def refund_send(*, refund_id: int) -> Refund:
    """Ask the provider to refund (idempotency key from our row); records its answer."""
    refund = Refund.objects.select_related("payment").get(pk=refund_id)
    if refund.status != Refund.Status.PENDING:
        return refund
    result = get_provider(refund.payment.provider).refund_create(
        ref=refund.payment.provider_ref,
        amount_cents=refund.amount_cents,
        idempotency_key=f"refund-{refund.public_id}",
    )
    status = {SUCCEEDED: Refund.Status.SUCCEEDED, FAILED: Refund.Status.FAILED}.get(
        result.status, Refund.Status.PENDING
    )
    Refund.objects.filter(pk=refund.pk, status=Refund.Status.PENDING).update(
        status=status, provider_ref=result.ref, updated_at=timezone.now()
    )
    refund.refresh_from_db()
    return refund
