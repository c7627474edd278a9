"""CSV exports that open right in French spreadsheets — THE one helper for every export.

``csv_response(filename=...)`` returns ``(response, writer)``: UTF-8 with a BOM, ``;`` separators,
decimal commas, dates as JJ/MM/AAAA (datetimes in local time, « JJ/MM/AAAA HH:MM »), booleans as
oui/non, and text cells that start like a formula neutralised with a leading apostrophe.
A test fails if ``csv.writer`` is used anywhere else.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A text cell starting like a formula gets a leading apostrophe; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


def csv_safe_row(row: Iterable) -> list:
    return [csv_safe(value) for value in row]


def csv_cell(value) -> str:
    """One value in French spreadsheet form (numbers stay numbers: « -12,50 » is not escaped)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return csv_safe(str(value))


class FrenchCsvWriter:
    """Wraps the csv module's writer: every cell goes through ``csv_cell``."""

    def __init__(self, stream):
        self._writer = csv.writer(stream, delimiter=";")

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_response(*, filename: str) -> tuple[HttpResponse, FrenchCsvWriter]:
    """An attachment response (UTF-8 with BOM) and the writer to fill it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response, FrenchCsvWriter(response)
