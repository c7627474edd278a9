"""What the parsers give the import core: the records of offers, periods, pictures and providers,
and the conversions that turn a source's values into them (or a ``RecordError`` naming the path)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, is_dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.text import slugify


class RecordError(Exception):
    """A record cannot be imported; ``path`` says where in the object the problem is."""

    def __init__(self, reason: str, path: str = ""):
        self.reason = reason
        self.path = path
        super().__init__(reason)


def _json_default(value: Any) -> Any:
    """Nested records as their fields (as ``asdict`` gives them); dates, times, decimals as text.
    Called ~30 times per object of an import: the record classes are looked up by type first."""
    if type(value) in _RECORD_TYPES or (is_dataclass(value) and not isinstance(value, type)):
        return value.__dict__
    return str(value)


@dataclass
class PeriodRecord:
    starts_on: dt.date
    ends_on: dt.date
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    weekdays: list[int] = field(default_factory=list)
    note: str = ""
    every_year: bool = False
    closed: bool = False


@dataclass
class ImageRecord:
    url: str
    alt: str = ""
    credit: str = ""


@dataclass
class OfferRecord:
    """An offer as read from a source, before it touches the database."""

    external_id: str
    title: str
    modified_at: dt.datetime | None = None
    source_types: list[str] = field(default_factory=list)
    short_description: str = ""
    description: str = ""
    provider_name: str = ""
    insee_code: str = ""
    commune_name: str = ""
    postcode: str = ""
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    free: bool = False
    price_note: str = ""
    opening_note: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    source_url: str = ""
    attribution_name: str = ""
    provider_emails: list[str] = field(default_factory=list)  # of the provider, not the offer's contact
    sirets: list[str] = field(default_factory=list)
    attribution_updated_on: dt.date | None = None
    periods: list[PeriodRecord] = field(default_factory=list)
    images: list[ImageRecord] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    # Practical information: {"payment": [...], "languages": [...], "services": [...],
    # "capacity": [[label, number], ...], "access": "..."}
    practical: dict[str, Any] = field(default_factory=dict)
    provider_external_id: str = ""
    # {"en": {"title": …, "short_description": …, "description": …}, "de": {…}}: what the
    # source gives in other languages (stored with django-modeltrans, French the fallback).
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    def content_hash(self) -> str:
        """A fingerprint of what was read, to spot unchanged objects when the source gives no date.

        The same JSON as ``json.dumps(asdict(self))`` without the warnings, built without
        ``asdict``'s deep copies (a third of a 200,000-object import's time, issue 18)."""
        data = {name: value for name, value in self.__dict__.items() if name != "warnings"}
        payload = json.dumps(data, sort_keys=True, default=_json_default, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


@dataclass
class ProviderRecord:
    """An organisation managing offers at the source (never an offer itself)."""

    external_id: str
    name: str
    modified_at: dt.datetime | None = None
    address: str = ""
    postcode: str = ""
    commune_name: str = ""
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    siret: str = ""


TRANSLATED_OFFER_FIELDS = ("title", "short_description", "description")
TRANSLATION_LANGUAGES = ("en", "de", "it", "nl", "es")


def translations_json(translations: dict[str, dict[str, str]]) -> dict[str, str]:
    """``{"en": {"title": "…"}}`` → django-modeltrans' storage ``{"title_en": "…"}``."""
    data = {}
    for lang, texts in translations.items():
        if lang not in TRANSLATION_LANGUAGES:
            continue
        for name, text in texts.items():
            if name in TRANSLATED_OFFER_FIELDS and isinstance(text, str) and text.strip():
                data[f"{name}_{lang}"] = text.strip()[:255] if name == "title" else text.strip()
    return data


def add_unique(values: list[str], value: Any) -> None:
    """Append a non-empty, stripped text once (sources repeat the same phone in two blocks)."""
    if isinstance(value, str | int) and str(value).strip() and str(value).strip() not in values:
        values.append(str(value).strip())


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def roll_every_year(starts: dt.date, ends: dt.date, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """A period recurring every year → its current (or next) occurrence and the one after.

    Sources write such periods with the year they were entered (« tous les ans »); stored as
    written, they would fall out of every date search after that year. A period spanning New
    Year keeps its shape (December → January of the next year).
    """
    if (ends - starts).days >= 365:
        return [(starts, ends)]
    shift = today.year - ends.year
    if _shift_year(ends, shift) < today:
        shift += 1
    elif _shift_year(ends, shift - 1) >= today:
        shift -= 1
    return [(_shift_year(starts, k), _shift_year(ends, k)) for k in (shift, shift + 1)]


# --- small parsing helpers shared by the parsers -------------------------------------------


def to_decimal(value: Any, path: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, list):
        value = value[0] if value else None
        if value is None:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise RecordError(f"prix illisible : {value!r}", path)
    try:
        result = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        raise RecordError(f"prix illisible : {value!r}", path) from None
    if result < 0 or not result.is_finite():
        raise RecordError(f"prix négatif ou invalide : {value!r}", path)
    return result.quantize(Decimal("0.01"))


def to_coordinate(value: Any, path: str, *, limit: float) -> float:
    try:
        result = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise RecordError(f"coordonnée illisible : {value!r}", path) from None
    if not -limit <= result <= limit:
        raise RecordError(f"coordonnée hors limites : {value!r}", path)
    return result


def to_date(value: Any, path: str) -> dt.date:
    if not isinstance(value, str):
        raise RecordError(f"date illisible : {value!r}", path)
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise RecordError(f"date illisible : {value!r}", path) from None


def to_time(value: Any, path: str) -> dt.time | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordError(f"heure illisible : {value!r}", path)
    try:
        return dt.time.fromisoformat(value[:8])
    except ValueError:
        raise RecordError(f"heure illisible : {value!r}", path) from None


def to_datetime(value: Any, path: str) -> dt.datetime:
    """ISO 8601 with Apidae's "+0000" offsets and DATAtourisme's "Z"."""
    if not isinstance(value, str):
        raise RecordError(f"date de modification illisible : {value!r}", path)
    text = value.strip().replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        result = dt.datetime.fromisoformat(text)
    except ValueError:
        raise RecordError(f"date de modification illisible : {value!r}", path) from None
    if timezone.is_naive(result):
        result = timezone.make_aware(result, dt.UTC)
    return result


def expect_list(value: Any, path: str) -> list:
    """Lists may come as a single object in some vintages: accept it; reject other shapes."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return [value]
    raise RecordError(f"une liste était attendue, reçu {type(value).__name__}", path)


def expect_dict(value: Any, path: str) -> dict:
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    raise RecordError(f"un objet était attendu, reçu {type(value).__name__}", path)


def provider_keys(*, emails: list[str], sirets: list[str]) -> list[str]:
    """Normalised identifiers of a provider (``email:…``, ``siret:…``) to find the matching member."""
    keys = [f"email:{e.strip().casefold()}"[:260] for e in emails if isinstance(e, str) and "@" in e]
    for siret in sirets:
        digits = "".join(ch for ch in str(siret) if ch.isdigit())
        if len(digits) == 14:
            keys.append(f"siret:{digits}")
    return list(dict.fromkeys(keys))


def import_slug(title: str, source: str, external_id: str) -> str:
    """Deterministic and unique without a query: the title plus a short hash of the identity."""
    digest = hashlib.sha1(f"{source}:{external_id}".encode()).hexdigest()[:6]
    base = slugify(title)[:120].strip("-") or "offre"
    return f"{base}-{digest}"


# --- type mapping ---------------------------------------------------------------------------


# The records ``content_hash`` serialises (``_json_default``).
_RECORD_TYPES = frozenset({PeriodRecord, ImageRecord, OfferRecord})
