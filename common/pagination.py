"""Pages without an exact ``COUNT(*)`` over the whole filter.

A long public list (the workshop catalogue) reads one row more than a page: that row says
whether a next page exists. The exact total is known only on the last page (« 30 ateliers »);
before it the page says « plus de 24 ateliers ». Counting every match on every request was
the larger half of the catalogue's cost (issue 18): the filter's SQL was compiled and run twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_PAGE = 10_000


@dataclass
class LookaheadPage:
    object_list: list[Any]
    number: int
    page_size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def shown_through(self) -> int:
        """How many matches up to the end of this page."""
        return (self.number - 1) * self.page_size + len(self.object_list)

    @property
    def count(self) -> int | None:
        """The exact number of matches, known when this is the last page; else ``None``."""
        return None if self.has_next else self.shown_through

    @property
    def num_pages(self) -> int | None:
        return None if self.has_next else self.number


def page_number_from(raw: Any) -> int:
    """A page number read leniently from a GET value (1 … MAX_PAGE)."""
    try:
        number = int(str(raw or "1").strip())
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def lookahead_page(rows, page: Any, page_size: int) -> LookaheadPage:
    """Page ``page`` (a GET value, tolerant like Django's ``get_page``) of ``rows`` (a QuerySet
    or list), reading ``page_size + 1`` rows. A page past the end falls back to the last page,
    at the cost of one count in that rare case."""
    number = page_number_from(page)
    offset = (number - 1) * page_size
    chunk = list(rows[offset : offset + page_size + 1])
    if not chunk and number > 1:
        total = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
        number = max(1, -(-total // page_size))
        offset = (number - 1) * page_size
        chunk = list(rows[offset : offset + page_size + 1])
    return LookaheadPage(
        object_list=chunk[:page_size], number=number, page_size=page_size, has_next=len(chunk) > page_size
    )
