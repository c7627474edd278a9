"""Gift vouchers and the payments app (handlers of the seam in ``payments.hooks``).

Registered in ``VouchersConfig.ready``:

- ``vouchers.voucher:succeeded`` — a voucher bought online is paid by card: it is issued
  (ledger « émission ») and the buyer receives the PDF. A success after the hold ended still
  issues it (``revive``): the buyer is never charged for nothing.
- ``vouchers.voucher:expired`` — the unpaid order is cancelled.
- ``vouchers.voucher:receipt`` — the lines of the buyer's receipt (invoicing).
- ``checkout.deductions`` — a code typed in a basket: its balance is offered as a deduction
  (a workshop voucher only on its workshop's lines), computed here on the server.
- ``checkout.deductions.commit`` — the deduction is spent under the voucher's row lock, in the
  checkout's transaction; a voucher spent meanwhile refuses the checkout (``PaymentError``).
- ``checkout.deductions.release`` — a checkout released (hold expired): given back, once.
- ``checkout.deductions.recredit`` — a paid stay's booking cancelled or refunded by staff: the
  voucher's share back. ``checkout.deductions.outstanding``: what it still holds of a checkout.
- ``vouchers.voucher:refunding`` — staff refund a voucher purchase: only the unspent balance, which
  goes down by it (ledger « remboursé »), the voucher cancelled at zero. ``:refund_preview`` and
  ``:refund_notes`` say so on the confirmation page and in the buyer's e-mail.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from . import services
from .exceptions import VoucherError
from .models import Voucher

VOUCHER_PAYMENT_KIND = "vouchers.voucher"  # reference id: the voucher's public_id
DEDUCTION_KIND = "voucher"
CENT = Decimal("0.01")


def _reference(checkout_reference: str) -> str:
    return f"checkout:{checkout_reference}"


def voucher_payment_start(*, voucher: Voucher):
    """Open the card payment of a pending voucher order (amount from the order, on the server).

    Raises ``payments.exceptions.PaymentError`` (online payment off, order not payable)."""
    from payments import exceptions as payment_errors
    from payments.services import payment_start

    if voucher.status != Voucher.Status.PENDING:
        raise payment_errors.PaymentError(payment_errors.NOT_PAYABLE)
    return payment_start(
        reference_kind=VOUCHER_PAYMENT_KIND,
        reference_id=str(voucher.public_id),
        amount=voucher.amount,
        email=voucher.buyer_email,
        description=f"Bon cadeau {voucher.buyer_name}"[:200],
        expires_at=timezone.now() + datetime.timedelta(minutes=settings.PAYMENTS_HOLD_MINUTES),
        return_url=voucher.get_order_url(),
    )


def _voucher_of(payment) -> Voucher | None:
    return Voucher.objects.filter(public_id=payment.reference_id).first()


def on_succeeded(*, payment) -> None:
    voucher = _voucher_of(payment)
    if voucher is None:
        return
    services.voucher_issue(
        voucher_id=voucher.pk,
        payment_method="card",
        reference=f"payment:{payment.public_id}"[:80],
        revive=payment.late,
    )


def on_expired(*, payment) -> None:
    voucher = _voucher_of(payment)
    if voucher is not None:
        services.voucher_cancel_order(voucher_id=voucher.pk)


def receipt(*, payment) -> dict | None:
    """The receipt of a voucher paid by card. A voucher for an amount is a multi-purpose
    voucher: its VAT is due when it is spent, not when it is sold (art. 256 ter CGI), so it is
    sold without VAT; a voucher for one workshop is single-purpose: VAT at the workshop's rate."""
    from invoicing.services import LineInput

    voucher = _voucher_of(payment)
    if voucher is None or voucher.status != Voucher.Status.ACTIVE:
        return None
    if voucher.kind == Voucher.Kind.WORKSHOP:
        label = (
            f"Bon cadeau atelier « {voucher.workshop.title} » ({voucher.seats} pl.) {voucher.display_code}"
        )
        rate = Decimal(str(settings.INVOICE_WORKSHOP_VAT_RATE))
    else:
        label = f"Bon cadeau à usages multiples {voucher.display_code} (TVA due à l'utilisation)"
        rate = Decimal("0.00")
    return {
        "buyer": {"buyer_name": voucher.buyer_name, "buyer_email": voucher.buyer_email},
        "lines": [LineInput(label, Decimal(1), voucher.amount, rate)],
        "method": "carte",
    }


# --------------------------------------------------------------------------- basket deduction


def _lines_for(voucher: Voucher, lines: list[dict]) -> Decimal | None:
    """What a workshop voucher may pay of the basket: its workshop's lines only (None: all)."""
    if not voucher.workshop_id:
        return None
    return sum(
        (Decimal(str(line["amount"])) for line in lines if line.get("workshop_id") == voucher.workshop_id),
        Decimal("0"),
    )


def on_deductions(*, gross: Decimal, context: dict) -> list:
    """Offer the balance of each code in ``context["codes"]`` (checked, rate-limited per IP)."""
    from payments.checkout import Deduction
    from payments.exceptions import PaymentError

    found: list = []
    seen: set[str] = set()
    for code in context.get("codes") or []:
        if not (code or "").strip():
            continue
        try:
            voucher = services.voucher_check(code=code, ip=context.get("ip"))
        except VoucherError as exc:
            raise PaymentError(exc.message, field="voucher_code") from exc
        if voucher.code in seen:
            continue
        seen.add(voucher.code)
        amount = voucher.balance
        cap = _lines_for(voucher, context.get("lines") or [])
        if cap is not None:
            if cap <= 0:
                raise PaymentError(
                    services.errors.WRONG_WORKSHOP % {"title": voucher.workshop.title}, field="voucher_code"
                )
            amount = min(amount, cap)
        found.append(
            Deduction(
                kind=DEDUCTION_KIND,
                label=f"Bon cadeau {voucher.display_code}",
                amount=amount.quantize(CENT),
                data={
                    "code": voucher.code,
                    "voucher": str(voucher.public_id),
                    "workshop_id": voucher.workshop_id,
                },
            )
        )
    return found


def on_commit_deductions(*, deductions, reference: str) -> None:
    """Spend the deductions under each voucher's lock; refuse if the balance moved meanwhile."""
    from payments.exceptions import PaymentError

    for deduction in sorted(
        (d for d in deductions if d.kind == DEDUCTION_KIND), key=lambda d: d.data["code"]
    ):
        try:
            services.voucher_redeem(
                code=deduction.data["code"], amount=deduction.amount, reference=_reference(reference)
            )
        except VoucherError as exc:
            raise PaymentError(exc.message, field="voucher_code") from exc


def on_release(*, reference: str) -> None:
    services.voucher_release_reference(
        reference=_reference(reference), reason="paiement non abouti, montant rendu au bon"
    )


def on_recredit(*, reference: str, amount: Decimal, reason: str) -> Decimal:
    """A paid stay partly cancelled or refunded: the voucher gets back its share (never more than
    it paid). Returns what was given back."""
    return services.voucher_release_reference(reference=_reference(reference), reason=reason, amount=amount)


def on_outstanding(*, reference: str) -> Decimal:
    """What the vouchers paid of a checkout and have not got back yet (active vouchers only)."""
    from django.db.models import Sum

    from .models import Movement

    net = Movement.objects.filter(
        reference=_reference(reference)[:80], voucher__status=Voucher.Status.ACTIVE
    ).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
    return max(Decimal("0.00"), -net)


# --------------------------------------------------------------------------- purchase refunded


def _refund_error(exc: VoucherError):
    from payments.exceptions import RefundError

    return RefundError(exc.message, field="amount")


def on_refunding(*, payment, amount: Decimal, actor=None) -> None:
    """A staff refund of a voucher purchase: the voucher's unspent balance goes down by it (and
    the voucher is cancelled at zero), under its lock, in the refund's transaction."""
    voucher = _voucher_of(payment)
    if voucher is None:
        return
    try:
        services.voucher_refund_purchase(
            voucher_id=voucher.pk, amount=amount, reference=f"payment:{payment.public_id}", actor=actor
        )
    except VoucherError as exc:
        raise _refund_error(exc) from exc


def refund_preview(*, payment, amount: Decimal) -> list[str]:
    """What the staff confirmation page says will happen to the voucher; raises RefundError."""
    from django.utils.translation import gettext as _

    from common.templatetags.maillage import money

    voucher = _voucher_of(payment)
    if voucher is None:
        return []
    try:
        after = services.voucher_refund_check(voucher_id=voucher.pk, amount=amount)
    except VoucherError as exc:
        raise _refund_error(exc) from exc
    if after == 0:
        return [_("Le bon %(code)s sera annulé : solde 0,00 €.") % {"code": voucher.display_code}]
    return [
        _("Le solde du bon %(code)s passera à %(balance)s.")
        % {"code": voucher.display_code, "balance": money(after)}
    ]


def refund_notes(*, refund) -> list[str]:
    """What the buyer's refund e-mail says about the voucher."""
    from django.utils.translation import gettext as _

    from common.templatetags.maillage import money

    voucher = _voucher_of(refund.payment)
    if voucher is None:
        return []
    if voucher.status == Voucher.Status.CANCELLED:
        return [_("Le bon cadeau %(code)s est annulé.") % {"code": voucher.display_code}]
    return [
        _("Le solde du bon cadeau %(code)s est maintenant de %(balance)s.")
        % {"code": voucher.display_code, "balance": money(voucher.balance)}
    ]


def counter_tender(*, code: str, amount: Decimal, reference: str, actor) -> None:
    """The till's « bon cadeau » tender: spend exactly ``amount`` under the voucher's lock."""
    from shop.exceptions import TenderRefused

    try:
        services.voucher_redeem(code=code, amount=amount, reference=f"ticket:{reference}", actor=actor)
    except VoucherError as exc:
        raise TenderRefused(exc.message) from exc


def counter_tender_refund(*, reference: str, amount: Decimal, reason: str, actor) -> None:
    """A till ticket reversed or returned « bon cadeau »: the voucher it spent gets it back (at
    most what that ticket took from it)."""
    services.voucher_release_reference(
        reference=f"ticket:{reference}", reason=reason, amount=amount, actor=actor
    )


def register() -> None:
    from payments import hooks
    from shop.services.tenders import register_tender, register_tender_refund

    register_tender("voucher", counter_tender)
    register_tender_refund("voucher", counter_tender_refund)

    hooks.register(f"{VOUCHER_PAYMENT_KIND}:succeeded", on_succeeded)
    hooks.register(f"{VOUCHER_PAYMENT_KIND}:expired", on_expired)
    hooks.register(f"{VOUCHER_PAYMENT_KIND}:receipt", receipt)
    hooks.register("checkout.deductions", on_deductions)
    hooks.register("checkout.deductions.commit", on_commit_deductions)
    hooks.register("checkout.deductions.release", on_release)
    hooks.register("checkout.deductions.recredit", on_recredit)
    hooks.register("checkout.deductions.outstanding", on_outstanding)
    hooks.register(f"{VOUCHER_PAYMENT_KIND}:refunding", on_refunding)
    hooks.register(f"{VOUCHER_PAYMENT_KIND}:refund_preview", refund_preview)
    hooks.register(f"{VOUCHER_PAYMENT_KIND}:refund_notes", refund_notes)
