"""DATAtourisme imports against the real flow, then damaged copies of it."""

import datetime as dt
import json
import shutil
import zipfile
from decimal import Decimal

import pytest

from offers.importers import run_import
from offers.models import ImportRun, Offer, TypeMapping
from offers.services import offer_apply_type_mappings
from tests.factories.network import CommuneFactory

pytestmark = pytest.mark.django_db

CAVES = "https://data.datatourisme.gouv.fr/49/07095a75-e377-3241-a302-443474b88a74"
CHURCH = "https://data.datatourisme.gouv.fr/15/c3d85ca6-5909-3847-b97d-9927bda0d4e3"
CONCERT = "https://data.datatourisme.gouv.fr/15/04aeb07f-e246-3aec-90c0-426c07238002"
CHURCH_FILE = "objects/c/c3/15-c3d85ca6-5909-3847-b97d-9927bda0d4e3.json"


@pytest.fixture
def flow(data_dir):
    return data_dir / "datatourisme" / "flux_2020"


def _import(path, **kwargs) -> ImportRun:
    run = run_import(target=str(path), **kwargs)
    assert run.status == ImportRun.Status.FINISHED, run.message
    return run


def test_flow_imports_every_object(flow):
    run = _import(flow)
    assert run.source == "datatourisme"
    assert run.created_count == 6 and run.failed_count == 0
    titles = set(Offer.objects.values_list("title", flat=True))
    assert {
        "Fromagerie Groussin",
        "Église de Saint-Christophe",
        "Mi faim mi raisin",
        "VISITE DES CAVES TROGLOS AU DOMAINE LELAIS",
        "Vendredi en Villan'Zik",
    } <= titles


def test_tasting_offer_has_string_coordinates_prices_hours_and_attribution(flow):
    _import(flow)
    offer = Offer.objects.get(external_id=CAVES)
    assert offer.latitude == pytest.approx(47.7497789) and offer.longitude == pytest.approx(0.620518)
    assert (offer.price_min, offer.price_max) == (Decimal("3.50"), Decimal("5.00"))
    assert offer.kind == "tasting" and "wine" in offer.families
    assert offer.commune_name == "Loir en Vallée" and offer.insee_code == "72262"
    assert offer.attribution_name == "eSPRIT Pays de la Loire"
    assert offer.attribution_updated_on == dt.date(2020, 3, 9)
    assert offer.phone == "+33 2 43 79 09 59" and offer.website == "http://www.domainelelais.com/"
    periods = list(offer.periods.order_by("weekdays"))
    assert [(p.weekdays, p.opens_at, p.closes_at) for p in periods] == [
        ([1], dt.time(11), dt.time(12)),
        ([3], dt.time(16), dt.time(17)),
    ]
    assert periods[0].starts_on == dt.date(2020, 7, 1) and periods[0].ends_on == dt.date(2020, 8, 31)


def test_event_dates_come_from_takes_place_at(flow):
    _import(flow)
    offer = Offer.objects.get(external_id=CONCERT)
    assert offer.kind == "event"
    period = offer.periods.get(starts_on=dt.date(2020, 10, 2))
    assert period.opens_at == dt.time(19, 30)
    assert (offer.price_min, offer.price_max) == (Decimal("5.00"), Decimal("10.00"))


def test_church_matches_a_territory_commune_and_keeps_its_main_picture(flow):
    commune = CommuneFactory(insee_code="37213", name="Saint-Christophe-sur-le-Nais", postcode="37370")
    _import(flow)
    offer = Offer.objects.get(external_id=CHURCH)
    assert offer.commune == commune
    assert offer.kind == "visit" and offer.families == ["heritage"]
    assert offer.images.count() == 1 and offer.images.get().url.startswith("https://")


def test_second_import_changes_nothing(flow):
    _import(flow)
    run = _import(flow)
    assert (run.created_count, run.updated_count, run.unchanged_count) == (0, 0, 6)


def test_single_json_ld_object_is_detected_and_imported(flow):
    run = _import(flow / CHURCH_FILE)
    assert run.source == "datatourisme" and run.created_count == 1


def test_zipped_flow_imports_like_the_folder(flow, tmp_path):
    target = tmp_path / "flux.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for path in flow.rglob("*"):
            if path.is_file():
                archive.write(path, f"flux/{path.relative_to(flow)}")
    assert _import(target).created_count == 6


def _flow_copy(flow, tmp_path, edits):
    target = tmp_path / "flux"
    shutil.copytree(flow, target)
    for name, edit in edits.items():
        path = target / name
        path.chmod(0o644)
        path.write_bytes(edit(path.read_bytes()))
    return target


def test_truncated_object_is_reported_and_the_others_imported(flow, tmp_path):
    copy = _flow_copy(flow, tmp_path, {CHURCH_FILE: lambda data: data[:500]})
    run = _import(copy)
    assert run.created_count == 5 and run.failed_count == 1
    assert run.errors.get(level="error").path.endswith(CHURCH_FILE)


def test_wrong_types_and_bad_coordinates_fail_their_record(flow, tmp_path):
    def bad_type(data):
        obj = json.loads(data)
        obj["@type"] = 42
        return json.dumps(obj).encode()

    def bad_latitude(data):
        obj = json.loads(data)
        obj["isLocatedAt"][0]["schema:geo"]["schema:latitude"] = "quarante-sept"
        return json.dumps(obj).encode()

    copy = _flow_copy(
        flow,
        tmp_path,
        {
            CHURCH_FILE: bad_type,
            "objects/0/07/49-07095a75-e377-3241-a302-443474b88a74.json": bad_latitude,
        },
    )
    run = _import(copy)
    assert run.created_count == 4 and run.failed_count == 2
    reasons = " ".join(run.errors.filter(level="error").values_list("reason", flat=True))
    assert "@type" in reasons and "coordonnée illisible" in reasons
    assert not Offer.objects.filter(external_id__in=[CHURCH, CAVES]).exists()


def test_single_object_instead_of_a_list_is_accepted(flow, tmp_path):
    def single(data):
        obj = json.loads(data)
        obj["isLocatedAt"] = obj["isLocatedAt"][0]  # a later vintage gives one object, not a list
        return json.dumps(obj).encode()

    copy = _flow_copy(flow, tmp_path, {CHURCH_FILE: single})
    _import(copy)
    assert Offer.objects.get(external_id=CHURCH).latitude == pytest.approx(47.6188757)


def test_mapping_edits_take_effect_on_imported_offers(flow):
    _import(flow)
    TypeMapping.objects.filter(source="datatourisme", code="Church").delete()
    TypeMapping.objects.create(
        source="datatourisme", code="Church", families=["outdoor"], kind="excursion", priority=1
    )

    changed = offer_apply_type_mappings(source="datatourisme")

    offer = Offer.objects.get(external_id=CHURCH)
    assert changed == 1
    assert offer.kind == "excursion" and sorted(offer.families) == ["heritage", "outdoor"]


def test_new_mapping_applies_to_the_next_import(flow):
    TypeMapping.objects.create(source="datatourisme", code="Practice", families=["wellbeing"], priority=100)
    _import(flow)
    offer = Offer.objects.get(title="Fromagerie Groussin")
    assert "wellbeing" in offer.families


def test_array_of_json_ld_objects_is_imported(flow, tmp_path):
    objects = [json.loads(p.read_text()) for p in sorted((flow / "objects").rglob("*.json"))]
    target = tmp_path / "objets.json"
    target.write_text(json.dumps(objects))
    run = _import(target)
    assert run.source == "datatourisme" and run.created_count == 6
