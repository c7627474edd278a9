"""Reads of the shop: QuerySets scoped to who asks, with their joins, and the office figures."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    Count,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Abs, Coalesce, TruncDay, TruncMonth, TruncWeek
from django.shortcuts import get_object_or_404

from .models import (
    Category,
    DailyClosing,
    DailyFootfall,
    DepositLine,
    DepositSlip,
    JournalEntry,
    Order,
    OrderLine,
    Product,
    Sale,
    SaleLine,
    SalePayment,
    Statement,
    StockMovement,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    ProductWithStock = WithAnnotations[Product, "Stock"]


class Stock(TypedDict):
    stock: int


def with_stock(queryset: QuerySet[Product]) -> QuerySet[ProductWithStock]:
    """Annotate ``stock``: the sum of the product's ledger rows (a correlated subquery)."""
    total = (
        StockMovement.objects.filter(product=OuterRef("pk"))
        .order_by()
        .values("product")
        .annotate(s=Sum("quantity"))
        .values("s")
    )
    return queryset.annotate(stock=Coalesce(Subquery(total, output_field=IntegerField()), Value(0)))


def product_stock(*, product: Product) -> int:
    return StockMovement.objects.filter(product=product).aggregate(s=Sum("quantity"))["s"] or 0


# --- Public catalogue -------------------------------------------------------------------


def product_public_list(
    *, category: Category | None = None, member=None, query: str = ""
) -> QuerySet[ProductWithStock]:
    products = Product.objects.filter(is_active=True, member__status="active")
    if category is not None:
        products = products.filter(category=category)
    if member is not None:
        products = products.filter(member=member)
    if query:
        products = products.filter(
            Q(name__unaccent__icontains=query)
            | Q(description__unaccent__icontains=query)
            | Q(member__name__unaccent__icontains=query)
        )
    return (
        with_stock(products)
        .select_related("member", "category")
        .prefetch_related("labels")
        .order_by("category__position", "name")
    )


def product_get_public(*, slug: str) -> Product:
    return get_object_or_404(product_public_list(), slug=slug)


def category_list() -> QuerySet[Category]:
    return Category.objects.annotate(
        product_count=Count("products", filter=Q(products__is_active=True, products__member__status="active"))
    ).order_by("position", "name")


def producer_list():
    """Members who have products on sale, with how many."""
    from network.selectors import member_public_queryset

    return (
        member_public_queryset()
        .annotate(product_count=Count("products", filter=Q(products__is_active=True), distinct=True))
        .filter(product_count__gt=0)
        .order_by("name")
    )


# --- Member portal ----------------------------------------------------------------------


def product_list_for_member(*, member) -> QuerySet[Product]:
    return with_stock(Product.objects.filter(member=member)).select_related("category").order_by("name")


def product_get_for_member(*, member, slug: str) -> Product:
    return get_object_or_404(product_list_for_member(member=member), slug=slug)


def movement_list(*, product: Product) -> QuerySet[StockMovement]:
    return (
        StockMovement.objects.filter(product=product)
        .select_related("deposit_slip", "sale", "order", "actor")
        .order_by("-created_at", "-id")
    )


def deposit_list(*, member=None, status: str | None = None) -> QuerySet[DepositSlip]:
    slips = DepositSlip.objects.select_related("member").annotate(
        units=Coalesce(Sum("lines__quantity_announced"), 0), line_count=Count("lines")
    )
    if member is not None:
        slips = slips.filter(member=member)
    if status:
        slips = slips.filter(status=status)
    return slips.order_by("-created_at")


def deposit_get(*, reference: str, member=None) -> DepositSlip:
    slips = DepositSlip.objects.select_related("member", "received_by", "requested_by").prefetch_related(
        Prefetch("lines", queryset=DepositLine.objects.select_related("product"))
    )
    if member is not None:
        slips = slips.filter(member=member)
    return get_object_or_404(slips, reference=reference)


def sale_lines_for_member(*, member, start: datetime.date, end: datetime.date) -> QuerySet[SaleLine]:
    return (
        SaleLine.objects.filter(member=member, sale__sold_on__gte=start, sale__sold_on__lt=end)
        .select_related("sale")
        .order_by("-sale__created_at", "id")
    )


def statement_list(*, member=None, period: datetime.date | None = None) -> QuerySet[Statement]:
    statements = Statement.objects.select_related("member")
    if member is not None:
        statements = statements.filter(member=member)
    if period is not None:
        statements = statements.filter(period=period)
    return statements.order_by("-period", "member__name")


def statement_get(*, pk: int, member=None) -> Statement:
    statements = statement_list(member=member).prefetch_related("lines").select_related("closed_by")
    return get_object_or_404(statements, pk=pk)


def statement_stock_reconciliation(*, statement: Statement) -> list[dict]:
    """Per product of the member, over the statement's month, from the stock ledger:
    opening + deposited − sold − withdrawn = closing (one aggregate query).

    « sold » counts counter sales net of reversals/returns and click & collect reservations net
    of releases; « withdrawn » counts returns to the producer, losses and inventory corrections.
    """
    from django.utils import timezone

    from .services.statements import next_month

    def start_of(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    start, end = start_of(statement.period), start_of(next_month(statement.period))
    kinds = StockMovement.Kind
    in_month = Q(movements__created_at__gte=start, movements__created_at__lt=end)

    def total(condition: Q):
        return Coalesce(Sum("movements__quantity", filter=condition), Value(0))

    rows = (
        Product.objects.filter(member_id=statement.member_id, movements__created_at__lt=end)
        .values("pk", "name", "code")
        .annotate(
            opening=total(Q(movements__created_at__lt=start)),
            deposited=total(in_month & Q(movements__kind=kinds.DEPOSIT)),
            sold=total(
                in_month
                & Q(
                    movements__kind__in=[
                        kinds.SALE,
                        kinds.SALE_REVERSAL,
                        kinds.ORDER_RESERVED,
                        kinds.ORDER_RELEASED,
                    ]
                )
            ),
            withdrawn=total(
                in_month & Q(movements__kind__in=[kinds.RETURN, kinds.WRITE_OFF, kinds.CORRECTION])
            ),
        )
        .order_by("name", "pk")
    )
    result = []
    for row in rows:
        sold, withdrawn = -row["sold"], -row["withdrawn"]
        result.append(
            {
                "product_id": row["pk"],
                "name": row["name"],
                "code": row["code"],
                "opening": row["opening"],
                "deposited": row["deposited"],
                "sold": sold,
                "withdrawn": withdrawn,
                "closing": row["opening"] + row["deposited"] - sold - withdrawn,
            }
        )
    return result


# --- Staff ------------------------------------------------------------------------------


def counter_search(*, query: str, limit: int = 12) -> QuerySet[Product]:
    """Exact code or barcode first (a scan), else name or producer."""
    query = (query or "").strip()
    base = Product.objects.filter(is_active=True, member__status="active")
    if not query:
        return Product.objects.none()
    exact = base.filter(Q(code__iexact=query) | Q(barcode=query))
    if exact.exists():
        products = exact
    else:
        products = base.filter(
            Q(name__unaccent__icontains=query)
            | Q(member__name__unaccent__icontains=query)
            | Q(code__istartswith=query)
        )
    return with_stock(products).select_related("member").order_by("name")[:limit]


def counter_products(*, ids) -> dict[int, Product]:
    return {p.pk: p for p in with_stock(Product.objects.filter(pk__in=list(ids))).select_related("member")}


def sale_list(*, day: datetime.date | None = None) -> QuerySet[Sale]:
    sales = Sale.objects.select_related("seller", "reverses").annotate(is_reversed_flag=Count("reversed_by"))
    if day is not None:
        sales = sales.filter(sold_on=day)
    return sales.order_by("-created_at")


def sale_get(*, reference: str) -> Sale:
    return get_object_or_404(
        Sale.objects.select_related(
            "seller", "reverses", "till", "returned_sale", "reverses__till"
        ).prefetch_related("lines", "payments"),
        reference=reference,
    )


def returnable_lines(*, sale: Sale) -> list[SaleLine]:
    """The ticket's lines, each with ``returnable``: units sold minus units already returned."""
    lines = list(sale.lines.annotate(returned=Coalesce(Sum("returns__quantity"), 0)).order_by("id"))
    for line in lines:
        line.returnable = line.quantity + line.returned  # type: ignore[attr-defined]  # read by the template
    return [line for line in lines if line.returnable > 0]  # type: ignore[attr-defined]


def till_events(*, event: str | None = None, limit: int = 100) -> list[JournalEntry]:
    """Technical events (JET), most recent first."""
    entries = JournalEntry.objects.filter(kind=JournalEntry.Kind.EVENT)
    if event:
        entries = entries.filter(payload__event=event)
    return list(entries.order_by("-sequence")[:limit])


def receipt_context(*, sale: Sale) -> dict:
    """Everything a complete receipt prints: seller, lines, HT / VAT / TTC per rate, payments."""
    from network.selectors import office_main

    lines = list(sale.lines.select_related("member"))
    rates: dict[Decimal, list[Decimal]] = {}
    for line in lines:
        bucket = rates.setdefault(line.vat_rate, [Decimal("0"), Decimal("0")])
        bucket[0] += line.total
        bucket[1] += line.vat_amount
    return {
        "sale": sale,
        "office": office_main(),  # the legal seller, whichever till (office or antenna) sold
        "lines": lines,
        "vat_rows": [
            {"rate": rate, "total": total, "vat": vat, "ht": total - vat}
            for rate, (total, vat) in sorted(rates.items())
        ],
        "ht_total": sale.total - sale.vat_total,
        "payments": list(sale.payments.all()),
        "exempt_members": sorted({line.member.name for line in lines if not line.vat_rate}),
    }


def order_list(*, statuses=None) -> QuerySet[Order]:
    orders = Order.objects.annotate(units=Sum("lines__quantity"))
    if statuses:
        orders = orders.filter(status__in=statuses)
    return orders.order_by("hold_until")


def order_get(*, token=None, reference: str | None = None) -> Order:
    orders = Order.objects.prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.select_related("product__member"))
    )
    if token is not None:
        return get_object_or_404(orders, token=token)
    return get_object_or_404(orders, reference=reference)


def period_totals(*, start: datetime.date, end: datetime.date) -> dict:
    """Totals of the tickets sold from ``start`` to ``end`` (inclusive): per VAT rate (HT, VAT,
    TTC), per payment method (split payments counted per method), per till (with the first and
    last ticket numbers), discounts, and the tickets, reversals and returns counted — a few SQL
    aggregates whatever the number of tickets."""
    sales = Sale.objects.filter(sold_on__gte=start, sold_on__lte=end)
    head = sales.aggregate(
        total=Coalesce(Sum("total"), Decimal("0")),
        vat=Coalesce(Sum("vat_total"), Decimal("0")),
        discounts=Coalesce(Sum("discount_total"), Decimal("0")),
        tickets=Count("id", filter=Q(kind=Sale.Kind.SALE)),
        reversals=Count("id", filter=Q(kind=Sale.Kind.REVERSAL)),
        returns=Count("id", filter=Q(kind=Sale.Kind.RETURN)),
    )
    by_rate = (
        SaleLine.objects.filter(sale__sold_on__gte=start, sale__sold_on__lte=end)
        .values("vat_rate")
        .annotate(total=Sum("total"), vat=Sum("vat_amount"))
        .order_by("vat_rate")
    )
    methods: dict[str, dict] = {}
    by_payment = (
        SalePayment.objects.filter(sale__sold_on__gte=start, sale__sold_on__lte=end)
        .values("method")
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by("method")
    )
    legacy = (  # tickets written before split payments existed: their single method
        sales.filter(payments__isnull=True)
        .exclude(total=0)
        .values("payment_method")
        .annotate(total=Sum("total"), count=Count("id"))
        .order_by("payment_method")
    )
    for method, total, count in [(r["method"], r["total"], r["count"]) for r in by_payment] + [
        (r["payment_method"], r["total"], r["count"]) for r in legacy
    ]:
        bucket = methods.setdefault(method, {"total": Decimal("0"), "count": 0})
        bucket["total"] += total
        bucket["count"] += count
    by_till = (
        sales.values("till__code")
        .annotate(total=Sum("total"), tickets=Count("id"), first=Min("number"), last=Max("number"))
        .order_by("till__code")
    )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "day": start.isoformat() if start == end else None,
        "tickets": head["tickets"],
        "reversals": head["reversals"],
        "returns": head["returns"],
        "total": str(head["total"]),
        "vat_total": str(head["vat"]),
        "ht_total": str(head["total"] - head["vat"]),
        "discounts": str(head["discounts"]),
        "by_payment_method": {
            m: {"total": str(v["total"]), "count": v["count"]} for m, v in sorted(methods.items())
        },
        "by_vat_rate": {
            str(row["vat_rate"]): {
                "total": str(row["total"]),
                "vat": str(row["vat"]),
                "ht": str(row["total"] - row["vat"]),
            }
            for row in by_rate
        },
        "by_till": {
            (row["till__code"] or "—"): {
                "tickets": row["tickets"],
                "total": str(row["total"]),
                "first": row["first"],
                "last": row["last"],
            }
            for row in by_till
        },
    }


def closing_totals(*, day: datetime.date) -> dict:
    """Totals of one day (the Z report, or the X report while the day is open)."""
    return period_totals(start=day, end=day)


def grand_totals(*, through: datetime.date) -> tuple[Decimal, Decimal]:
    """Perpetual grand totals since the till started, never reset: Σ tickets and Σ |tickets|."""
    row = Sale.objects.filter(sold_on__lte=through).aggregate(
        gt=Coalesce(Sum("total"), Decimal("0")), gt_abs=Coalesce(Sum(Abs("total")), Decimal("0"))
    )
    return row["gt"], row["gt_abs"]


def closing_list() -> QuerySet[DailyClosing]:
    return DailyClosing.objects.select_related("closed_by").order_by("-day")


def product_staff_list(*, query: str = "") -> QuerySet[Product]:
    products = Product.objects.all()
    if query:
        products = products.filter(
            Q(name__unaccent__icontains=query)
            | Q(code__iexact=query)
            | Q(member__name__unaccent__icontains=query)
        )
    return with_stock(products).select_related("member", "category").order_by("member__name", "name")


def today_figures(*, day: datetime.date) -> dict:
    row = Sale.objects.filter(sold_on=day).aggregate(
        total=Coalesce(Sum("total"), Decimal("0")), tickets=Count("id", filter=Q(kind=Sale.Kind.SALE))
    )
    return {
        "total": row["total"],
        "tickets": row["tickets"],
        "orders_to_prepare": Order.objects.filter(status=Order.Status.RESERVED).count(),
        "orders_ready": Order.objects.filter(status=Order.Status.READY).count(),
    }


# --- Figures for the office (bounded number of SQL aggregates) ---------------------------

GRANULARITIES = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}


def dashboard_figures(*, start: datetime.date, end: datetime.date, granularity: str = "month") -> dict:
    """Revenue, office share, tickets, average basket, best products and producers, antennas.

    ``end`` is exclusive. Seven queries whatever the number of tickets.
    """
    trunc = GRANULARITIES.get(granularity, TruncMonth)
    sales = Sale.objects.filter(sold_on__gte=start, sold_on__lt=end)
    lines = SaleLine.objects.filter(sale__sold_on__gte=start, sale__sold_on__lt=end)
    series_rows = (
        sales.annotate(bucket=trunc("sold_on"))
        .values("bucket")
        .annotate(revenue=Sum("total"), tickets=Count("id", filter=Q(kind=Sale.Kind.SALE)))
        .order_by("bucket")
    )
    share_rows = dict(
        lines.annotate(bucket=trunc("sale__sold_on"))
        .values("bucket")
        .annotate(c=Sum("commission"))
        .order_by("bucket")
        .values_list("bucket", "c")
    )
    footfall_rows = dict(
        DailyFootfall.objects.filter(day__gte=start, day__lt=end)
        .annotate(bucket=trunc("day"))
        .values("bucket")
        .annotate(v=Sum("visitors"))
        .order_by("bucket")
        .values_list("bucket", "v")
    )
    series = []
    for row in series_rows:
        bucket = row["bucket"]
        key = bucket.date() if isinstance(bucket, datetime.datetime) else bucket
        tickets = row["tickets"]
        revenue = row["revenue"] or Decimal("0")
        series.append(
            {
                "period": key,
                "revenue": revenue,
                "tickets": tickets,
                "office_share": share_rows.get(bucket) or Decimal("0"),
                "average_basket": (revenue / tickets).quantize(Decimal("0.01")) if tickets else Decimal("0"),
                "footfall": footfall_rows.get(bucket),
            }
        )
    totals = lines.aggregate(
        revenue=Coalesce(Sum("total"), Decimal("0")),
        vat=Coalesce(Sum("vat_amount"), Decimal("0")),
        office_share=Coalesce(Sum("commission"), Decimal("0")),
    )
    totals["tickets"] = sum(s["tickets"] for s in series)
    totals["footfall"] = sum(v for v in footfall_rows.values() if v)
    totals["average_basket"] = (
        (totals["revenue"] / totals["tickets"]).quantize(Decimal("0.01"))
        if totals["tickets"]
        else Decimal("0")
    )
    best_products = list(
        lines.values("product_id", "product_name", "member__name")
        .annotate(quantity=Sum("quantity"), revenue=Sum("total"))
        .order_by("-revenue", "product_id")[:10]
    )
    best_producers = list(
        lines.values("member_id", "member__name")
        .annotate(revenue=Sum("total"), office_share=Sum("commission"))
        .order_by("-revenue", "member_id")[:10]
    )
    antennas = list(lines.values("member__antenna__name").annotate(revenue=Sum("total")).order_by("-revenue"))
    for row in antennas:
        row["share"] = (
            (row["revenue"] / totals["revenue"] * 100).quantize(Decimal("0.1"))
            if totals["revenue"]
            else Decimal("0")
        )
    return {
        "series": series,
        "totals": totals,
        "best_products": best_products,
        "best_producers": best_producers,
        "antennas": antennas,
    }


def basket_trend(*, start: datetime.date, end: datetime.date) -> dict:
    """Average basket over [start, end) against the period of the same length just before."""
    length = end - start
    rows = Sale.objects.filter(sold_on__gte=start - length, sold_on__lt=end).aggregate(
        cur_total=Coalesce(Sum("total", filter=Q(sold_on__gte=start)), Decimal("0")),
        cur_tickets=Count("id", filter=Q(sold_on__gte=start, kind=Sale.Kind.SALE)),
        prev_total=Coalesce(Sum("total", filter=Q(sold_on__lt=start)), Decimal("0")),
        prev_tickets=Count("id", filter=Q(sold_on__lt=start, kind=Sale.Kind.SALE)),
    )
    current = rows["cur_total"] / rows["cur_tickets"] if rows["cur_tickets"] else None
    previous = rows["prev_total"] / rows["prev_tickets"] if rows["prev_tickets"] else None
    change = (
        ((current - previous) / previous * 100).quantize(Decimal("0.1")) if current and previous else None
    )
    return {"current": current, "previous": previous, "change": change}
