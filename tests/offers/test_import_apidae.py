"""Apidae imports against the real samples, then damaged copies of them."""

import datetime as dt
import json
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone

from offers.importers import run_import
from offers.models import ImportError, ImportRun, Offer
from tests.factories.network import CommuneFactory

pytestmark = pytest.mark.django_db


def _import(path, **kwargs) -> ImportRun:
    run = run_import(target=str(path), **kwargs)
    assert run.status == ImportRun.Status.FINISHED, run.message
    return run


def test_api_response_imports_title_commune_coordinates_dates_and_contacts(data_dir):
    commune = CommuneFactory(
        insee_code="05118", name="Val Buëch-Méouge", postcode="05300", latitude=44.27, longitude=5.79
    )
    run = _import(data_dir / "apidae" / "api_list_fete_et_manifestation_geotrek.json")

    assert run.source == "apidae" and run.created_count == 1 and run.failed_count == 0
    offer = Offer.objects.get(source="apidae", external_id="323154")
    assert offer.title == "Cols Réservés 2019 : Montée de Chabre (Laragne)"
    assert offer.commune == commune and offer.postcode == "05300"
    # GeoJSON is [longitude, latitude]: the latitude of the Hautes-Alpes is about 44.
    assert offer.latitude == pytest.approx(44.277451) and offer.longitude == pytest.approx(5.793507)
    assert offer.source_modified_at == dt.datetime(2018, 11, 30, 8, 42, 14, 436000, tzinfo=dt.UTC)
    assert offer.attribution_name == "Office de Tourisme de Sisteron Buëch"
    period = offer.periods.get()
    assert (period.starts_on, period.ends_on) == (dt.date(2019, 8, 6), dt.date(2019, 8, 6))
    assert (period.opens_at, period.closes_at) == (dt.time(9), dt.time(12))
    assert offer.phone == "04 92 65 09 38" and offer.email == "LeGrandTim@mail.fr"
    assert offer.website == "http://www.LeGrandTim.fr"
    assert offer.price_note == "Gratuit." and offer.price_min is None
    assert offer.images.count() == 3
    assert offer.kind == "event" and offer.families == ["outdoor"]
    assert offer.status == Offer.Status.DRAFT
    assert not run.errors.filter(level=ImportError.Level.ERROR).exists()


def test_empty_api_page_imports_nothing_and_reports_no_error(data_dir):
    run = _import(data_dir / "apidae" / "api_list_empty_geotrek.json")
    assert run.counts == {"created": 0, "updated": 0, "unchanged": 0, "archived": 0, "failed": 0}
    assert run.source == "apidae"
    assert not run.errors.exists()


def test_export_bundle_imports_every_object_with_prices_and_dates(data_dir):
    run = _import(data_dir / "apidae" / "export_hotentic.zip")

    assert run.created_count == 5 and run.failed_count == 0
    offer = Offer.objects.get(external_id="4833997")
    assert offer.title == "Les Spécimens - Spectacle familial"
    assert offer.latitude == pytest.approx(45.645852) and offer.longitude == pytest.approx(5.865084)
    assert offer.price_min == Decimal("5.00") and offer.price_max == Decimal("5.00")
    # Written in 2017 but marked « tous les ans »: rolled forward to the next two occurrences.
    periods = list(offer.periods.order_by("starts_on"))
    today = timezone.localdate()
    assert [(p.starts_on.month, p.starts_on.day, p.every_year) for p in periods] == [(11, 4, True)] * 2
    assert periods[0].ends_on >= today > periods[0].ends_on.replace(year=periods[0].ends_on.year - 1)
    assert periods[1].starts_on.year == periods[0].starts_on.year + 1
    assert periods[0].opens_at == dt.time(17)
    assert offer.postcode == "73370" and offer.commune is None
    # The bundle's communes.json does not know commune 30287: reported, the offer is kept.
    assert run.errors.filter(external_id="4833997", level=ImportError.Level.WARNING).exists()


def test_second_import_of_the_same_bundle_changes_nothing(data_dir):
    _import(data_dir / "apidae" / "export_hotentic.zip")
    before = dict(Offer.objects.values_list("external_id", "updated_at"))

    run = _import(data_dir / "apidae" / "export_hotentic.zip")

    assert (run.created_count, run.updated_count, run.unchanged_count) == (0, 0, 5)
    assert dict(Offer.objects.values_list("external_id", "updated_at")) == before


def test_export_array_with_structured_prices(data_dir):
    _import(data_dir / "apidae" / "hot_fr_en.json")
    offer = Offer.objects.get(external_id="898922")
    assert offer.title == "La Châtelleraie" and offer.kind == "lodging"
    assert offer.latitude == pytest.approx(44.715026) and offer.longitude == pytest.approx(2.207737)
    assert (offer.price_min, offer.price_max) == (Decimal("5.00"), Decimal("125.00"))
    assert offer.periods.get().ends_on == dt.date(2018, 10, 14)
    assert offer.images.count() == 11


def _bundle_copy(data_dir, tmp_path, *, modify=None, deleted=None, drop=()):
    """A copy of the real bundle, with files changed by ``modify`` (name → bytes → bytes)."""
    target = tmp_path / "export.zip"
    with (
        zipfile.ZipFile(data_dir / "apidae" / "export_hotentic.zip") as src,
        zipfile.ZipFile(target, "w") as dst,
    ):
        for name in src.namelist():
            if any(d in name for d in drop):
                continue
            data = src.read(name)
            if modify and name in modify:
                data = modify[name](data)
            if deleted is not None and name.endswith("objets_supprimes.json"):
                data = json.dumps(deleted).encode()
            dst.writestr(name, data)
    return target


def test_objets_supprimes_archive_the_deleted_offers(data_dir, tmp_path):
    _import(data_dir / "apidae" / "export_hotentic.zip")
    bundle = _bundle_copy(data_dir, tmp_path, deleted=[4833997, 999])

    run = _import(bundle)
    assert run.archived_count == 1
    assert Offer.objects.get(external_id="4833997").status == Offer.Status.ARCHIVED
    assert _import(bundle).archived_count == 0


def test_modified_object_is_updated(data_dir, tmp_path):
    _import(data_dir / "apidae" / "export_hotentic.zip")

    def edit(data):
        objects = json.loads(data)
        objects[0]["gestion"]["dateModification"] = "2019-01-01T10:00:00.000+0000"
        objects[0]["nom"]["libelleFr"] = "Les Spécimens (nouvelle date)"
        return json.dumps(objects).encode()

    run = _import(_bundle_copy(data_dir, tmp_path, modify={"objets_modifies/objets_modifies-2.json": edit}))
    assert (run.updated_count, run.unchanged_count) == (1, 4)
    assert Offer.objects.get(external_id="4833997").title == "Les Spécimens (nouvelle date)"


def test_truncated_json_reports_an_error_and_imports_the_rest(data_dir, tmp_path):
    bundle = _bundle_copy(
        data_dir, tmp_path, modify={"objets_modifies/objets_modifies-1.json": lambda d: d[:9000]}
    )
    run = _import(bundle)
    assert run.failed_count >= 1
    assert run.errors.filter(reason__contains="tronqué").exists()
    assert Offer.objects.filter(external_id="4833997").exists()  # from the intact second file


def test_zip_without_objets_modifies_reports_it(data_dir, tmp_path):
    run = _import(_bundle_copy(data_dir, tmp_path, drop=("objets_modifies",)))
    assert run.created_count == 0
    assert run.errors.filter(reason__contains="objets_modifies").exists()


def test_wrong_type_fails_that_record_only_and_writes_nothing_of_it(data_dir, tmp_path):
    def edit(data):
        objects = json.loads(data)
        objects[1]["illustrations"] = "photo.jpg"  # a string where a list is expected
        return json.dumps(objects).encode()

    run = _import(_bundle_copy(data_dir, tmp_path, modify={"objets_modifies/objets_modifies-1.json": edit}))
    assert run.created_count == 4 and run.failed_count == 1
    error = run.errors.get(level=ImportError.Level.ERROR)
    assert error.external_id == "4826186" and "illustrations" in error.path
    assert not Offer.objects.filter(external_id="4826186").exists()


def test_missing_coordinates_are_reported_and_the_offer_kept(data_dir, tmp_path):
    def edit(data):
        objects = json.loads(data)
        del objects[0]["localisation"]["geolocalisation"]
        return json.dumps(objects).encode()

    run = _import(_bundle_copy(data_dir, tmp_path, modify={"objets_modifies/objets_modifies-2.json": edit}))
    offer = Offer.objects.get(external_id="4833997")
    assert offer.latitude is None and offer.longitude is None
    assert run.errors.filter(external_id="4833997", reason__contains="coordonnées").exists()


def test_out_of_range_coordinates_fail_the_record(data_dir, tmp_path):
    def edit(data):
        objects = json.loads(data)
        objects[0]["localisation"]["geolocalisation"]["geoJson"]["coordinates"] = [5.86, 245.6]
        return json.dumps(objects).encode()

    run = _import(_bundle_copy(data_dir, tmp_path, modify={"objets_modifies/objets_modifies-2.json": edit}))
    assert run.failed_count == 1 and run.created_count == 4
    assert not Offer.objects.filter(external_id="4833997").exists()


def test_database_refusal_rolls_back_the_record_alone(data_dir, tmp_path):
    def edit(data):
        objects = json.loads(data)
        objects[0]["descriptionTarif"]["periodes"][0]["tarifs"][0]["minimum"] = 1e12  # too big for the column
        return json.dumps(objects).encode()

    run = _import(_bundle_copy(data_dir, tmp_path, modify={"objets_modifies/objets_modifies-2.json": edit}))
    assert run.failed_count == 1 and run.created_count == 4
    assert not Offer.objects.filter(external_id="4833997").exists()


def test_folder_of_an_extracted_bundle_imports_like_the_zip(data_dir, tmp_path):
    with zipfile.ZipFile(data_dir / "apidae" / "export_hotentic.zip") as archive:
        archive.extractall(tmp_path / "bundle")
    run = _import(tmp_path / "bundle")
    assert run.created_count == 5


def test_unknown_file_fails_the_run_with_a_message(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('"bonjour"')
    run = run_import(target=str(path))
    assert run.status == ImportRun.Status.FAILED and "non reconnu" in run.message


def test_source_mismatch_fails_the_run(data_dir):
    run = run_import(target=str(data_dir / "apidae" / "hot_fr_en.json"), source="datatourisme")
    assert run.status == ImportRun.Status.FAILED
    assert not Offer.objects.exists()
