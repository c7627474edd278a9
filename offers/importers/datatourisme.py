"""DATAtourisme JSON-LD: flow archives (index.json + objects/**) and single objects.

Real flows vary between vintages: a value may be a list or a single object, a language map
may hold a list or a string, numbers come as strings. Everything is read defensively.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import ijson

from .core import Importer
from .records import (
    TRANSLATION_LANGUAGES,
    ImageRecord,
    OfferRecord,
    PeriodRecord,
    RecordError,
    add_unique,
    expect_list,
    to_coordinate,
    to_date,
    to_datetime,
    to_decimal,
    to_time,
)

DAYS = {"Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4, "Saturday": 5, "Sunday": 6}
FREE_POLICIES = {"kb:Free", "kb:FreeAccess"}


def _lang(value: Any, lang: str = "fr") -> str:
    """A language map ``{"fr": ["…"]}`` (or a list, or a plain string) → one French text."""
    if isinstance(value, list):
        value = next((v for v in value if (isinstance(v, str) and v.strip()) or isinstance(v, dict)), "")
    if isinstance(value, dict):
        value = value.get(lang) or value.get("@value") or next(iter(value.values()), "")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return value.strip() if isinstance(value, str) else ""


# --- One tolerant way to read a property ----------------------------------------------------
# In JSON-LD any property may hold one value or a list of them, and a reference may be an IRI
# string or a nested object. Every read goes through these three functions.


def _many(value: Any) -> list:
    """Any property → the list of its values (None → [], one value → [value])."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _nodes(value: Any) -> list[dict[str, Any]]:
    """Any property → its nodes: nested objects as they are, IRI strings as ``{"@id": iri}``."""
    nodes = []
    for item in _many(value):
        if isinstance(item, dict):
            nodes.append(item)
        elif isinstance(item, str) and item.strip():
            nodes.append({"@id": item.strip()})
    return nodes


def _node(value: Any) -> dict[str, Any]:
    """The first node of a property ({} when there is none)."""
    nodes = _nodes(value)
    return nodes[0] if nodes else {}


def _first(value: Any) -> Any:
    values = _many(value)
    return values[0] if values else None


def _types(obj: dict[str, Any]) -> list[str]:
    value = obj.get("@type")
    if value is not None and not isinstance(value, str | list):
        raise RecordError("@type doit être une liste ou un texte", "@type")
    return [str(v) for v in _many(value) if isinstance(v, str)]


def _strings(value: Any) -> list[str]:
    return [v.strip() for v in _many(value) if isinstance(v, str) and v.strip()]


def _codes(value: Any) -> list[str]:
    """Referenced things (``{"@id": "kb:ChildRate", "rdfs:label": …}`` or bare IRIs) → their ids
    and French labels."""
    codes = []
    for node in _nodes(value):
        if isinstance(node.get("@id"), str):
            codes.append(node["@id"])
        if _lang(node.get("rdfs:label")):
            codes.append(_lang(node.get("rdfs:label")))
    return codes


def _labels(value: Any) -> list[str]:
    labels: list[str] = []
    for node in _nodes(value):
        add_unique(labels, _lang(node.get("rdfs:label")))
    return labels


def _decimals(value: Any, path: str) -> list:
    """A price given as one value or a list of values → every readable amount."""
    amounts = []
    for n, item in enumerate(_many(value)):
        if isinstance(item, dict):
            item = item.get("@value")
        amount = to_decimal(item, f"{path}[{n}]" if isinstance(value, list) else path)
        if amount is not None:
            amounts.append(amount)
    return amounts


def _read_contacts(obj: dict[str, Any], record: OfferRecord) -> None:
    for contact in _nodes(obj.get("hasContact")):
        for phone in _strings(contact.get("schema:telephone")):
            add_unique(record.phones, phone)
        for email in _strings(contact.get("schema:email")):
            add_unique(record.emails, email)
            record.provider_emails.append(email)
        for homepage in _strings(contact.get("foaf:homepage")):
            if homepage.startswith(("http://", "https://")):
                add_unique(record.websites, homepage)
    record.phone = record.phones[0] if record.phones else ""
    record.email = next((e for e in record.emails if "@" in e), "")
    record.website = record.websites[0] if record.websites else ""


def _read_images(obj: dict[str, Any], record: OfferRecord) -> None:
    """Every picture: the main representation first, then the others, each with its credits."""
    seen: set[str] = set()
    for key in ("hasMainRepresentation", "hasRepresentation"):
        for rep in _nodes(obj.get(key)):
            annotation = _node(rep.get("ebucore:hasAnnotation"))
            credits = ", ".join(dict.fromkeys(_strings(annotation.get("credits"))))
            alt = _lang(annotation.get("ebucore:title")) or record.title
            for resource in _nodes(rep.get("ebucore:hasRelatedResource")):
                for url in _strings(resource.get("ebucore:locator")):
                    if url.startswith(("http://", "https://")) and url not in seen:
                        seen.add(url)
                        record.images.append(ImageRecord(url=url, alt=alt, credit=credits))


def parse_object(obj: Any) -> OfferRecord:
    """One DATAtourisme JSON-LD object → an OfferRecord. Raises RecordError."""
    if not isinstance(obj, dict):
        raise RecordError(f"un objet était attendu, reçu {type(obj).__name__}")
    ext = obj.get("@id")
    if not isinstance(ext, str) or not ext:
        raise RecordError("identifiant @id manquant", "@id")
    record = OfferRecord(external_id=ext, title=_lang(obj.get("rdfs:label")))
    record.source_url = ext if ext.startswith("http") else ""

    themes = [t.get("@id") for t in _nodes(obj.get("hasTheme"))]
    record.source_types = [t for t in dict.fromkeys(_types(obj) + [t for t in themes if t]) if t]

    if obj.get("lastUpdateDatatourisme"):
        record.modified_at = to_datetime(_first(obj["lastUpdateDatatourisme"]), "lastUpdateDatatourisme")
    if obj.get("lastUpdate"):
        record.attribution_updated_on = to_date(_first(obj["lastUpdate"]), "lastUpdate")
    elif record.modified_at:
        record.attribution_updated_on = record.modified_at.date()
    creator = _node(obj.get("hasBeenCreatedBy"))
    record.attribution_name = _lang(creator.get("schema:legalName")) or "DATAtourisme"
    record.provider_emails += _strings(creator.get("schema:email"))
    if isinstance(creator.get("@id"), str):
        record.provider_external_id = creator["@id"]

    for desc in _nodes(obj.get("hasDescription")):
        record.short_description = record.short_description or _lang(desc.get("shortDescription"))
        record.description = record.description or _lang(desc.get("dc:description"))
    record.short_description = record.short_description or _lang(obj.get("rdfs:comment"))
    descriptions = _nodes(obj.get("hasDescription"))
    for name, values in (
        ("title", [obj.get("rdfs:label")]),
        ("short_description", [d.get("shortDescription") for d in descriptions] + [obj.get("rdfs:comment")]),
        ("description", [d.get("dc:description") for d in descriptions]),
    ):
        for lang in TRANSLATION_LANGUAGES:
            text = next((_lang(v, lang) for v in values if isinstance(v, dict) and _lang(v, lang)), "")
            if text and isinstance(
                next((v for v in values if isinstance(v, dict) and lang in v), None), dict
            ):
                record.translations.setdefault(lang, {})[name] = text

    _read_contacts(obj, record)

    # Codes the mapping rules read besides the types: audiences, pricing policies, features,
    # and "reducedMobilityAccess" when the object or its place says so.
    codes = _codes(obj.get("hasAudience"))
    services: list[str] = []
    for feature in _nodes(obj.get("hasFeature")):
        codes += _codes(feature.get("features"))
        for label in _labels(feature.get("features")):
            add_unique(services, label)
    offers = _nodes(obj.get("offers"))
    payment: list[str] = []
    for offer in offers:
        for label in _labels(offer.get("schema:acceptedPaymentMethod")):
            add_unique(payment, label)
        for spec in _nodes(offer.get("schema:priceSpecification")):
            codes += _codes(spec.get("hasEligiblePolicy"))
    places = _nodes(obj.get("isLocatedAt"))
    if any(_first(item.get("reducedMobilityAccess")) in (True, "true") for item in [obj, *places[:1]]):
        codes.append("reducedMobilityAccess")
    record.source_types = [c for c in dict.fromkeys(record.source_types + codes) if c]
    languages = _labels(obj.get("availableLanguage")) or [
        lang.upper() for lang in _strings(obj.get("availableLanguage"))
    ]
    record.practical = {
        key: value
        for key, value in (("payment", payment), ("languages", languages), ("services", services))
        if value
    }

    for n, place in enumerate(places[:1]):
        path = f"isLocatedAt[{n}]"
        address = _node(place.get("schema:address"))
        record.address = ", ".join(_strings(address.get("schema:streetAddress")))
        record.postcode = str(_first(address.get("schema:postalCode")) or "")
        record.commune_name = _lang(address.get("schema:addressLocality"))
        city = _node(address.get("hasAddressCity"))
        record.insee_code = str(_first(city.get("insee")) or "")
        record.commune_name = _lang(city.get("rdfs:label")) or record.commune_name
        geo = _node(place.get("schema:geo"))
        latitude, longitude = _first(geo.get("schema:latitude")), _first(geo.get("schema:longitude"))
        if latitude not in (None, "") and longitude not in (None, ""):
            record.latitude = to_coordinate(latitude, f"{path}.schema:geo.latitude", limit=90)
            record.longitude = to_coordinate(longitude, f"{path}.schema:geo.longitude", limit=180)
        for m, spec in enumerate(_nodes(place.get("schema:openingHoursSpecification"))):
            spath = f"{path}.openingHoursSpecification[{m}]"
            valid_from = _first(spec.get("schema:validFrom"))
            if not valid_from:
                continue
            starts = to_date(valid_from, f"{spath}.validFrom")
            ends = to_date(_first(spec.get("schema:validThrough")) or valid_from, f"{spath}.validThrough")
            days = []
            for day in _nodes(spec.get("schema:dayOfWeek")):
                name = str(day.get("@id", "")).rsplit(":", 1)[-1].rsplit("/", 1)[-1]
                if name in DAYS:
                    days.append(DAYS[name])
            record.periods.append(
                PeriodRecord(
                    starts_on=starts,
                    ends_on=max(starts, ends),
                    weekdays=sorted(set(days)),
                    opens_at=to_time(_first(spec.get("schema:opens")), f"{spath}.opens"),
                    closes_at=to_time(_first(spec.get("schema:closes")), f"{spath}.closes"),
                )
            )

    # An event's own dates (takesPlaceAt) win over the opening hours of the place hosting it.
    event_periods: list[PeriodRecord] = []
    for n, period in enumerate(_nodes(obj.get("takesPlaceAt"))):
        path = f"takesPlaceAt[{n}]"
        start_date = _first(period.get("startDate"))
        if not start_date:
            continue
        starts = to_date(start_date, f"{path}.startDate")
        ends = to_date(_first(period.get("endDate")) or start_date, f"{path}.endDate")
        event_periods.append(
            PeriodRecord(
                starts_on=starts,
                ends_on=max(starts, ends),
                opens_at=to_time(_first(period.get("startTime")), f"{path}.startTime"),
                closes_at=to_time(_first(period.get("endTime")), f"{path}.endTime"),
            )
        )
    if event_periods:
        record.periods = event_periods
    if not record.periods and obj.get("schema:startDate"):
        start_date = _first(obj["schema:startDate"])
        starts = to_date(start_date, "schema:startDate")
        ends = to_date(_first(obj.get("schema:endDate")) or start_date, "schema:endDate")
        record.periods.append(PeriodRecord(starts_on=starts, ends_on=max(starts, ends)))

    lows, highs, notes = [], [], []
    for n, offer in enumerate(offers):
        for m, spec in enumerate(_nodes(offer.get("schema:priceSpecification"))):
            path = f"offers[{n}].priceSpecification[{m}]"
            policies = _nodes(spec.get("hasEligiblePolicy"))
            if any(policy.get("@id") in FREE_POLICIES for policy in policies):
                record.free = True
            spec_lows = _decimals(spec.get("schema:minPrice"), f"{path}.minPrice") or _decimals(
                spec.get("schema:price"), f"{path}.price"
            )
            spec_highs = _decimals(spec.get("schema:maxPrice"), f"{path}.maxPrice")
            low = min(spec_lows) if spec_lows else None
            high = max(spec_highs) if spec_highs else None
            if low is not None:
                lows.append(low)
            if high is not None or low is not None:
                highs.append(high if high is not None else max(spec_lows))
            label = " / ".join(
                _lang(policy.get("rdfs:label")) for policy in policies if policy.get("rdfs:label")
            )
            if label and (low is not None or high is not None):
                amount = f"{low} €" if high is None or high == low else f"{low} à {high} €"
                notes.append(f"{label} : {amount}")
            elif label:
                notes.append(label)
    record.price_min = min(lows) if lows else None
    record.price_max = max(highs) if highs else None
    record.price_note = "\n".join(dict.fromkeys(notes))

    _read_images(obj, record)
    return record


def import_object(importer: Importer, stream: IO[bytes], origin: str) -> None:
    """A single JSON-LD object file (or a ``@graph`` of objects)."""
    try:
        data = next(ijson.items(stream, ""), None)
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as exc:
        importer.error(path=origin, reason=f"JSON illisible ou tronqué : {exc}")
        return
    if isinstance(data, list):
        objects = data
    else:
        objects = data.get("@graph") if isinstance(data, dict) and "@graph" in data else [data]
    for n, obj in enumerate(expect_list(objects, "@graph") if isinstance(objects, list) else [objects]):
        path = origin if len(objects) == 1 else f"{origin}[{n}]"
        try:
            record = parse_object(obj)
        except Exception as exc:  # noqa: BLE001 - any malformed record is reported, never fatal
            ext = obj.get("@id") if isinstance(obj, dict) else ""
            importer.fail_record(external_id=ext, path=path, exc=exc)
            continue
        importer.add(record, path)


def _object_names(names: list[str], open_index) -> Iterator[str]:
    """Files listed by index.json when there is one (in its order), then any other object file."""
    listed: list[str] = []
    index = next((n for n in names if Path(n).name == "index.json"), None)
    if index is not None:
        root = str(Path(index).parent)
        prefix = "" if root == "." else f"{root}/"
        try:
            with open_index(index) as stream:
                for entry in ijson.items(stream, "item"):
                    if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                        listed.append(f"{prefix}objects/{entry['file']}")
        except (ijson.JSONError, ijson.IncompleteJSONError):
            listed = []
    present = set(names)
    seen = set()
    for name in listed:
        if name in present:
            seen.add(name)
            yield name
    for name in names:
        if "/objects/" in f"/{name}" and name.endswith((".json", ".jsonld")) and name not in seen:
            yield name


def import_flow(importer: Importer, path: Path) -> None:
    """A flow archive: a folder or a zip with index.json, context.jsonld and objects/**."""
    if path.is_dir():
        names = sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file())

        def opener(name: str) -> IO[bytes]:
            return open(path / name, "rb")  # noqa: SIM115 - closed by the caller's with
    else:
        archive = zipfile.ZipFile(path)
        names = sorted(n for n in archive.namelist() if not n.endswith("/"))

        def opener(name: str) -> IO[bytes]:
            return archive.open(name)

    found = False
    for name in _object_names(names, opener):
        found = True
        with opener(name) as stream:
            import_object(importer, stream, name)
    if not found:
        importer.error(path=path.name, reason="flux sans dossier objects : aucune fiche à importer")
    importer.flush()
