"""CSV exports opened in spreadsheets: cells typed by visitors or members must not run as formulas."""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A text cell starting like a formula gets a leading apostrophe; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


def csv_safe_row(row: Iterable) -> list:
    return [csv_safe(value) for value in row]
