"""The visitor's "Mon séjour" basket, kept in the session (no account needed).

Products live in the shop's own session basket (``shop.basket.SessionBasket`` under the
shop's key), so a product added from the shop or from the stay page is the same line.
Seats are kept here as ``{session public id: {"party_size": n, "children": c, "youngest_age": a}}``
(the age is asked when the workshop has a minimum age); prices
and availability are always read again from the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from shop.basket import SessionBasket
from shop.views.public import BASKET_KEY as SHOP_BASKET_KEY

MAX_PARTY = 99
MAX_SEAT_LINES = 10


@dataclass(frozen=True)
class SeatItem:
    public_id: str
    party_size: int
    children: int
    youngest_age: int | None = None


class StayBasket:
    """Seats and products of one visitor (``desk=True``: the basket of the staff desk)."""

    def __init__(self, request, *, desk: bool = False):
        self.session = request.session
        self.desk = desk
        self.seats_key = "stay_desk_seats" if desk else "stay_seats"
        self.products = SessionBasket(request, "stay_desk_products" if desk else SHOP_BASKET_KEY)

    def seats(self) -> list[SeatItem]:
        raw = self.session.get(self.seats_key) or {}
        items = []
        for public_id, line in raw.items():
            try:
                party, children = int(line["party_size"]), int(line.get("children", 0))
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
            age = line.get("youngest_age")
            age = age if isinstance(age, int) and 0 <= age <= 120 else None
            if 1 <= party <= MAX_PARTY and 0 <= children <= party:
                items.append(SeatItem(str(public_id), party, children, age))
        return items

    def set_seat(
        self, public_id: str, *, party_size: int, children: int, youngest_age: int | None = None
    ) -> None:
        raw = dict(self.session.get(self.seats_key) or {})
        raw.pop(str(public_id), None)
        raw[str(public_id)] = {"party_size": party_size, "children": children, "youngest_age": youngest_age}
        # Keep the latest lines when a visitor keeps adding (the session must stay small).
        self.session[self.seats_key] = dict(list(raw.items())[-MAX_SEAT_LINES:])

    def remove_seat(self, public_id: str) -> None:
        raw = dict(self.session.get(self.seats_key) or {})
        raw.pop(str(public_id), None)
        self.session[self.seats_key] = raw

    def count(self) -> int:
        """Lines of the basket, read from the session only (no query: shown in the header)."""
        return len(self.seats()) + sum(self.products.items().values())

    def is_empty(self) -> bool:
        return not self.seats() and not self.products.items()

    def clear(self) -> None:
        self.session.pop(self.seats_key, None)
        self.products.clear()
