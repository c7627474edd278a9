"""Demo data for the shop: products of the demo members, deposits, a year of counter sales
(with a valid journal chain and daily closings), click & collect orders in every state, and
closed statements for past months. Idempotent and deterministic (fixed random seed)."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from network.models import Member, User

from . import services
from .models import (
    Category,
    DailyClosing,
    DailyFootfall,
    DepositLine,
    DepositSlip,
    JournalEntry,
    Label,
    Order,
    OrderLine,
    PaymentMethod,
    Product,
    Sale,
    SaleLine,
    ShopSettings,
    Statement,
    StockMovement,
    VatRate,
)
from .services.common import commission_rate_for, to_cents, vat_included
from .services.journal import journal_build, journal_last
from .services.sales import sale_payload

SEED = 20261122
PARIS = ZoneInfo(settings.TIME_ZONE)
DEMO_PREFIX = "TDEMO"

CATEGORIES = [
    # slug, name, VAT, commission override, description
    ("epicerie-fine", "Épicerie fine", VatRate.FOOD, None, "Confitures, sirops, jus et douceurs du massif."),
    (
        "miels",
        "Miels et produits de la ruche",
        VatRate.FOOD,
        None,
        "Miels de montagne, pollen, pain d'épices.",
    ),
    ("fromages", "Fromages fermiers", VatRate.FOOD, Decimal("15.00"), "Tommes et fromages au lait cru."),
    (
        "liqueurs",
        "Liqueurs et spiritueux",
        VatRate.STANDARD,
        Decimal("25.00"),
        "Génépis et liqueurs de plantes.",
    ),
    ("tisanes", "Tisanes et aromates", VatRate.FOOD, None, "Plantes cultivées et cueillies en Chartreuse."),
    ("bois", "Objets en bois", VatRate.STANDARD, None, "Tournage, ébénisterie, ustensiles."),
    ("ceramique", "Céramique", VatRate.STANDARD, None, "Grès, faïence, vaisselle utilitaire."),
    ("textile-cuir", "Textile et cuir", VatRate.STANDARD, None, "Laine de pays, maroquinerie cousue main."),
    ("coutellerie", "Coutellerie", VatRate.STANDARD, None, "Couteaux forgés à la main."),
    ("vannerie", "Vannerie", VatRate.STANDARD, None, "Paniers en osier et vannerie sauvage."),
]

LABELS = [
    ("bio", "Agriculture biologique"),
    ("nature-progres", "Nature & Progrès"),
    ("bois-des-alpes", "Bois des Alpes"),
    ("fait-main", "Fait main"),
]

# member slug, code, name, category, price, labels, popularity, perishable (days of shelf life)
PRODUCTS = [
    (
        "atelier-du-tourneur",
        "TOUR-BOL",
        "Bol en hêtre tourné",
        "bois",
        "32.00",
        ["bois-des-alpes", "fait-main"],
        5,
        0,
    ),
    ("atelier-du-tourneur", "TOUR-TOUPIE", "Toupie en érable", "bois", "9.50", ["fait-main"], 9, 0),
    (
        "atelier-du-tourneur",
        "TOUR-PLANCHE",
        "Planche à découper en noyer",
        "bois",
        "45.00",
        ["bois-des-alpes"],
        3,
        0,
    ),
    ("atelier-du-tourneur", "TOUR-SPATULE", "Spatule en buis", "bois", "12.00", ["fait-main"], 6, 0),
    ("rucher-des-cimes", "RUCH-MONT500", "Miel de montagne 500 g", "miels", "9.90", ["bio"], 12, 0),
    ("rucher-des-cimes", "RUCH-SAPIN250", "Miel de sapin 250 g", "miels", "7.50", ["bio"], 8, 0),
    ("rucher-des-cimes", "RUCH-PAINEP", "Pain d'épices au miel", "miels", "6.80", [], 7, 40),
    ("rucher-des-cimes", "RUCH-POLLEN", "Pollen frais 250 g", "miels", "11.00", ["bio"], 3, 25),
    ("terre-de-guiers", "GUIE-TASSE", "Tasse en grès émaillé", "ceramique", "24.00", ["fait-main"], 6, 0),
    (
        "terre-de-guiers",
        "GUIE-SALADIER",
        "Saladier émaillé à la cendre",
        "ceramique",
        "58.00",
        ["fait-main"],
        2,
        0,
    ),
    ("terre-de-guiers", "GUIE-VASE", "Vase soliflore", "ceramique", "19.00", [], 4, 0),
    (
        "confitures-du-granier",
        "GRAN-MYRT",
        "Confiture de myrtilles sauvages",
        "epicerie-fine",
        "6.20",
        [],
        11,
        0,
    ),
    (
        "confitures-du-granier",
        "GRAN-SUREAU",
        "Sirop de fleurs de sureau",
        "epicerie-fine",
        "8.50",
        ["bio"],
        6,
        0,
    ),
    ("confitures-du-granier", "GRAN-COING", "Gelée de coing", "epicerie-fine", "5.90", [], 5, 0),
    (
        "coutellerie-guiers-vif",
        "GVIF-BUIS",
        "Couteau pliant manche buis",
        "coutellerie",
        "89.00",
        ["fait-main"],
        2,
        0,
    ),
    (
        "coutellerie-guiers-vif",
        "GVIF-CERF",
        "Couteau de poche bois de cerf",
        "coutellerie",
        "120.00",
        ["fait-main"],
        1,
        0,
    ),
    (
        "fil-de-chartreuse",
        "FIL-ECHARPE",
        "Écharpe en laine teinte aux plantes",
        "textile-cuir",
        "49.00",
        ["fait-main"],
        3,
        0,
    ),
    (
        "fil-de-chartreuse",
        "FIL-PLAID",
        "Plaid en laine de pays",
        "textile-cuir",
        "145.00",
        ["fait-main"],
        1,
        0,
    ),
    ("ferme-du-col", "COL-TOMME", "Tomme de Chartreuse (500 g)", "fromages", "11.50", [], 7, 30),
    ("ferme-du-col", "COL-BLEU", "Bleu du Col (250 g)", "fromages", "6.90", [], 4, 10),
    ("distillerie-des-alpages", "DIST-GENEPI", "Génépi des alpages 50 cl", "liqueurs", "32.00", [], 5, 0),
    ("distillerie-des-alpages", "DIST-NOIX", "Liqueur de noix 35 cl", "liqueurs", "22.00", [], 3, 0),
    (
        "simples-du-sappey",
        "SAPP-TISANE",
        "Tisane digestive 40 g",
        "tisanes",
        "6.50",
        ["bio", "nature-progres"],
        8,
        0,
    ),
    ("simples-du-sappey", "SAPP-SEL", "Sel aux herbes de montagne", "tisanes", "8.00", ["bio"], 5, 0),
    ("miellerie-du-touvet", "TOUV-CHAT", "Miel de châtaignier 500 g", "miels", "10.50", [], 7, 0),
    ("miellerie-du-touvet", "TOUV-BOUGIE", "Bougie en cire d'abeille", "miels", "7.00", [], 4, 0),
    (
        "vannerie-de-proveysieux",
        "PROV-PANIER",
        "Panier en osier vivant",
        "vannerie",
        "65.00",
        ["fait-main"],
        2,
        0,
    ),
    ("vannerie-de-proveysieux", "PROV-CORB", "Corbeille à pain", "vannerie", "28.00", ["fait-main"], 3, 0),
    (
        "cuir-et-sangle",
        "CUIR-CARTES",
        "Porte-cartes en cuir végétal",
        "textile-cuir",
        "35.00",
        ["fait-main"],
        4,
        0,
    ),
    ("cuir-et-sangle", "CUIR-CEINT", "Ceinture cousue main", "textile-cuir", "79.00", ["fait-main"], 2, 0),
    ("poterie-des-echelles", "ECHE-BOL", "Bol en faïence décorée", "ceramique", "18.00", [], 5, 0),
    ("poterie-des-echelles", "ECHE-ASSIET", "Assiette en faïence", "ceramique", "22.00", [], 3, 0),
    (
        "vergers-de-riviere",
        "RIV-JUS",
        "Jus de pommes de variétés anciennes 1 L",
        "epicerie-fine",
        "3.90",
        ["bio"],
        10,
        120,
    ),
    ("vergers-de-riviere", "RIV-PATES", "Pâtes de fruits 150 g", "epicerie-fine", "5.50", [], 6, 0),
]

MONTH_FACTOR = {
    1: 0.7,
    2: 1.3,
    3: 0.6,
    4: 0.8,
    5: 0.9,
    6: 1.2,
    7: 2.2,
    8: 2.5,
    9: 1.0,
    10: 0.8,
    11: 0.5,
    12: 1.6,
}
WEEKDAY_FACTOR = [0.6, 0.8, 0.9, 0.9, 1.1, 1.5, 1.3]
PAYMENT_WEIGHTS = [
    (PaymentMethod.CARD, 62),
    (PaymentMethod.CASH, 28),
    (PaymentMethod.CHEQUE, 4),
    (PaymentMethod.VOUCHER, 6),
]
BASE_TICKETS_PER_DAY = 8


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(f"    {text}")


def load(stdout=None) -> None:
    rng = random.Random(SEED)
    today = timezone.localdate()
    ShopSettings.objects.update_or_create(
        pk=1, defaults={"commission_rate": Decimal("20.00"), "order_hold_hours": 72}
    )
    Member.objects.filter(slug="coutellerie-guiers-vif").update(commission_rate=Decimal("15.00"))
    categories = {}
    for position, (slug, name, vat, rate, description) in enumerate(CATEGORIES):
        categories[slug], _ = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "default_vat_rate": vat,
                "commission_rate": rate,
                "description": description,
                "position": position,
            },
        )
    labels = {
        slug: Label.objects.update_or_create(slug=slug, defaults={"name": name})[0] for slug, name in LABELS
    }
    members = {m.slug: m for m in Member.objects.filter(slug__in={p[0] for p in PRODUCTS})}
    products: list[tuple[Product, int]] = []
    for i, (member_slug, code, name, category, price, label_slugs, popularity, shelf_days) in enumerate(
        PRODUCTS
    ):
        member = members.get(member_slug)
        if member is None:
            continue
        product, _ = Product.objects.update_or_create(
            code=code,
            defaults={
                "member": member,
                "name": name,
                "slug": code.lower(),
                "category": categories[category],
                "price": Decimal(price),
                "vat_rate": categories[category].default_vat_rate,
                "barcode": f"377001234{i:04d}",
                "is_active": True,
                "description": f"{name}, de {member.name}. {member.description}",
                "best_before": today + datetime.timedelta(days=shelf_days) if shelf_days else None,
            },
        )
        product.labels.set([labels[s] for s in label_slugs])
        products.append((product, popularity))
    _say(stdout, f"{len(products)} produits")
    if not Sale.objects.filter(reference__startswith=DEMO_PREFIX).exists():
        _history(rng, products, today, stdout)
    _orders(products, today)
    _pending_deposits(products)
    _statements(today, stdout)
    for offset in range(1, 120):
        day = today - datetime.timedelta(days=offset)
        visitors = int(60 * MONTH_FACTOR[day.month] * WEEKDAY_FACTOR[day.weekday()]) + (offset * 7) % 13
        DailyFootfall.objects.update_or_create(day=day, defaults={"visitors": visitors})


def _at(day: datetime.date, minutes: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=PARIS) + datetime.timedelta(
        minutes=minutes
    )


def _history(rng: random.Random, products: list[tuple[Product, int]], today: datetime.date, stdout) -> None:
    """A year of tickets, built in memory and written with bulk_create, journal chained in order."""
    conf = ShopSettings.load()
    seller = User.objects.filter(email="accueil@maillage.demo").first()
    weights = [popularity for _, popularity in products]
    start = today - datetime.timedelta(days=365)
    sold: dict[int, int] = defaultdict(int)
    sales: list[Sale] = []
    lines_by_sale: list[list[SaleLine]] = []
    counter = 0
    for offset in range(365):
        day = start + datetime.timedelta(days=offset)
        tickets = max(
            1,
            round(
                BASE_TICKETS_PER_DAY
                * MONTH_FACTOR[day.month]
                * WEEKDAY_FACTOR[day.weekday()]
                * rng.uniform(0.7, 1.3)
            ),
        )
        minutes = sorted(rng.randrange(0, 540) for _ in range(tickets))
        for minute in minutes:
            counter += 1
            created = _at(day, minute)
            method = rng.choices([m for m, _ in PAYMENT_WEIGHTS], [w for _, w in PAYMENT_WEIGHTS])[0]
            sale = Sale(
                reference=f"{DEMO_PREFIX}{counter:06d}",
                created_at=created,
                sold_on=day,
                seller=seller,
                payment_method=method,
                channel=Sale.Channel.ONLINE if counter % 23 == 0 else Sale.Channel.COUNTER,
            )
            picked = {}
            for _ in range(rng.choice([1, 1, 1, 1, 2, 2, 2, 3, 3, 4])):
                product = rng.choices(products, weights)[0][0]
                picked[product.pk] = (
                    product,
                    picked.get(product.pk, (product, 0))[1] + rng.choice([1, 1, 1, 2]),
                )
            lines = []
            for product, quantity in picked.values():
                total = to_cents(product.price * quantity)
                rate = commission_rate_for(product, conf)
                lines.append(
                    SaleLine(
                        product=product,
                        member_id=product.member_id,
                        product_name=product.name,
                        quantity=quantity,
                        unit_price=product.price,
                        vat_rate=product.applicable_vat_rate,
                        total=total,
                        vat_amount=vat_included(total, product.applicable_vat_rate),
                        commission_rate=rate,
                        commission=to_cents(total * rate / 100),
                    )
                )
                sold[product.pk] += quantity
            sale.total = sum((line.total for line in lines), Decimal("0"))
            sale.vat_total = sum((line.vat_amount for line in lines), Decimal("0"))
            sales.append(sale)
            lines_by_sale.append(lines)
            if counter % 311 == 0:
                # Now and then a ticket is corrected the same day by a reversing ticket.
                reversal = Sale(
                    reference=f"{DEMO_PREFIX}{counter:06d}R",
                    kind=Sale.Kind.REVERSAL,
                    channel=sale.channel,
                    created_at=created + datetime.timedelta(minutes=4),
                    sold_on=day,
                    seller=seller,
                    payment_method=method,
                    total=-sale.total,
                    vat_total=-sale.vat_total,
                    reverses=sale,
                    reason="Erreur de saisie, ticket refait",
                )
                reversal_lines = [
                    SaleLine(
                        product=line.product,
                        member_id=line.member_id,
                        product_name=line.product_name,
                        quantity=-line.quantity,
                        unit_price=line.unit_price,
                        vat_rate=line.vat_rate,
                        total=-line.total,
                        vat_amount=-line.vat_amount,
                        commission_rate=line.commission_rate,
                        commission=-line.commission,
                    )
                    for line in lines
                ]
                for line in lines:
                    sold[line.product_id] -= line.quantity
                sales.append(reversal)
                lines_by_sale.append(reversal_lines)

    # Deposits first: one received slip per product, a year ago, covering what was sold.
    deposit_day = start - datetime.timedelta(days=2)
    movements: list[StockMovement] = []
    for index, (product, _popularity) in enumerate(products):
        left = (2, 4, 7, 12, 20, 35)[index % 6]
        slip, created = DepositSlip.objects.get_or_create(
            reference=f"D-DEMO-{product.code}",
            defaults={
                "member_id": product.member_id,
                "status": DepositSlip.Status.RECEIVED,
                "received_at": _at(deposit_day, 30),
                "received_by": None,
            },
        )
        if not created:
            continue
        quantity = sold[product.pk] + left
        DepositLine.objects.create(
            slip=slip, product=product, quantity_announced=quantity, quantity_received=quantity
        )
        DepositSlip.objects.filter(pk=slip.pk).update(
            created_at=_at(deposit_day - datetime.timedelta(days=5), 0)
        )
        movements.append(
            StockMovement(
                product=product,
                kind=StockMovement.Kind.DEPOSIT,
                quantity=quantity,
                deposit_slip=slip,
                created_at=_at(deposit_day, 30),
            )
        )

    Sale.objects.bulk_create([s for s in sales if s.kind == Sale.Kind.SALE], batch_size=1000)
    for sale in sales:
        if sale.kind == Sale.Kind.REVERSAL:
            sale.reverses_id = sale.reverses.pk
    Sale.objects.bulk_create([s for s in sales if s.kind == Sale.Kind.REVERSAL], batch_size=1000)
    all_lines = []
    for sale, lines in zip(sales, lines_by_sale, strict=True):
        for line in lines:
            line.sale = sale
            all_lines.append(line)
            kind = (
                StockMovement.Kind.SALE if sale.kind == Sale.Kind.SALE else StockMovement.Kind.SALE_REVERSAL
            )
            movements.append(
                StockMovement(
                    product_id=line.product_id,
                    kind=kind,
                    quantity=-line.quantity,
                    sale=sale,
                    actor=sale.seller,
                    created_at=sale.created_at,
                    reason=sale.reason,
                )
            )
    SaleLine.objects.bulk_create(all_lines, batch_size=2000)
    StockMovement.objects.bulk_create(movements, batch_size=2000)

    # Journal: every ticket in time order, then each day's closing after its last ticket.
    codes = {product.pk: product for product, _ in products}
    entries: list[JournalEntry] = []
    previous = journal_last()
    by_day: dict[datetime.date, list[tuple[Sale, list[SaleLine]]]] = defaultdict(list)
    for sale, lines in zip(sales, lines_by_sale, strict=True):
        by_day[sale.sold_on].append((sale, lines))
    closings = []
    for day in sorted(by_day):
        totals = {
            "methods": defaultdict(lambda: [Decimal("0"), Decimal("0"), 0]),
            "rates": defaultdict(lambda: [Decimal("0"), Decimal("0")]),
        }
        for sale, lines in sorted(by_day[day], key=lambda pair: pair[0].created_at):
            kind = JournalEntry.Kind.SALE if sale.kind == Sale.Kind.SALE else JournalEntry.Kind.REVERSAL
            previous = journal_build(
                previous=previous,
                kind=kind,
                payload=sale_payload(sale, lines, codes),
                created_at=sale.created_at,
            )
            entries.append(previous)
            bucket = totals["methods"][sale.payment_method]
            bucket[0] += sale.total
            bucket[1] += sale.vat_total
            bucket[2] += 1
            for line in lines:
                totals["rates"][str(line.vat_rate)][0] += line.total
                totals["rates"][str(line.vat_rate)][1] += line.vat_amount
        day_sales = [s for s, _ in by_day[day]]
        total = sum((s.total for s in day_sales), Decimal("0"))
        vat = sum((s.vat_total for s in day_sales), Decimal("0"))
        payload = {
            "closing": {
                "day": day.isoformat(),
                "tickets": sum(1 for s in day_sales if s.kind == Sale.Kind.SALE),
                "reversals": sum(1 for s in day_sales if s.kind == Sale.Kind.REVERSAL),
                "total": str(total),
                "vat_total": str(vat),
                "by_payment_method": {
                    m: {"total": str(t), "vat": str(v), "tickets": n}
                    for m, (t, v, n) in sorted(totals["methods"].items())
                },
                "by_vat_rate": {
                    r: {"total": str(t), "vat": str(v)} for r, (t, v) in sorted(totals["rates"].items())
                },
            }
        }
        previous = journal_build(
            previous=previous, kind=JournalEntry.Kind.CLOSING, payload=payload, created_at=_at(day, 560)
        )
        entries.append(previous)
        closings.append(
            DailyClosing(
                day=day,
                tickets=payload["closing"]["tickets"],
                total=total,
                vat_total=vat,
                totals=payload["closing"],
                journal_sequence=previous.sequence,
            )
        )
    # Perpetual grand totals of each Z: every ticket recorded up to that day (ISCA).
    from django.db.models import Sum
    from django.db.models.functions import Abs

    per_day = {
        row["sold_on"]: (row["t"], row["a"])
        for row in Sale.objects.values("sold_on").annotate(t=Sum("total"), a=Sum(Abs("total")))
    }
    running, running_abs = Decimal("0"), Decimal("0")
    by_closing_day = {c.day: c for c in closings}
    for day in sorted(per_day):
        running += per_day[day][0]
        running_abs += per_day[day][1]
        if day in by_closing_day:
            by_closing_day[day].grand_total = running
            by_closing_day[day].grand_total_abs = running_abs
    JournalEntry.objects.bulk_create(entries, batch_size=1000)
    DailyClosing.objects.bulk_create(closings, batch_size=1000, ignore_conflicts=True)
    _say(stdout, f"{len(sales)} tickets sur un an, {len(entries)} écritures de journal")


def _orders(products: list[tuple[Product, int]], today: datetime.date) -> None:
    """Click & collect orders in every state (written directly: no emails during the demo load)."""
    now = timezone.now()
    specs = [
        ("CC-DEMO01", Order.Status.RESERVED, "Léa Martin", "lea.martin@example.org", 0, 1),
        ("CC-DEMO02", Order.Status.READY, "Karim Benali", "karim.benali@example.org", 1, 4),
        ("CC-DEMO03", Order.Status.READY, "Sophie Durand", "sophie.durand@example.org", 2, 11),
        ("CC-DEMO04", Order.Status.RELEASED, "Tom Girard", "tom.girard@example.org", 6, 20),
        ("CC-DEMO05", Order.Status.CANCELLED, "Emma Petit", "emma.petit@example.org", 9, 7),
        ("CC-DEMO06", Order.Status.COLLECTED, "Hugo Laurent", "hugo.laurent@example.org", 12, 0),
    ]
    hold = datetime.timedelta(hours=ShopSettings.load().order_hold_hours)
    for reference, status, name, email, days_ago, first in specs:
        if Order.objects.filter(reference=reference).exists():
            continue
        created = now - datetime.timedelta(days=days_ago, hours=2)
        chosen = [products[(first + k * 5) % len(products)][0] for k in range(2)]
        lines = [
            OrderLine(product=p, quantity=1 + k, unit_price=p.price, total=to_cents(p.price * (1 + k)))
            for k, p in enumerate(chosen)
        ]
        sale = None
        if status == Order.Status.COLLECTED:
            sale = (
                Sale.objects.filter(
                    reference__startswith=DEMO_PREFIX,
                    channel=Sale.Channel.ONLINE,
                    kind=Sale.Kind.SALE,
                    order__isnull=True,
                )
                .order_by("-created_at")
                .first()
            )
            if sale is None:
                continue
            lines = [
                OrderLine(
                    product_id=line.product_id,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    total=line.total,
                )
                for line in sale.lines.all()
            ]
            created = sale.created_at - datetime.timedelta(days=1)
        order = Order.objects.create(
            reference=reference,
            status=status,
            name=name,
            email=email,
            phone="06 12 34 56 78",
            total=sum((line.total for line in lines), Decimal("0")),
            hold_until=created + hold,
            ready_at=created + datetime.timedelta(hours=3) if status != Order.Status.RESERVED else None,
            closed_at=created + hold if status in (Order.Status.RELEASED, Order.Status.CANCELLED) else None,
            sale=sale,
        )
        if status == Order.Status.READY:
            Order.objects.filter(pk=order.pk).update(
                hold_until=now + hold - datetime.timedelta(days=days_ago)
            )
        Order.objects.filter(pk=order.pk).update(created_at=created)
        for line in lines:
            line.order = order
        OrderLine.objects.bulk_create(lines)
        if status == Order.Status.COLLECTED:
            # The units of a collected order left the stock with its ticket's sale rows.
            continue
        movements = [
            StockMovement(
                product_id=line.product_id,
                kind=StockMovement.Kind.ORDER_RESERVED,
                quantity=-line.quantity,
                order=order,
                created_at=created,
            )
            for line in lines
        ]
        if status in (Order.Status.RELEASED, Order.Status.CANCELLED):
            movements += [
                StockMovement(
                    product_id=line.product_id,
                    kind=StockMovement.Kind.ORDER_RELEASED,
                    quantity=line.quantity,
                    order=order,
                    created_at=created + hold,
                    reason="délai de retrait dépassé",
                )
                for line in lines
            ]
        StockMovement.objects.bulk_create(movements)


def _pending_deposits(products: list[tuple[Product, int]]) -> None:
    """Two deposits announced from the portal, waiting for staff to receive them."""
    for member_slug, quantity in (("atelier-du-tourneur", 6), ("rucher-des-cimes", 24)):
        reference = f"D-DEMO-{member_slug[:8].upper()}-NEXT"
        if DepositSlip.objects.filter(reference=reference).exists():
            continue
        own = [p for p, _ in products if p.member.slug == member_slug][:2]
        if not own:
            continue
        slip = DepositSlip.objects.create(
            reference=reference,
            member=own[0].member,
            planned_on=timezone.localdate() + datetime.timedelta(days=2),
            note="Réassort avant les vacances.",
        )
        DepositLine.objects.bulk_create(
            [DepositLine(slip=slip, product=p, quantity_announced=quantity) for p in own]
        )


def _statements(today: datetime.date, stdout) -> None:
    """Close every past month; months before the last one are marked paid."""
    period = today.replace(day=1)
    closed = 0
    for _ in range(13):
        period = (period - datetime.timedelta(days=1)).replace(day=1)
        closed += len(services.statement_close_month(period=period, actor=None))
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    for statement in Statement.objects.filter(status=Statement.Status.CLOSED, period__lt=last_month):
        services.statement_mark_paid(statement=statement, actor=None)
    _say(stdout, f"{closed} relevés clôturés")
