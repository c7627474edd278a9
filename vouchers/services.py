"""Writes of the vouchers app: orders, issue, redeem, re-credit, extend, cancel, expiry.

Every balance change locks the voucher row (``select_for_update``), re-reads the balance,
writes one ledger movement and the cached balance together: two tills spending the same
voucher at the same second queue on the lock, and the second sees what the first left.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from common.audit import log_action
from common.tasks import enqueue
from common.templatetags.maillage import money

from . import exceptions as errors
from . import tasks
from .codes import is_well_formed, normalize
from .models import Movement, Voucher

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def _validity_days() -> int:
    return int(getattr(settings, "VOUCHER_VALIDITY_DAYS", 365))


# --------------------------------------------------------------------------- rate limiting


def _guess_key(ip: str) -> str:
    return f"vouchers:guess:{ip}"


def _check_rate(ip: str | None) -> None:
    if ip and cache.get(_guess_key(ip), 0) >= settings.VOUCHER_GUESS_LIMIT:
        raise errors.RateLimited(errors.TOO_MANY_ATTEMPTS, field="code")


def _count_failure(ip: str | None) -> None:
    if not ip:
        return
    key = _guess_key(ip)
    # add() then incr(): the window starts at the first wrong code and is not prolonged.
    if not cache.add(key, 1, timeout=settings.VOUCHER_GUESS_WINDOW):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.VOUCHER_GUESS_WINDOW)


def _find(code: str, ip: str | None) -> Voucher:
    """The voucher for a typed code, counting wrong codes per IP (RateLimited past the limit)."""
    _check_rate(ip)
    normalized = normalize(code)
    voucher = None
    if is_well_formed(normalized):
        voucher = Voucher.objects.filter(code=normalized).first()
    if voucher is None:
        _count_failure(ip)
        raise errors.VoucherError(errors.UNKNOWN_CODE, field="code")
    return voucher


def _usable(voucher: Voucher, today: datetime.date | None = None) -> None:
    if voucher.status == Voucher.Status.CANCELLED:
        raise errors.VoucherError(errors.CANCELLED, field="code")
    if voucher.status == Voucher.Status.PENDING:
        raise errors.VoucherError(errors.NOT_PAID, field="code")
    if voucher.is_expired(today):
        raise errors.VoucherError(
            errors.EXPIRED % {"date": date_format(voucher.expires_on, "d/m/Y")}, field="code"
        )
    if voucher.balance <= 0:
        raise errors.VoucherError(errors.SPENT, field="code")


def _move(voucher: Voucher, *, kind: str, amount: Decimal, reference="", reason="", actor=None) -> Movement:
    voucher.balance = voucher.balance + amount
    voucher.save(
        update_fields=[
            "balance",
            "status",
            "issued_at",
            "expires_on",
            "cancelled_reason",
            "payment_method",
            "updated_at",
        ]
    )
    return Movement.objects.create(
        voucher=voucher,
        kind=kind,
        amount=amount,
        balance_after=voucher.balance,
        reference=reference[:80],
        reason=reason[:300],
        actor=actor if getattr(actor, "pk", None) else None,
    )


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except Exception as exc:  # noqa: BLE001 - any unparsable input is the same user error
        raise errors.VoucherError(errors.AMOUNT_INVALID, field="amount") from exc
    if not amount.is_finite() or amount <= 0:
        raise errors.VoucherError(errors.AMOUNT_INVALID, field="amount")
    return amount


# --------------------------------------------------------------------------- orders and issue


def voucher_order_create(
    *,
    buyer_name: str,
    buyer_email: str,
    amount: Decimal | None = None,
    workshop=None,
    seats: int = 0,
    recipient_name: str = "",
    message: str = "",
    language: str = "fr",
    channel: str = Voucher.Channel.ONLINE,
) -> Voucher:
    """A voucher order pending payment. The value is computed here: the amount chosen, or the
    workshop's price times the seats. It becomes a voucher on ``voucher_issue``."""
    if workshop is not None:
        if seats < 1:
            raise errors.VoucherError(errors.AMOUNT_INVALID, field="seats")
        value = (workshop.price * seats).quantize(CENT)
        kind = Voucher.Kind.WORKSHOP
    else:
        value = _amount(amount)
        kind = Voucher.Kind.AMOUNT
        seats = 0
    if value <= 0:
        raise errors.VoucherError(errors.AMOUNT_INVALID, field="amount")
    voucher = Voucher.objects.create(
        kind=kind,
        workshop=workshop,
        seats=seats,
        amount=value,
        channel=channel,
        buyer_name=buyer_name.strip(),
        buyer_email=buyer_email.strip(),
        recipient_name=recipient_name.strip(),
        message=message.strip(),
        language=language,
        expires_on=timezone.localdate() + datetime.timedelta(days=_validity_days()),
    )
    log_action(None, "vouchers.voucher.ordered", voucher, amount=value, kind=kind)
    return voucher


def voucher_issue(
    *, voucher_id: int, payment_method: str, actor=None, reference: str = "", revive: bool = False
) -> Voucher:
    """The order is paid: the voucher gets its balance (ledger « émission ») and its validity
    counts from today; the buyer receives the PDF. Idempotent (a paid voucher stays as it is).

    ``revive``: a card payment that succeeded after its hold ended issues the order that the
    expiry had cancelled (never issued before): the buyer is never charged for nothing."""
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=voucher_id)
        never_issued = voucher.issued_at is None and not voucher.movements.exists()
        if revive and voucher.status == Voucher.Status.CANCELLED and never_issued:
            voucher.cancelled_reason = ""
        elif voucher.status != Voucher.Status.PENDING:
            return voucher
        voucher.status = Voucher.Status.ACTIVE
        voucher.issued_at = timezone.now()
        voucher.expires_on = timezone.localdate() + datetime.timedelta(days=_validity_days())
        voucher.payment_method = payment_method[:40]
        _move(voucher, kind=Movement.Kind.ISSUE, amount=voucher.amount, reference=reference, actor=actor)
        log_action(actor, "vouchers.voucher.issued", voucher, amount=voucher.amount, method=payment_method)
        enqueue(tasks.send_voucher, voucher.pk)
    return voucher


def voucher_cancel_order(*, voucher_id: int, actor=None) -> Voucher:
    """An unpaid order abandoned (payment failed, hold expired): cancelled, nothing to undo."""
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=voucher_id)
        if voucher.status == Voucher.Status.PENDING:
            voucher.status = Voucher.Status.CANCELLED
            voucher.save(update_fields=["status", "updated_at"])
            log_action(actor, "vouchers.voucher.order_cancelled", voucher)
    return voucher


# --------------------------------------------------------------------------- spending


def voucher_check(*, code: str, ip: str | None = None) -> Voucher:
    """The usable voucher behind ``code`` (for a balance page or a basket preview); no write.

    Raises VoucherError (unknown, cancelled, unpaid, expired, spent) or RateLimited."""
    voucher = _find(code, ip)
    _usable(voucher)
    return voucher


def voucher_redeem(
    *,
    code: str,
    amount,
    reference: str,
    ip: str | None = None,
    actor=None,
    partial: bool = False,
    workshop_ids: list[int] | None = None,
) -> Movement:
    """Spend ``amount`` of the voucher for ``reference`` (a sale, an order, a booking).

    With ``partial``, spends what is left when the balance is smaller (a basket paying the
    rest by card); otherwise a too-small balance is refused. ``workshop_ids`` (the workshops
    being paid) enforce a workshop voucher's workshop. Raises VoucherError / RateLimited.
    """
    amount = _amount(amount)
    found = _find(code, ip)
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update(of=("self",)).select_related("workshop").get(pk=found.pk)
        _usable(voucher)
        if (
            workshop_ids is not None
            and voucher.workshop is not None
            and voucher.workshop_id not in workshop_ids
        ):
            raise errors.VoucherError(errors.WRONG_WORKSHOP % {"title": voucher.workshop.title}, field="code")
        if amount > voucher.balance:
            if not partial:
                raise errors.VoucherError(
                    errors.INSUFFICIENT % {"balance": money(voucher.balance)}, field="amount"
                )
            amount = voucher.balance
        movement = _move(voucher, kind=Movement.Kind.REDEEM, amount=-amount, reference=reference, actor=actor)
        log_action(actor, "vouchers.voucher.redeemed", voucher, amount=amount, reference=reference)
    return movement


def voucher_recredit(*, voucher_id: int, amount, reference: str, reason: str, actor=None) -> Movement:
    """Give back to the voucher what a refunded sale had taken from it (never above its value)."""
    amount = _amount(amount)
    if not reason.strip():
        raise errors.VoucherError(errors.REASON_REQUIRED, field="reason")
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=voucher_id)
        if voucher.status != Voucher.Status.ACTIVE:
            raise errors.VoucherError(errors.CANCELLED if voucher.status == "cancelled" else errors.NOT_PAID)
        spent = voucher.amount - voucher.balance
        if amount > spent:
            raise errors.VoucherError(errors.RECREDIT_TOO_MUCH % {"spent": money(spent)}, field="amount")
        movement = _move(
            voucher,
            kind=Movement.Kind.RECREDIT,
            amount=amount,
            reference=reference,
            reason=reason,
            actor=actor,
        )
        log_action(actor, "vouchers.voucher.recredited", voucher, amount=amount, reference=reference)
    return movement


def voucher_release_reference(
    *, reference: str, reason: str, amount: Decimal | None = None, actor=None
) -> Decimal:
    """Give back to every voucher what was spent for ``reference`` and not given back yet (a
    checkout whose payment never came), or at most ``amount`` (a cancelled booking's share).
    The net of the ledger lines of the reference is re-read under each voucher's lock, so it
    never gives back more than was spent. Returns the amount given back."""
    given = ZERO
    ids = sorted(set(Movement.objects.filter(reference=reference[:80]).values_list("voucher_id", flat=True)))
    for pk in ids:
        with transaction.atomic():
            voucher = Voucher.objects.select_for_update().get(pk=pk)
            net = sum(
                (m.amount for m in voucher.movements.filter(reference=reference[:80])), ZERO
            )  # redeems are negative, recredits positive
            if net >= 0 or voucher.status != Voucher.Status.ACTIVE:
                continue
            back = -net if amount is None else min(-net, amount - given)
            if back <= 0:
                break
            _move(
                voucher,
                kind=Movement.Kind.RECREDIT,
                amount=back,
                reference=reference,
                reason=reason,
                actor=actor,
            )
            log_action(actor, "vouchers.voucher.released", voucher, amount=back, reference=reference)
            given += back
    return given


def _refund_check(voucher: Voucher, amount: Decimal) -> None:
    if voucher.status != Voucher.Status.ACTIVE or voucher.balance <= 0:
        raise errors.VoucherError(errors.REFUND_SPENT % {"code": voucher.display_code}, field="amount")
    if amount > voucher.balance:
        raise errors.VoucherError(
            errors.REFUND_ABOVE_BALANCE % {"code": voucher.display_code, "balance": money(voucher.balance)},
            field="amount",
        )


def voucher_refund_check(*, voucher_id: int, amount) -> Decimal:
    """What the balance would be after refunding ``amount`` of the voucher's purchase; no write.

    Raises VoucherError (spent, cancelled, above the balance)."""
    amount = _amount(amount)
    voucher = Voucher.objects.get(pk=voucher_id)
    _refund_check(voucher, amount)
    return voucher.balance - amount


def voucher_refund_purchase(*, voucher_id: int, amount, reference: str, actor=None) -> Voucher:
    """The buyer is refunded ``amount`` of the voucher's price: only what is not spent yet can
    be, so the balance goes down by it (ledger « remboursé ») and the voucher is cancelled when it
    reaches zero. Under the voucher's lock: a redeem at the same second waits, then sees the
    lower balance (or the other way round), never both beyond it. Raises VoucherError."""
    amount = _amount(amount)
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=voucher_id)
        _refund_check(voucher, amount)
        if amount == voucher.balance:
            voucher.status = Voucher.Status.CANCELLED
            voucher.cancelled_reason = str(errors.REFUND_REASON)
        _move(
            voucher,
            kind=Movement.Kind.REFUND,
            amount=-amount,
            reference=reference,
            reason=str(errors.REFUND_REASON),
            actor=actor,
        )
        log_action(actor, "vouchers.voucher.refunded", voucher, amount=amount, reference=reference)
    return voucher


# --------------------------------------------------------------------------- staff


def voucher_extend(*, voucher_id: int, expires_on: datetime.date, actor, reason: str = "") -> Voucher:
    """Push the expiry date later. A voucher the expiry sweep had emptied gets back what it
    had (ledger « recrédit », reason « prolongation »)."""
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=voucher_id)
        if voucher.status == Voucher.Status.CANCELLED:
            raise errors.VoucherError(errors.CANCELLED)
        if expires_on <= voucher.expires_on or expires_on <= timezone.localdate():
            floor = max(voucher.expires_on, timezone.localdate())
            raise errors.VoucherError(
                errors.EXTEND_NOT_LATER % {"date": date_format(floor, "d/m/Y")}, field="expires_on"
            )
        old = voucher.expires_on
        voucher.expires_on = expires_on
        voucher.save(update_fields=["expires_on", "updated_at"])
        last = voucher.movements.order_by("-created_at", "-id").first()
        if last is not None and last.kind == Movement.Kind.EXPIRE:
            _move(
                voucher,
                kind=Movement.Kind.RECREDIT,
                amount=-last.amount,
                reason=reason or str(errors.EXTENDED_REASON),
                actor=actor,
            )
        log_action(
            actor, "vouchers.voucher.extended", voucher, old=old.isoformat(), new=expires_on.isoformat()
        )
    return voucher


def voucher_cancel(*, voucher_id: int, reason: str, actor) -> Voucher:
    """Cancel a voucher (fraud, refunded purchase): its balance goes to zero (ledger
    « annulation ») and it can no longer be spent. Idempotent."""
    if not reason.strip():
        raise errors.VoucherError(errors.REASON_REQUIRED, field="reason")
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=voucher_id)
        if voucher.status == Voucher.Status.CANCELLED:
            return voucher
        was_active = voucher.status == Voucher.Status.ACTIVE
        voucher.status = Voucher.Status.CANCELLED
        voucher.cancelled_reason = reason.strip()[:300]
        if was_active and voucher.balance > 0:
            _move(voucher, kind=Movement.Kind.CANCEL, amount=-voucher.balance, reason=reason, actor=actor)
        else:
            voucher.save(update_fields=["status", "cancelled_reason", "updated_at"])
        log_action(actor, "vouchers.voucher.cancelled", voucher, reason=reason)
    return voucher


def voucher_expire_due(*, today: datetime.date | None = None, batch: int = 200) -> int:
    """Empty the vouchers whose date has passed (ledger « expiration »), in small batches."""
    today = today or timezone.localdate()
    done = 0
    while True:
        with transaction.atomic():
            due = list(
                Voucher.objects.select_for_update(skip_locked=True)
                .filter(status=Voucher.Status.ACTIVE, expires_on__lt=today, balance__gt=0)
                .order_by("pk")[:batch]
            )
            for voucher in due:
                _move(voucher, kind=Movement.Kind.EXPIRE, amount=-voucher.balance)
            if due:
                log_action(None, "vouchers.voucher.expired", None, count=len(due))
        done += len(due)
        if len(due) < batch:
            return done
