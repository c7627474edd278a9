"""Reads of the stay basket: lines priced from the database, searches, a checkout's result.

Workshop seats and products are read through the workshops and shop selectors only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from common.models import ActionLog
from shop import selectors as shop_selectors
from shop.basket import PricedBasket
from workshops import exceptions as workshop_errors
from workshops import selectors as workshop_selectors
from workshops import services as workshop_services
from workshops.models import Session

from .basket import StayBasket

if TYPE_CHECKING:
    from workshops.selectors import SessionWithSeats
from .exceptions import SESSION_CLOSED

CHECKOUT_OBJECT_TYPE = "pages.stay"
CHECKOUT_ACTION = "pages.stay.checked_out"


@dataclass
class SeatLine:
    public_id: str
    party_size: int
    children: int
    session: Session | None
    price: Decimal = Decimal("0")
    problem: str = ""
    youngest_age: int | None = None

    @property
    def needs_age(self) -> bool:
        """The workshop has a minimum age and the basket does not know the youngest's age yet."""
        return bool(self.session and self.session.workshop.min_age and self.youngest_age is None)

    @property
    def key(self) -> str:
        return f"seat:{self.public_id}"


@dataclass
class PricedStay:
    seats: list[SeatLine] = field(default_factory=list)
    products: PricedBasket = field(default_factory=PricedBasket)

    @property
    def total(self) -> Decimal:
        return sum((line.price for line in self.seats), Decimal("0")) + self.products.total

    @property
    def is_empty(self) -> bool:
        return not self.seats and not self.products.lines

    @property
    def has_problems(self) -> bool:
        return any(line.problem for line in self.seats) or any(
            line.short or not line.product.is_active for line in self.products.lines
        )


def session_bookable_list(*, user=None) -> QuerySet[SessionWithSeats]:
    """Upcoming public sessions of published workshops (``user``: staff scope at the desk)."""
    qs = workshop_selectors.session_public_upcoming().filter(
        workshop__in=workshop_selectors.workshop_public_queryset()
    )
    if user is not None:
        qs = qs.filter(pk__in=workshop_selectors.session_scope_for_staff(user=user).values("pk"))
    return qs.select_related("workshop", "workshop__member", "workshop__commune").order_by("start")


def session_search(
    *, query: str = "", workshop_slug: str = "", user=None, limit: int = 20
) -> QuerySet[SessionWithSeats]:
    """Sessions with seats left matching a workshop, artisan or commune name (or one workshop)."""
    query = (query or "").strip()[:100]
    qs = session_bookable_list(user=user).filter(seats_left__gt=0)
    if workshop_slug:
        return qs.filter(workshop__slug=workshop_slug)[:limit]
    if not query:
        return qs.none()
    return qs.filter(
        Q(workshop__title__unaccent__icontains=query)
        | Q(workshop__member__name__unaccent__icontains=query)
        | Q(workshop__commune__name__unaccent__icontains=query)
    )[:limit]


def product_search(*, query: str = "", product_slug: str = "", limit: int = 12) -> list:
    """Products in stock matching ``query`` (name, description, producer) or one product."""
    query = (query or "").strip()[:100]
    if product_slug:
        return list(shop_selectors.product_public_list().filter(slug=product_slug, stock__gt=0)[:1])
    if not query:
        return []
    return list(shop_selectors.product_public_list(query=query).filter(stock__gt=0)[:limit])


def seats_problem(session: SessionWithSeats | None, party_size: int) -> str:
    if session is None:
        return str(SESSION_CLOSED)
    if party_size > session.seats_left:
        return workshop_errors.not_enough_seats(max(session.seats_left, 0)).message
    return ""


def party_problem(line: SeatLine) -> str:
    """What stops this line's party from booking its workshop (age, size), or ``""``."""
    if line.session is None:
        return ""
    try:
        workshop_services.booking_party_check(
            workshop=line.session.workshop,
            party_size=line.party_size,
            children=line.children,
            youngest_age=line.youngest_age,
        )
    except workshop_errors.WorkshopError as exc:
        return exc.message
    return ""


def stay_priced(*, basket: StayBasket, user=None) -> PricedStay:
    """The basket with today's prices and availability: two queries, whatever its size."""
    items = basket.seats()
    stay = PricedStay(products=basket.products.priced())
    ids = []
    for item in items:
        try:
            ids.append(uuid.UUID(item.public_id))
        except ValueError:
            continue
    sessions = {str(s.public_id): s for s in session_bookable_list(user=user).filter(public_id__in=ids)}
    for item in items:
        session = sessions.get(item.public_id)
        line = SeatLine(
            item.public_id, item.party_size, item.children, session, youngest_age=item.youngest_age
        )
        if session is not None:
            line.price = session.workshop.price_for(party_size=item.party_size, children=item.children)
        line.problem = seats_problem(session, item.party_size) or party_problem(line)
        stay.seats.append(line)
    return stay


@dataclass
class CheckoutRecord:
    key: str
    bookings: list = field(default_factory=list)
    order: object | None = None
    sale_reference: str = ""
    total: Decimal = Decimal("0")
    payment: object | None = None  # the card payment (online stay), if any
    to_pay: Decimal | None = None  # what the card paid: total less the deductions
    deductions: list = field(default_factory=list)  # [{"label", "amount"}] (gift vouchers)


def checkout_key_used(*, key: str) -> str:
    """The key, normalised, when a checkout with it has already been recorded; else ``""``."""
    try:
        key = str(uuid.UUID(str(key)))
    except ValueError:
        return ""
    used = ActionLog.objects.filter(
        object_type=CHECKOUT_OBJECT_TYPE, object_id=key, action=CHECKOUT_ACTION
    ).exists()
    return key if used else ""


def checkout_get(*, key: uuid.UUID | str) -> CheckoutRecord:
    """What a checkout created, found by its idempotency key (404 when unknown)."""
    log = ActionLog.objects.filter(
        object_type=CHECKOUT_OBJECT_TYPE, object_id=str(key), action=CHECKOUT_ACTION
    ).first()
    if log is None:
        raise Http404
    data = log.data or {}
    record = CheckoutRecord(key=str(key), total=Decimal(data.get("total") or "0"))
    # A handful of lines at most: one lookup each through the workshops selector.
    record.bookings = [
        workshop_selectors.booking_get_by_token(token=t) for t in data.get("booking_tokens", [])
    ]
    if data.get("order_token"):
        record.order = shop_selectors.order_get(token=data["order_token"])
    record.sale_reference = data.get("sale") or ""
    if data.get("to_pay") is not None:
        record.to_pay = Decimal(data["to_pay"])
        record.deductions = [
            {"label": d.get("label", ""), "amount": Decimal(d.get("amount") or "0")}
            for d in data.get("deductions") or []
        ]
    if data.get("payment"):
        from payments.models import Payment

        record.payment = Payment.objects.filter(public_id=data["payment"]).first()
    return record


def booking_references_paid_online() -> RawSQL:
    """SQL subquery of the references of bookings paid by card: those of the stay checkouts
    (a single workshop paid by card is a one-line stay) whose payment succeeded."""
    from .services import STAY_PAYMENT_KIND

    return RawSQL(
        "SELECT jsonb_array_elements_text(a.data -> 'bookings') FROM common_actionlog a "
        "JOIN payments_payment p ON p.reference_kind = %s AND p.reference_id = a.object_id "
        "AND p.status = %s WHERE a.object_type = %s",
        (STAY_PAYMENT_KIND, "succeeded", CHECKOUT_OBJECT_TYPE),
    )
