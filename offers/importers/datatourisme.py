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

from .core import (
    ImageRecord,
    Importer,
    OfferRecord,
    PeriodRecord,
    RecordError,
    expect_dict,
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
    if isinstance(value, dict):
        value = value.get(lang) or value.get("@value") or next(iter(value.values()), "")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return value.strip() if isinstance(value, str) else ""


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _types(obj: dict[str, Any]) -> list[str]:
    value = obj.get("@type")
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str)]
    if value is None:
        return []
    raise RecordError("@type doit être une liste ou un texte", "@type")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _codes(value: Any, path: str) -> list[str]:
    """Referenced things (``{"@id": "kb:ChildRate", "rdfs:label": …}``) → their ids and French labels."""
    codes = []
    for n, item in enumerate([value] if isinstance(value, str) else expect_list(value, path)):
        if isinstance(item, str):
            codes.append(item)
            continue
        item = expect_dict(item, f"{path}[{n}]")
        if isinstance(item.get("@id"), str):
            codes.append(item["@id"])
        if _lang(item.get("rdfs:label")):
            codes.append(_lang(item.get("rdfs:label")))
    return codes


def parse_object(obj: Any) -> OfferRecord:
    """One DATAtourisme JSON-LD object → an OfferRecord. Raises RecordError."""
    if not isinstance(obj, dict):
        raise RecordError(f"un objet était attendu, reçu {type(obj).__name__}")
    ext = obj.get("@id")
    if not isinstance(ext, str) or not ext:
        raise RecordError("identifiant @id manquant", "@id")
    record = OfferRecord(external_id=ext, title=_lang(obj.get("rdfs:label")))
    record.source_url = ext if ext.startswith("http") else ""

    themes = [t.get("@id") for t in expect_list(obj.get("hasTheme"), "hasTheme") if isinstance(t, dict)]
    record.source_types = [t for t in dict.fromkeys(_types(obj) + [t for t in themes if t]) if t]

    if obj.get("lastUpdateDatatourisme"):
        record.modified_at = to_datetime(obj["lastUpdateDatatourisme"], "lastUpdateDatatourisme")
    if obj.get("lastUpdate"):
        record.attribution_updated_on = to_date(_first(obj["lastUpdate"]), "lastUpdate")
    elif record.modified_at:
        record.attribution_updated_on = record.modified_at.date()
    creator = expect_dict(_first(obj.get("hasBeenCreatedBy")), "hasBeenCreatedBy")
    record.attribution_name = str(_first(creator.get("schema:legalName")) or "DATAtourisme")
    record.provider_emails += _strings(creator.get("schema:email"))

    descriptions = expect_list(obj.get("hasDescription"), "hasDescription")
    for n, desc in enumerate(descriptions):
        desc = expect_dict(desc, f"hasDescription[{n}]")
        record.short_description = record.short_description or _lang(desc.get("shortDescription"))
        record.description = record.description or _lang(desc.get("dc:description"))
    record.short_description = record.short_description or _lang(obj.get("rdfs:comment"))

    for n, contact in enumerate(expect_list(obj.get("hasContact"), "hasContact")):
        contact = expect_dict(contact, f"hasContact[{n}]")
        record.phone = record.phone or str(_first(contact.get("schema:telephone")) or "")
        record.email = record.email or str(_first(contact.get("schema:email")) or "")
        record.provider_emails += _strings(contact.get("schema:email"))
        homepage = str(_first(contact.get("foaf:homepage")) or "")
        if not record.website and homepage.startswith(("http://", "https://")):
            record.website = homepage

    # Codes the mapping rules read besides the types: audiences, pricing policies, features,
    # and "reducedMobilityAccess" when the object or its place says so.
    codes = _codes(obj.get("hasAudience"), "hasAudience")
    for n, feature in enumerate(expect_list(obj.get("hasFeature"), "hasFeature")):
        feature = expect_dict(feature, f"hasFeature[{n}]")
        codes += _codes(feature.get("features"), f"hasFeature[{n}].features")
    for n, offer in enumerate(expect_list(obj.get("offers"), "offers")):
        for m, spec in enumerate(
            expect_list(expect_dict(offer, f"offers[{n}]").get("schema:priceSpecification"), f"offers[{n}]")
        ):
            spec = expect_dict(spec, f"offers[{n}].priceSpecification[{m}]")
            codes += _codes(spec.get("hasEligiblePolicy"), f"offers[{n}].priceSpecification[{m}]")
    places = expect_list(obj.get("isLocatedAt"), "isLocatedAt")
    if any(
        _first(item.get("reducedMobilityAccess")) in (True, "true")
        for item in [obj, *places[:1]]
        if isinstance(item, dict)
    ):
        codes.append("reducedMobilityAccess")
    record.source_types = [c for c in dict.fromkeys(record.source_types + codes) if c]

    for n, place in enumerate(places[:1]):
        path = f"isLocatedAt[{n}]"
        place = expect_dict(place, path)
        address = expect_dict(_first(place.get("schema:address")), f"{path}.schema:address")
        street = address.get("schema:streetAddress")
        record.address = (
            ", ".join(
                s for s in expect_list(street, f"{path}.schema:address.streetAddress") if isinstance(s, str)
            )
            if not isinstance(street, str)
            else street
        )
        record.postcode = str(address.get("schema:postalCode") or "")
        record.commune_name = str(address.get("schema:addressLocality") or "")
        city = expect_dict(_first(address.get("hasAddressCity")), f"{path}.schema:address.hasAddressCity")
        record.insee_code = str(city.get("insee") or "")
        record.commune_name = _lang(city.get("rdfs:label")) or record.commune_name
        geo = expect_dict(_first(place.get("schema:geo")), f"{path}.schema:geo")
        if geo.get("schema:latitude") not in (None, "") and geo.get("schema:longitude") not in (None, ""):
            record.latitude = to_coordinate(
                _first(geo["schema:latitude"]), f"{path}.schema:geo.latitude", limit=90
            )
            record.longitude = to_coordinate(
                _first(geo["schema:longitude"]), f"{path}.schema:geo.longitude", limit=180
            )
        specs = expect_list(
            place.get("schema:openingHoursSpecification"), f"{path}.openingHoursSpecification"
        )
        for m, spec in enumerate(specs):
            spath = f"{path}.openingHoursSpecification[{m}]"
            spec = expect_dict(spec, spath)
            if not spec.get("schema:validFrom"):
                continue
            starts = to_date(spec["schema:validFrom"], f"{spath}.validFrom")
            ends = to_date(
                spec.get("schema:validThrough") or spec["schema:validFrom"], f"{spath}.validThrough"
            )
            days = []
            for day in expect_list(spec.get("schema:dayOfWeek"), f"{spath}.dayOfWeek"):
                day_id = day.get("@id", "") if isinstance(day, dict) else str(day)
                name = day_id.rsplit(":", 1)[-1].rsplit("/", 1)[-1]
                if name in DAYS:
                    days.append(DAYS[name])
            record.periods.append(
                PeriodRecord(
                    starts_on=starts,
                    ends_on=max(starts, ends),
                    weekdays=sorted(set(days)),
                    opens_at=to_time(spec.get("schema:opens"), f"{spath}.opens"),
                    closes_at=to_time(spec.get("schema:closes"), f"{spath}.closes"),
                )
            )

    # An event's own dates (takesPlaceAt) win over the opening hours of the place hosting it.
    event_periods: list[PeriodRecord] = []
    for n, period in enumerate(expect_list(obj.get("takesPlaceAt"), "takesPlaceAt")):
        path = f"takesPlaceAt[{n}]"
        period = expect_dict(period, path)
        if not period.get("startDate"):
            continue
        starts = to_date(_first(period["startDate"]), f"{path}.startDate")
        ends = to_date(_first(period.get("endDate") or period["startDate"]), f"{path}.endDate")
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
        starts = to_date(_first(obj["schema:startDate"]), "schema:startDate")
        ends = to_date(_first(obj.get("schema:endDate") or obj["schema:startDate"]), "schema:endDate")
        record.periods.append(PeriodRecord(starts_on=starts, ends_on=max(starts, ends)))

    lows, highs, notes = [], [], []
    for n, offer in enumerate(expect_list(obj.get("offers"), "offers")):
        offer = expect_dict(offer, f"offers[{n}]")
        for m, spec in enumerate(
            expect_list(offer.get("schema:priceSpecification"), f"offers[{n}].priceSpecification")
        ):
            path = f"offers[{n}].priceSpecification[{m}]"
            spec = expect_dict(spec, path)
            policy = expect_dict(spec.get("hasEligiblePolicy"), f"{path}.hasEligiblePolicy")
            if policy.get("@id") in FREE_POLICIES:
                record.free = True
            low = to_decimal(spec.get("schema:minPrice") or spec.get("schema:price"), f"{path}.minPrice")
            high = to_decimal(spec.get("schema:maxPrice"), f"{path}.maxPrice")
            if low is not None:
                lows.append(low)
            if high is not None or low is not None:
                highs.append(high if high is not None else low)
            label = _lang(policy.get("rdfs:label"))
            if label and (low is not None or high is not None):
                amount = f"{low} €" if high is None or high == low else f"{low} à {high} €"
                notes.append(f"{label} : {amount}")
            elif label:
                notes.append(label)
    record.price_min = min(lows) if lows else None
    record.price_max = max(highs) if highs else None
    record.price_note = "\n".join(dict.fromkeys(notes))

    for n, rep in enumerate(expect_list(obj.get("hasMainRepresentation"), "hasMainRepresentation")):
        path = f"hasMainRepresentation[{n}]"
        rep = expect_dict(rep, path)
        annotation = expect_dict(_first(rep.get("ebucore:hasAnnotation")), f"{path}.hasAnnotation")
        for resource in expect_list(rep.get("ebucore:hasRelatedResource"), f"{path}.hasRelatedResource"):
            url = _first(expect_dict(resource, f"{path}.hasRelatedResource").get("ebucore:locator"))
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                record.images.append(
                    ImageRecord(
                        url=url,
                        alt=_lang(annotation.get("ebucore:title")) or record.title,
                        credit=str(_first(annotation.get("credits")) or ""),
                    )
                )
                break
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
