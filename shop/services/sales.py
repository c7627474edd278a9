"""Counter sales (discounts, split payments, cash tendered), their corrections — reversing a
whole ticket, returning some units of a line, exchanges — each a ticket of its own, never an edit."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import log_action
from common.tasks import enqueue
from common.templatetags.maillage import money

from ..exceptions import (
    AlreadyReversed,
    CashShort,
    DayClosed,
    DiscountReasonRequired,
    EmptyBasket,
    InvalidDiscount,
    InvalidState,
    PaymentMismatch,
    ReasonRequired,
    ReturnTooLarge,
    ShopError,
)
from ..models import (
    DailyClosing,
    JournalEntry,
    PaymentMethod,
    Product,
    Sale,
    SaleLine,
    SalePayment,
    ShopSettings,
    StockMovement,
    Till,
)
from .common import (
    check_sellable,
    clean_quantities,
    commission_rate_for,
    lock_products,
    random_code,
    to_cents,
    vat_included,
)
from .journal import journal_append, journal_lock
from .till import till_default, till_open_session


def sale_reference(now: datetime.datetime) -> str:
    return f"T{timezone.localtime(now):%y%m%d}-{random_code(5)}"


def sale_payload(sale: Sale, lines: list[SaleLine], products: Mapping[int, Product] | None = None) -> dict:
    """What the journal keeps of a ticket: enough to rebuild it without the other tables."""
    vat_by_rate: dict[str, list[Decimal]] = {}
    for line in lines:
        bucket = vat_by_rate.setdefault(str(line.vat_rate), [Decimal("0"), Decimal("0")])
        bucket[0] += line.total
        bucket[1] += line.vat_amount
    payments = getattr(sale, "_payments", None) or []
    return {
        "reference": sale.reference,
        "till": sale.till.code if sale.till is not None else None,
        "number": sale.number,
        "kind": sale.kind,
        "channel": sale.channel,
        "sold_on": sale.sold_on.isoformat(),
        "payment_method": sale.payment_method,
        "payments": [{"method": p.method, "amount": str(p.amount)} for p in payments],
        "cash_tendered": str(sale.cash_tendered) if sale.cash_tendered is not None else None,
        "change_given": str(sale.change_given),
        "discount_total": str(sale.discount_total),
        "discount_reason": sale.discount_reason,
        "reverses": sale.reverses.reference if sale.reverses is not None else None,
        "returned_sale": sale.returned_sale.reference if sale.returned_sale is not None else None,
        "reason": sale.reason,
        "lines": [
            {
                "code": products[line.product_id].code if products else str(line.product_id),
                "name": line.product_name,
                "quantity": line.quantity,
                "unit_price": str(line.unit_price),
                "vat_rate": str(line.vat_rate),
                "discount": str(line.discount),
                "total": str(line.total),
                "vat": str(line.vat_amount),
            }
            for line in lines
        ],
        "total": str(sale.total),
        "vat_total": str(sale.vat_total),
        "vat_by_rate": {
            rate: {"total": str(t), "vat": str(v)} for rate, (t, v) in sorted(vat_by_rate.items())
        },
    }


def _allocate(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split ``amount`` over ``weights`` to the cent, the rounding remainder on the largest."""
    base = sum(weights, Decimal("0"))
    if not amount or not base:
        return [Decimal("0.00")] * len(weights)
    parts = [to_cents(amount * w / base) for w in weights]
    largest = max(range(len(weights)), key=lambda i: weights[i])
    parts[largest] += amount - sum(parts, Decimal("0"))
    return parts


def build_sale_lines(
    *,
    sale: Sale,
    products: Mapping[int, Product],
    quantities: Mapping[int, int],
    unit_prices: Mapping[int, Decimal] | None = None,
    shop_settings: ShopSettings,
    line_discounts: Mapping[int, Decimal] | None = None,
    ticket_discount: Decimal = Decimal("0"),
) -> list[SaleLine]:
    """Price, discounts, VAT and commission of each line, computed on the server, rounded half-up.

    A ticket discount is spread over the lines in proportion to their amounts, so that VAT per
    rate and each member's commission stay exact. Raises InvalidDiscount.
    """
    pids = sorted(quantities)
    gross = {}
    for pid in pids:
        unit_price = (unit_prices or {}).get(pid, products[pid].price)
        gross[pid] = (unit_price, to_cents(unit_price * quantities[pid]))
    line_discounts = {int(k): to_cents(Decimal(v)) for k, v in (line_discounts or {}).items() if v}
    for pid, discount in line_discounts.items():
        if pid not in gross or discount < 0 or discount > gross[pid][1]:
            raise InvalidDiscount(detail=_("une remise de ligne dépasse le montant de la ligne."))
    after = [gross[pid][1] - line_discounts.get(pid, Decimal("0")) for pid in pids]
    ticket_discount = to_cents(Decimal(ticket_discount or 0))
    if ticket_discount < 0 or ticket_discount > sum(after, Decimal("0")):
        raise InvalidDiscount(detail=_("la remise sur le ticket dépasse son montant."))
    shares = _allocate(ticket_discount, after)
    lines = []
    for index, pid in enumerate(pids):
        product = products[pid]
        unit_price, line_gross = gross[pid]
        discount = line_discounts.get(pid, Decimal("0")) + shares[index]
        total = line_gross - discount
        rate = product.applicable_vat_rate
        commission_rate = commission_rate_for(product, shop_settings)
        lines.append(
            SaleLine(
                sale=sale,
                product_id=pid,
                member_id=product.member_id,
                product_name=product.name,
                quantity=quantities[pid],
                unit_price=unit_price,
                vat_rate=rate,
                discount=discount,
                total=total,
                vat_amount=vat_included(total, rate),
                commission_rate=commission_rate,
                commission=to_cents(total * commission_rate / Decimal(100)),
            )
        )
    return lines


def _clean_payments(payments, payment_method: str, total: Decimal) -> list[tuple[str, Decimal]]:
    """[(method, amount)] for the ticket; one method alone pays the whole total."""
    allowed = set(PaymentMethod.values) - {PaymentMethod.SPLIT}
    if not payments:
        if payment_method not in allowed:
            raise ShopError()
        return [(payment_method, total)] if total else []
    cleaned: dict[str, Decimal] = {}
    for method, amount in payments:
        if method not in allowed:
            raise ShopError()
        amount = to_cents(Decimal(amount))
        if amount < 0:
            raise PaymentMismatch(paid=money(amount), total=money(total))
        if amount:
            cleaned[method] = cleaned.get(method, Decimal("0")) + amount
    paid = sum(cleaned.values(), Decimal("0"))
    if paid != total:
        raise PaymentMismatch(paid=money(paid), total=money(total))
    return sorted(cleaned.items(), key=lambda item: PaymentMethod.values.index(item[0]))


def next_ticket_number(till: Till) -> int:
    """Next number in the till's own sequence; the caller holds the journal lock."""
    last = Sale.objects.filter(till=till).aggregate(n=Max("number"))["n"] or 0
    return last + 1


def _check_day_open(day: datetime.date) -> None:
    if DailyClosing.objects.filter(day=day).exists():
        raise DayClosed(day=day.strftime("%d/%m/%Y"))


def record_sale(
    *,
    products: Mapping[int, Product],
    quantities: Mapping[int, int],
    payment_method: str = "",
    seller,
    channel: str,
    customer_email: str = "",
    unit_prices: Mapping[int, Decimal] | None = None,
    payments=None,
    line_discounts: Mapping[int, Decimal] | None = None,
    ticket_discount: Decimal = Decimal("0"),
    discount_reason: str = "",
    cash_tendered: Decimal | None = None,
    till: Till | None = None,
) -> Sale:
    """Write the ticket, its lines, payments and journal entry. Caller holds the product locks.

    Raises PaymentMismatch, CashShort, InvalidDiscount, DiscountReasonRequired, DayClosed.
    """
    discount_reason = (discount_reason or "").strip()
    journal_lock()
    now = timezone.now()
    day = timezone.localdate(now)
    _check_day_open(day)
    till = till or till_default()
    sale = Sale(
        reference=sale_reference(now),
        channel=channel,
        created_at=now,
        sold_on=day,
        seller=seller if getattr(seller, "pk", None) else None,
        customer_email=customer_email,
        total=Decimal("0"),
        vat_total=Decimal("0"),
        till=till,
        till_session=till_open_session(till),
        discount_reason=discount_reason,
    )
    lines = build_sale_lines(
        sale=sale,
        products=products,
        quantities=quantities,
        unit_prices=unit_prices,
        shop_settings=ShopSettings.load(),
        line_discounts=line_discounts,
        ticket_discount=ticket_discount,
    )
    sale.discount_total = sum((line.discount for line in lines), Decimal("0"))
    if sale.discount_total and not discount_reason:
        raise DiscountReasonRequired()
    if not sale.discount_total:
        sale.discount_reason = ""
    sale.total = sum((line.total for line in lines), Decimal("0"))
    sale.vat_total = sum((line.vat_amount for line in lines), Decimal("0"))
    cleaned = _clean_payments(payments, payment_method, sale.total)
    sale.payment_method = (
        cleaned[0][0]
        if len(cleaned) == 1
        else (PaymentMethod.SPLIT if cleaned else payment_method or PaymentMethod.CASH)
    )
    cash = sum((amount for method, amount in cleaned if method == PaymentMethod.CASH), Decimal("0"))
    if cash_tendered is not None:
        cash_tendered = to_cents(Decimal(cash_tendered))
        if cash_tendered < cash:
            raise CashShort(tendered=money(cash_tendered), cash=money(cash))
        sale.cash_tendered = cash_tendered
        sale.change_given = cash_tendered - cash
    sale.number = next_ticket_number(till)
    sale.save(force_insert=True)
    SaleLine.objects.bulk_create(lines)
    sale._payments = SalePayment.objects.bulk_create(  # type: ignore[attr-defined]  # for sale_payload
        [SalePayment(sale=sale, method=method, amount=amount) for method, amount in cleaned]
    )
    journal_append(kind=JournalEntry.Kind.SALE, payload=sale_payload(sale, lines, products), created_at=now)
    return sale


def sale_create(
    *,
    quantities: Mapping[int, object],
    payment_method: str = "",
    seller,
    customer_email: str = "",
    payments=None,
    line_discounts: Mapping[int, Decimal] | None = None,
    ticket_discount: Decimal = Decimal("0"),
    discount_reason: str = "",
    cash_tendered: Decimal | None = None,
    till: Till | None = None,
    voucher_code: str = "",
) -> Sale:
    """A counter sale: lock the products in id order, re-count stock from the ledger, write.

    ``voucher_code``: the part paid « bon cadeau » is spent from that gift voucher in the same
    transaction (vouchers app, through ``tenders``); without a code the method is recorded as
    before (paper vouchers of the office). Raises EmptyBasket, InvalidQuantity,
    ProductUnavailable, OutOfStock, DayClosed, PaymentMismatch, CashShort, InvalidDiscount,
    DiscountReasonRequired, TenderRefused.
    """
    cleaned = clean_quantities(quantities)
    if not cleaned:
        raise EmptyBasket()
    with transaction.atomic():
        products = lock_products(cleaned)
        check_sellable(products, cleaned)
        sale = record_sale(
            products=products,
            quantities=cleaned,
            payment_method=payment_method,
            seller=seller,
            channel=Sale.Channel.COUNTER,
            customer_email=customer_email,
            payments=payments,
            line_discounts=line_discounts,
            ticket_discount=ticket_discount,
            discount_reason=discount_reason,
            cash_tendered=cash_tendered,
            till=till,
        )
        if voucher_code.strip():
            _redeem_voucher(sale, code=voucher_code, seller=seller)
        StockMovement.objects.bulk_create(
            [
                StockMovement(
                    product_id=pid, kind=StockMovement.Kind.SALE, quantity=-q, actor=seller, sale=sale
                )
                for pid, q in sorted(cleaned.items())
            ]
        )
        log_action(seller, "shop.sale.created", sale, total=sale.total, payment_method=sale.payment_method)
    if customer_email:
        from ..tasks import send_receipt

        enqueue(send_receipt, sale.pk, customer_email)
    return sale


def _redeem_voucher(sale: Sale, *, code: str, seller) -> None:
    from .tenders import tender_redeem

    paid = sale._payments  # type: ignore[attr-defined]  # set by record_sale
    amount = sum((p.amount for p in paid if p.method == PaymentMethod.VOUCHER), Decimal("0"))
    if amount <= 0:
        return  # a code typed but nothing paid « bon cadeau »: nothing to spend
    tender_redeem(
        method=PaymentMethod.VOUCHER, code=code, amount=amount, reference=sale.reference, actor=seller
    )


def _give_back_voucher(original: Sale, correction: Sale, *, actor) -> None:
    """A correction refunded « bon cadeau »: the gift voucher the original ticket spent gets it
    back (vouchers app, through ``tenders``), in the correction's transaction."""
    from .tenders import tender_refund

    amount = -sum(
        (p.amount for p in correction.payments.all() if p.method == PaymentMethod.VOUCHER), Decimal("0")
    )
    tender_refund(
        method=PaymentMethod.VOUCHER,
        reference=original.reference,
        amount=amount,
        reason=f"ticket {correction.reference} : {correction.reason}"[:300],
        actor=actor,
    )


def _returned_quantities(original: Sale) -> dict[int, int]:
    """Units of each original line already returned (positive numbers)."""
    rows = (
        SaleLine.objects.filter(returned_line__sale=original)
        .values("returned_line_id")
        .annotate(q=Sum("quantity"))
        .values_list("returned_line_id", "q")
    )
    return {line_id: -q for line_id, q in rows}


def _write_correction(
    *,
    original: Sale,
    kind: str,
    actor,
    reason: str,
    returns: Mapping[SaleLine, int],
    refund_method: str,
    credit_cap: Decimal | None = None,
) -> Sale:
    """The reversing or return ticket: negative lines, refund, stock back, journal entry."""
    products = lock_products(line.product_id for line in returns)
    journal_lock()
    now = timezone.now()
    day = timezone.localdate(now)
    _check_day_open(day)
    till = original.till or till_default()
    lines = []
    for line, quantity in returns.items():
        if quantity == line.quantity:
            total, vat, commission, discount = line.total, line.vat_amount, line.commission, line.discount
        else:
            total = to_cents(line.total * quantity / line.quantity)
            vat = vat_included(total, line.vat_rate)
            commission = to_cents(total * line.commission_rate / Decimal(100))
            discount = to_cents(line.discount * quantity / line.quantity)
        lines.append(
            SaleLine(
                product_id=line.product_id,
                member_id=line.member_id,
                product_name=line.product_name,
                quantity=-quantity,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                discount=-discount,
                total=-total,
                vat_amount=-vat,
                commission_rate=line.commission_rate,
                commission=-commission,
                returned_line=line if kind == Sale.Kind.RETURN else None,
            )
        )
    total = sum((line.total for line in lines), Decimal("0"))
    if kind == Sale.Kind.REVERSAL:
        # The reversal gives back exactly what each method took.
        refunds = [(p.method, -p.amount) for p in original.payments.all()] or (
            [(original.payment_method, total)] if total else []
        )
    elif credit_cap is not None:
        # An exchange: the credit pays the new ticket, any rest is refunded by ``refund_method``.
        credit = min(-total, credit_cap)
        refunds = [(PaymentMethod.CREDIT, -credit)] if credit else []
        if -total > credit:
            refunds.append((refund_method, total + credit))
    else:
        refunds = [(refund_method, total)] if total else []
    methods = {m for m, _a in refunds}
    payment_method = (
        methods.pop() if len(methods) == 1 else (PaymentMethod.SPLIT if methods else refund_method)
    )
    correction = Sale(
        reference=sale_reference(now),
        kind=kind,
        channel=original.channel,
        created_at=now,
        sold_on=day,
        seller=actor if getattr(actor, "pk", None) else None,
        payment_method=payment_method,
        total=total,
        vat_total=sum((line.vat_amount for line in lines), Decimal("0")),
        discount_total=sum((line.discount for line in lines), Decimal("0")),
        discount_reason=original.discount_reason if any(line.discount for line in lines) else "",
        reverses=original if kind == Sale.Kind.REVERSAL else None,
        returned_sale=original if kind == Sale.Kind.RETURN else None,
        reason=reason,
        till=till,
        till_session=till_open_session(till),
        number=next_ticket_number(till),
    )
    correction.save(force_insert=True)
    for line in lines:
        line.sale = correction
    SaleLine.objects.bulk_create(lines)
    correction._payments = SalePayment.objects.bulk_create(  # type: ignore[attr-defined]
        [SalePayment(sale=correction, method=m, amount=a) for m, a in refunds]
    )
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                product_id=line.product_id,
                kind=StockMovement.Kind.SALE_REVERSAL,
                quantity=-line.quantity,
                actor=actor,
                sale=correction,
                reason=reason,
            )
            for line in lines
        ]
    )
    journal_kind = JournalEntry.Kind.REVERSAL if kind == Sale.Kind.REVERSAL else JournalEntry.Kind.RETURN
    journal_append(kind=journal_kind, payload=sale_payload(correction, lines, products), created_at=now)
    return correction


def sale_reverse(*, sale: Sale, actor, reason: str) -> Sale:
    """Correct a whole ticket with a reversing ticket (never an edit); the goods go back to stock.

    Raises ReasonRequired, AlreadyReversed, InvalidState (a reversal cannot be reversed, nor a
    ticket part of which was returned), DayClosed.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    with transaction.atomic():
        original = Sale.objects.select_for_update().get(pk=sale.pk)
        if original.kind != Sale.Kind.SALE:
            raise InvalidState()
        if Sale.objects.filter(reverses=original).exists():
            raise AlreadyReversed()
        if original.returns.exists():
            raise InvalidState()
        lines = list(original.lines.all())
        reversal = _write_correction(
            original=original,
            kind=Sale.Kind.REVERSAL,
            actor=actor,
            reason=reason,
            returns={line: line.quantity for line in lines},
            refund_method=original.payment_method,
        )
        _give_back_voucher(original, reversal, actor=actor)
        log_action(actor, "shop.sale.reversed", original, reversal=reversal.reference, reason=reason)
    return reversal


def sale_return(
    *,
    sale: Sale,
    actor,
    reason: str,
    quantities: Mapping[int, object],
    refund_method: str = PaymentMethod.CASH,
    credit_cap: Decimal | None = None,
) -> Sale:
    """Return some units of some lines of a ticket (partial correction): a return ticket with
    negative lines at the price paid, the goods back to stock, the refund by ``refund_method``.

    ``quantities``: {original line id: units}. Raises ReasonRequired, ReturnTooLarge,
    InvalidQuantity, AlreadyReversed, InvalidState, DayClosed.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    wanted = clean_quantities({k: v for k, v in quantities.items() if str(v).strip() not in ("", "0")})
    if not wanted:
        raise EmptyBasket()
    if refund_method not in set(PaymentMethod.values) - {PaymentMethod.SPLIT}:
        raise ShopError()
    with transaction.atomic():
        original = Sale.objects.select_for_update().get(pk=sale.pk)
        if original.kind != Sale.Kind.SALE:
            raise InvalidState()
        if Sale.objects.filter(reverses=original).exists():
            raise AlreadyReversed()
        lines = {line.pk: line for line in original.lines.all()}
        done = _returned_quantities(original)
        returns = {}
        for line_id, quantity in sorted(wanted.items()):
            line = lines.get(line_id)
            if line is None:
                raise InvalidState()
            available = line.quantity - done.get(line_id, 0)
            if quantity > available:
                raise ReturnTooLarge(product=line.product_name, available=available)
            returns[line] = quantity
        correction = _write_correction(
            original=original,
            kind=Sale.Kind.RETURN,
            actor=actor,
            reason=reason,
            returns=returns,
            refund_method=refund_method,
            credit_cap=credit_cap,
        )
        _give_back_voucher(original, correction, actor=actor)
        log_action(actor, "shop.sale.returned", original, correction=correction.reference, reason=reason)
    return correction


def sale_exchange(
    *,
    sale: Sale,
    actor,
    reason: str,
    return_quantities: Mapping[int, object],
    new_quantities: Mapping[int, object],
    payment_method: str = PaymentMethod.CASH,
) -> tuple[Sale, Sale]:
    """An exchange in one transaction: a return ticket whose refund is a credit (« avoir »)
    that pays the new ticket; the difference is paid — or refunded — by ``payment_method``."""
    cleaned = clean_quantities(new_quantities)
    if not cleaned:
        raise EmptyBasket()
    with transaction.atomic():
        products = lock_products(cleaned)
        check_sellable(products, cleaned)
        preview = build_sale_lines(
            sale=Sale(), products=products, quantities=cleaned, shop_settings=ShopSettings.load()
        )
        new_total = sum((line.total for line in preview), Decimal("0"))
        credit_return = sale_return(
            sale=sale,
            actor=actor,
            reason=reason,
            quantities=return_quantities,
            refund_method=payment_method,
            credit_cap=new_total,
        )
        credit = sum(
            (-p.amount for p in credit_return._payments if p.method == PaymentMethod.CREDIT),  # type: ignore[attr-defined]
            Decimal("0"),
        )
        payments: list[tuple[str, Decimal]] = [(PaymentMethod.CREDIT, credit)] if credit else []
        if new_total > credit:
            payments.append((payment_method, new_total - credit))
        new_sale = record_sale(
            products=products,
            quantities=cleaned,
            seller=actor,
            channel=Sale.Channel.COUNTER,
            payments=payments,
            payment_method=payment_method,
        )
        StockMovement.objects.bulk_create(
            [
                StockMovement(
                    product_id=pid, kind=StockMovement.Kind.SALE, quantity=-q, actor=actor, sale=new_sale
                )
                for pid, q in sorted(cleaned.items())
            ]
        )
        log_action(
            actor, "shop.sale.exchanged", sale, returned=credit_return.reference, new=new_sale.reference
        )
    return credit_return, new_sale
