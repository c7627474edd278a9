"""Apidae Tourisme: API v002 search responses and export bundles (zip or folder).

API responses give references resolved (labels, commune codes); exports give bare ids that
are resolved through the bundle's ``communes.json`` and ``elements_reference.json``.
Coordinates are GeoJSON: [longitude, latitude].
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import ijson

from .core import Importer
from .records import (
    ImageRecord,
    OfferRecord,
    PeriodRecord,
    ProviderRecord,
    RecordError,
    add_unique,
    expect_dict,
    expect_list,
    to_coordinate,
    to_date,
    to_datetime,
    to_decimal,
    to_time,
)

PHONE, EMAIL, WEBSITE = 201, 204, 205
WEEKDAYS = {"LUNDI": 0, "MARDI": 1, "MERCREDI": 2, "JEUDI": 3, "VENDREDI": 4, "SAMEDI": 5, "DIMANCHE": 6}
# The "informations<Type>" blocks hold the object's sub-types and themes as element references.
TYPE_KEYS = (
    "typesManifestation",
    "categories",
    "themes",
    "activiteType",
    "activitesSportives",
    "activitesCulturelles",
    "typesDegustation",
    "categoriesRestaurant",
    "restaurationType",
    "hotellerieType",
    "patrimoineCulturelType",
    "categoriesPatrimoineNaturel",
    "typesDetailles",
    "rubrique",
    "prestataireActivitesType",
    "typesProduit",
    "themesCulturels",
    "typesHabitation",
    "equipementType",
    "activites",
    "commerceEtServiceType",
)


class References:
    """Bare ids of an export bundle → labels (elements_reference.json) and communes (communes.json)."""

    def __init__(self):
        self.elements: dict[int, dict[str, Any]] = {}
        self.communes: dict[int, dict[str, Any]] = {}

    def load_elements(self, stream: IO[bytes]) -> None:
        for item in ijson.items(stream, "item"):
            if isinstance(item, dict) and "id" in item:
                self.elements[int(item["id"])] = item

    def load_communes(self, stream: IO[bytes]) -> None:
        for item in ijson.items(stream, "item"):
            if isinstance(item, dict) and "id" in item:
                self.communes[int(item["id"])] = item

    def element(self, ref: dict[str, Any]) -> dict[str, Any]:
        if ref.get("libelleFr") or "id" not in ref:
            return ref
        try:
            return {**self.elements.get(int(ref["id"]), {}), **ref}
        except (TypeError, ValueError):
            return ref

    def commune(self, ref: dict[str, Any]) -> dict[str, Any]:
        if ref.get("code") or "id" not in ref:
            return ref
        try:
            return {**self.communes.get(int(ref["id"]), {}), **ref}
        except (TypeError, ValueError):
            return ref


def _fr(value: Any) -> str:
    """``{"libelleFr": …}`` or ``{"fr": …}`` → the French text."""
    if isinstance(value, dict):
        text = value.get("libelleFr") or value.get("fr") or ""
        return text.strip() if isinstance(text, str) else ""
    return value.strip() if isinstance(value, str) else ""


LIBELLE_LANGUAGES = {
    "libelleEn": "en",
    "libelleDe": "de",
    "libelleIt": "it",
    "libelleNl": "nl",
    "libelleEs": "es",
}


def _other_languages(value: Any) -> dict[str, str]:
    """``{"libelleFr": …, "libelleEn": …, "libelleDe": …}`` → ``{"en": …, "de": …}``."""
    if not isinstance(value, dict):
        return {}
    return {
        lang: value[key].strip()
        for key, lang in LIBELLE_LANGUAGES.items()
        if isinstance(value.get(key), str) and value[key].strip()
    }


def _read_means(value: Any, path: str, record: OfferRecord | ProviderRecord) -> None:
    """Every phone, e-mail and website of a ``moyensCommunication`` list (not only the first)."""
    for n, means in enumerate(expect_list(value, path)):
        mpath = f"{path}[{n}]"
        means = expect_dict(means, mpath)
        kind = expect_dict(means.get("type"), f"{mpath}.type").get("id")
        text = _fr(expect_dict(means.get("coordonnees"), f"{mpath}.coordonnees"))
        if kind == PHONE:
            add_unique(record.phones, text)
        elif kind == EMAIL and "@" in text:
            add_unique(record.emails, text)
        elif kind == WEBSITE and text.startswith(("http://", "https://")):
            add_unique(record.websites, text)


# Capacity figures worth showing, by their Apidae key (any informations<Type>.capacite block).
CAPACITY_LABELS = {
    "nombreTotalPersonnes": "people",
    "nombreTotalPersonnesReel": "people",
    "capaciteMaximumPossible": "people",
    "capaciteTotale": "people",
    "nombreChambresDeclareesHotelier": "rooms",
    "nombreChambres": "rooms",
    "nombreSuites": "suites",
    "nombreChambresFamiliales": "family_rooms",
    "nombreCouverts": "covers",
    "nombreMaximumCouverts": "covers",
    "nombreEmplacementsDeclares": "pitches",
    "nombreLits": "beds",
}


def _labels(refs: References, value: Any, path: str) -> list[str]:
    labels: list[str] = []
    for n, ref in enumerate(expect_list(value, path)):
        if not isinstance(ref, dict):
            raise RecordError("une référence était attendue", f"{path}[{n}]")
        add_unique(labels, _fr(refs.element(ref)))
    return labels


def _read_practical(obj: dict[str, Any], refs: References, record: OfferRecord) -> None:
    """Payment methods, languages spoken, services and equipment, capacity and access notes
    (what Geotrek-admin's Apidae parser keeps)."""
    prestations = expect_dict(obj.get("prestations"), "prestations")
    tarif = expect_dict(obj.get("descriptionTarif"), "descriptionTarif")
    practical: dict[str, Any] = {}
    payment = _labels(refs, tarif.get("modesPaiement"), "descriptionTarif.modesPaiement")
    languages = _labels(refs, prestations.get("languesParlees"), "prestations.languesParlees")
    services: list[str] = []
    for key in ("services", "equipements", "conforts"):
        for label in _labels(refs, prestations.get(key), f"prestations.{key}"):
            add_unique(services, label)
    capacity: list[list[Any]] = []
    for key, block in obj.items():
        if not (key.startswith("informations") and isinstance(block, dict)):
            continue
        figures = expect_dict(block.get("capacite"), f"{key}.capacite")
        seen_labels = set()
        for figure_key, label in CAPACITY_LABELS.items():
            number = figures.get(figure_key)
            usable = isinstance(number, int) and not isinstance(number, bool) and number > 0
            if usable and label not in seen_labels:
                seen_labels.add(label)
                capacity.append([label, number])
    group_max = prestations.get("tailleGroupeMax")
    if isinstance(group_max, int) and not isinstance(group_max, bool) and group_max > 0:
        capacity.append(["group", group_max])
    geo = expect_dict(expect_dict(obj.get("localisation"), "localisation").get("geolocalisation"), "")
    access = _fr(geo.get("complement"))
    welcome = _fr(prestations.get("complementAccueil"))
    for key, value in (
        ("payment", payment),
        ("languages", languages),
        ("services", services),
        ("capacity", capacity),
        ("access", access),
        ("welcome", welcome),
    ):
        if value:
            practical[key] = value
    record.practical = practical


def parse_provider(obj: dict[str, Any], refs: References | None = None) -> ProviderRecord:
    """An Apidae STRUCTURE object → a ProviderRecord (an organisation, not an offer)."""
    refs = refs or References()
    name = _fr(expect_dict(obj.get("nom"), "nom"))
    if not name:
        raise RecordError("nom manquant", "nom")
    record = ProviderRecord(external_id=str(obj["id"]), name=name)
    gestion = expect_dict(obj.get("gestion"), "gestion")
    if gestion.get("dateModification"):
        record.modified_at = to_datetime(gestion["dateModification"], "gestion.dateModification")
    informations = expect_dict(obj.get("informations"), "informations")
    _read_means(informations.get("moyensCommunication"), "informations.moyensCommunication", record)
    record.siret = str(informations.get("siret") or "")
    address = expect_dict(
        expect_dict(obj.get("localisation"), "localisation").get("adresse"), "localisation.adresse"
    )
    record.address = ", ".join(
        str(address[k]).strip() for k in ("adresse1", "adresse2", "adresse3") if address.get(k)
    )
    commune = refs.commune(expect_dict(address.get("commune"), "localisation.adresse.commune"))
    record.commune_name = str(commune.get("nom") or "")
    record.postcode = str(address.get("codePostal") or commune.get("codePostal") or "")
    return record


def parse_object(obj: Any, refs: References | None = None) -> OfferRecord:
    """One Apidae object (API or export format) → an OfferRecord. Raises RecordError."""
    refs = refs or References()
    if not isinstance(obj, dict):
        raise RecordError(f"un objet était attendu, reçu {type(obj).__name__}")
    if obj.get("id") in (None, ""):
        raise RecordError("identifiant manquant", "id")
    ext = str(obj["id"])
    title = _fr(expect_dict(obj.get("nom"), "nom"))
    record = OfferRecord(external_id=ext, title=title)

    gestion = expect_dict(obj.get("gestion"), "gestion")
    if gestion.get("dateModification"):
        record.modified_at = to_datetime(gestion["dateModification"], "gestion.dateModification")
        record.attribution_updated_on = record.modified_at.date()
    owner = expect_dict(gestion.get("membreProprietaire"), "gestion.membreProprietaire")
    record.attribution_name = str(owner.get("nom") or "Apidae Tourisme")

    # Types: the object type, then its sub-types and themes (ids as "Type:id" and French labels).
    record.source_types = [str(obj.get("type") or "")]
    for key, block in obj.items():
        if not (key.startswith("informations") and key != "informations" and isinstance(block, dict)):
            continue
        for type_key in TYPE_KEYS:
            for n, ref in enumerate(expect_list(block.get(type_key), f"{key}.{type_key}")):
                if not isinstance(ref, dict):
                    raise RecordError("une référence était attendue", f"{key}.{type_key}[{n}]")
                ref = refs.element(ref)
                if ref.get("elementReferenceType") and ref.get("id") is not None:
                    record.source_types.append(f"{ref['elementReferenceType']}:{ref['id']}")
                if _fr(ref):
                    record.source_types.append(_fr(ref))
    # Audiences, adapted tourism and environments: codes the mapping rules turn into audiences,
    # accessibility mentions and access without a car.
    prestations = expect_dict(obj.get("prestations"), "prestations")
    localisation = expect_dict(obj.get("localisation"), "localisation")
    for block, key, path, ref_type in (
        (prestations, "typesClientele", "prestations.typesClientele", "TypeClientele"),
        (prestations, "tourismesAdaptes", "prestations.tourismesAdaptes", "TourismeAdapte"),
        (localisation, "environnements", "localisation.environnements", "Environnement"),
    ):
        for n, ref in enumerate(expect_list(block.get(key), path)):
            if not isinstance(ref, dict):
                raise RecordError("une référence était attendue", f"{path}[{n}]")
            ref = refs.element(ref)
            if ref.get("id") is not None:
                record.source_types.append(f"{ref.get('elementReferenceType') or ref_type}:{ref['id']}")
            if _fr(ref):
                record.source_types.append(_fr(ref))
    record.source_types = [c for c in dict.fromkeys(record.source_types) if c]

    presentation = expect_dict(obj.get("presentation"), "presentation")
    record.short_description = _fr(presentation.get("descriptifCourt"))
    record.description = _fr(presentation.get("descriptifDetaille"))
    for name, value in (
        ("title", obj.get("nom")),
        ("short_description", presentation.get("descriptifCourt")),
        ("description", presentation.get("descriptifDetaille")),
    ):
        for lang, text in _other_languages(value).items():
            record.translations.setdefault(lang, {})[name] = text

    informations = expect_dict(obj.get("informations"), "informations")
    structure = expect_dict(informations.get("structureGestion"), "informations.structureGestion")
    record.provider_name = _fr(structure.get("nom"))
    record.sirets = [str(v) for v in (structure.get("siret"), informations.get("siret")) if v]
    for n, means in enumerate(
        expect_list(structure.get("moyensCommunication"), "informations.structureGestion.moyensCommunication")
    ):
        means = expect_dict(means, f"informations.structureGestion.moyensCommunication[{n}]")
        if expect_dict(means.get("type"), "type").get("id") == EMAIL:
            record.provider_emails.append(_fr(expect_dict(means.get("coordonnees"), "coordonnees")))
    if structure.get("id") not in (None, ""):
        record.provider_external_id = str(structure["id"])
    _read_means(informations.get("moyensCommunication"), "informations.moyensCommunication", record)
    record.phone = record.phones[0] if record.phones else ""
    record.email = next((e for e in record.emails if "@" in e), "")
    record.website = record.websites[0] if record.websites else ""

    address = expect_dict(localisation.get("adresse"), "localisation.adresse")
    record.address = ", ".join(
        str(address[k]).strip() for k in ("adresse1", "adresse2", "adresse3") if address.get(k)
    )
    commune = refs.commune(expect_dict(address.get("commune"), "localisation.adresse.commune"))
    record.insee_code = str(commune.get("code") or "")
    record.commune_name = str(commune.get("nom") or "")
    record.postcode = str(address.get("codePostal") or commune.get("codePostal") or "")
    if commune.get("id") is not None and not record.insee_code:
        record.warnings.append(
            ("localisation.adresse.commune", f"commune {commune['id']} inconnue des références de l'export")
        )
    geo = expect_dict(localisation.get("geolocalisation"), "localisation.geolocalisation")
    _read_practical(obj, refs, record)
    geojson = expect_dict(geo.get("geoJson"), "localisation.geolocalisation.geoJson")
    coordinates = geojson.get("coordinates")
    if coordinates is not None:
        path = "localisation.geolocalisation.geoJson.coordinates"
        if not isinstance(coordinates, list) or len(coordinates) < 2:
            raise RecordError("coordonnées attendues sous la forme [longitude, latitude]", path)
        record.longitude = to_coordinate(coordinates[0], path, limit=180)
        record.latitude = to_coordinate(coordinates[1], path, limit=90)

    ouverture = expect_dict(obj.get("ouverture"), "ouverture")
    record.opening_note = _fr(ouverture.get("periodeEnClair"))
    for n, period in enumerate(
        expect_list(ouverture.get("periodesOuvertures"), "ouverture.periodesOuvertures")
    ):
        path = f"ouverture.periodesOuvertures[{n}]"
        period = expect_dict(period, path)
        if not period.get("dateDebut"):
            continue
        starts = to_date(period["dateDebut"], f"{path}.dateDebut")
        ends = to_date(period.get("dateFin") or period["dateDebut"], f"{path}.dateFin")
        if ends < starts:
            raise RecordError("la date de fin précède la date de début", path)
        weekdays = []
        if period.get("type") in ("OUVERTURE_SEMAINE", "OUVERTURE_SAUF"):
            days = expect_list(period.get("ouverturesJournalieres"), f"{path}.ouverturesJournalieres")
            weekdays = sorted(
                {WEEKDAYS[d["jour"]] for d in days if isinstance(d, dict) and d.get("jour") in WEEKDAYS}
            )
            if period.get("type") == "OUVERTURE_SAUF":
                weekdays = [d for d in range(7) if d not in weekdays]
        record.periods.append(
            PeriodRecord(
                starts_on=starts,
                ends_on=ends,
                opens_at=to_time(period.get("horaireOuverture"), f"{path}.horaireOuverture"),
                closes_at=to_time(period.get("horaireFermeture"), f"{path}.horaireFermeture"),
                weekdays=weekdays,
                note=_fr(period.get("complementHoraire")),
                every_year=period.get("tousLesAns") is True,
            )
        )

    # Exceptional closures (« fermetures exceptionnelles ») with a date: closure periods.
    closures = expect_list(ouverture.get("fermeturesExceptionnelles"), "ouverture.fermeturesExceptionnelles")
    for n, closure in enumerate(closures):
        if isinstance(closure, dict) and closure.get("dateFermeture"):
            day = to_date(closure["dateFermeture"], f"ouverture.fermeturesExceptionnelles[{n}].dateFermeture")
            record.periods.append(PeriodRecord(starts_on=day, ends_on=day, closed=True))

    tarif = expect_dict(obj.get("descriptionTarif"), "descriptionTarif")
    record.price_note = _fr(tarif.get("tarifsEnClair"))
    record.free = tarif.get("gratuit") is True or tarif.get("indicationTarif") == "GRATUIT"
    lows, highs = [], []
    for n, period in enumerate(expect_list(tarif.get("periodes"), "descriptionTarif.periodes")):
        for m, price in enumerate(
            expect_list(expect_dict(period, "").get("tarifs"), f"descriptionTarif.periodes[{n}].tarifs")
        ):
            path = f"descriptionTarif.periodes[{n}].tarifs[{m}]"
            price = expect_dict(price, path)
            low = to_decimal(price.get("minimum"), f"{path}.minimum")
            high = to_decimal(price.get("maximum"), f"{path}.maximum")
            if low is not None:
                lows.append(low)
            if high is not None or low is not None:
                highs.append(high if high is not None else low)
    record.price_min = min(lows) if lows else None
    record.price_max = max(highs) if highs else None

    for n, illustration in enumerate(expect_list(obj.get("illustrations"), "illustrations")):
        path = f"illustrations[{n}]"
        illustration = expect_dict(illustration, path)
        files = expect_list(illustration.get("traductionFichiers"), f"{path}.traductionFichiers")
        url = next((f.get("url") for f in files if isinstance(f, dict) and f.get("url")), "")
        if url:
            record.images.append(
                ImageRecord(
                    url=str(url),
                    alt=_fr(illustration.get("legende")) or _fr(illustration.get("nom")) or title,
                    credit=_fr(illustration.get("copyright")),
                )
            )
    return record


def _import_items(importer: Importer, items: Iterator[Any], origin: str, refs: References | None) -> None:
    n = -1
    try:
        for n, obj in enumerate(items):
            path = f"{origin}[{n}]"
            gestion = obj.get("gestion") if isinstance(obj, dict) else None
            is_structure = isinstance(obj, dict) and obj.get("type") == "STRUCTURE"
            if (
                not is_structure
                and isinstance(gestion, dict)
                and importer.skip_unchanged(obj.get("id"), gestion.get("dateModification"))
            ):
                continue
            try:
                if is_structure and obj.get("id") not in (None, ""):
                    importer.add_provider(parse_provider(obj, refs), path)
                    continue
                record = parse_object(obj, refs)
            except Exception as exc:  # noqa: BLE001 - any malformed record is reported, never fatal
                importer.fail_record(
                    external_id=obj.get("id") if isinstance(obj, dict) else "", path=path, exc=exc
                )
                continue
            importer.add(record, path)
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as exc:
        importer.flush()
        importer.error(
            path=f"{origin}[{n + 1}]", reason=f"JSON illisible ou tronqué après {n + 1} objet(s) : {exc}"
        )
    importer.flush()


def import_api_response(importer: Importer, stream: IO[bytes], origin: str) -> int | None:
    """An API v002 search page; returns numFound (None when unreadable). A zero-result page has no
    ``objetsTouristiques`` key: nothing to import."""
    num_found = None
    try:
        for prefix, event, value in ijson.parse(stream):
            if prefix == "numFound" and event == "number":
                num_found = int(value)
                break
    except (ijson.JSONError, ijson.IncompleteJSONError):
        pass
    stream.seek(0)
    _import_items(importer, ijson.items(stream, "objetsTouristiques.item"), origin, None)
    return num_found


def import_export_array(
    importer: Importer, stream: IO[bytes], origin: str, refs: References | None = None
) -> None:
    """An export-format file: a JSON array of full objects."""
    _import_items(importer, ijson.items(stream, "item"), origin, refs)


def _deleted_ids(stream: IO[bytes]) -> list[str]:
    return [str(i) for i in ijson.items(stream, "item") if isinstance(i, int | str) and str(i).strip()]


def import_export_bundle(importer: Importer, path: Path) -> None:
    """An export bundle as a zip or an extracted folder."""
    if path.is_dir():
        names = sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file())

        def opener(name: str) -> IO[bytes]:
            return open(path / name, "rb")  # noqa: SIM115 - closed by the caller's with
    else:
        archive = zipfile.ZipFile(path)
        names = sorted(n for n in archive.namelist() if not n.endswith("/"))

        def opener(name: str) -> IO[bytes]:
            return archive.open(name)

    names = [n for n in names if "__MACOSX" not in n and not Path(n).name.startswith("._")]
    refs = References()
    for ref_name, loader in (
        ("communes.json", refs.load_communes),
        ("elements_reference.json", refs.load_elements),
    ):
        found = [n for n in names if Path(n).name == ref_name]
        if not found:
            continue
        try:
            with opener(found[0]) as stream:
                loader(stream)
        except (ijson.JSONError, ijson.IncompleteJSONError, ValueError, TypeError) as exc:
            importer.error(
                path=found[0],
                reason=f"références illisibles ({exc}) : libellés et communes non résolus",
                warning=True,
            )

    modified = [n for n in names if "objets_modifies" in n and n.endswith(".json")]
    if not modified:
        importer.error(
            path=str(path.name), reason="archive sans dossier objets_modifies : aucune fiche à importer"
        )
    for name in modified:
        with opener(name) as stream:
            import_export_array(importer, stream, name, refs)

    for name in [n for n in names if Path(n).name == "objets_supprimes.json"]:
        try:
            with opener(name) as stream:
                deleted = _deleted_ids(stream)
        except (ijson.JSONError, ijson.IncompleteJSONError) as exc:
            importer.error(path=name, reason=f"liste des objets supprimés illisible : {exc}")
            continue
        importer.archive(deleted, name)


def looks_like_api_response(head: bytes) -> bool:
    return b'"numFound"' in head or b'"objetsTouristiques"' in head or b'"query"' in head


def looks_like_export_object(head: bytes) -> bool:
    return b'"libelleFr"' in head or b'"gestion"' in head or b'"type"' in head and b'"nom"' in head
