"""Richer mapping from the real samples: audiences, accessibility, access without a car, price,
and the provider identifiers used to suggest a member. The rules are data (TypeMapping rows)."""

import json
import shutil

import pytest

from offers.importers import run_import
from offers.models import ImportRun, Offer, TypeMapping
from offers.services import offer_apply_type_mappings

pytestmark = pytest.mark.django_db

CAVES = "https://data.datatourisme.gouv.fr/49/07095a75-e377-3241-a302-443474b88a74"
CHURCH = "https://data.datatourisme.gouv.fr/15/c3d85ca6-5909-3847-b97d-9927bda0d4e3"
CONCERT = "https://data.datatourisme.gouv.fr/15/04aeb07f-e246-3aec-90c0-426c07238002"
CONFERENCE = "https://data.datatourisme.gouv.fr/15/f6b816ad-68d6-3814-9ee6-13d96ffd3f33"
CHURCH_FILE = "objects/c/c3/15-c3d85ca6-5909-3847-b97d-9927bda0d4e3.json"


def _import(path) -> ImportRun:
    run = run_import(target=str(path))
    assert run.status == ImportRun.Status.FINISHED, run.message
    return run


def test_apidae_export_reads_clientele_and_environment_codes(data_dir):
    _import(data_dir / "apidae" / "export_hotentic.zip")
    offer = Offer.objects.get(external_id="4826137")
    assert "TypeClientele:570" in offer.source_types and "Environnement:173" in offer.source_types
    assert "TypeClientele:570" in Offer.objects.get(external_id="4826282").source_types
    # No rule for these ids yet: nothing is guessed.
    assert offer.audiences == [] and offer.without_car is False and offer.accessibility == ""


def test_apidae_rules_give_audiences_and_access_without_a_car_on_import(data_dir):
    TypeMapping.objects.create(source="apidae", code="TypeClientele:570", audiences=["families"])
    TypeMapping.objects.create(
        source="apidae", code="Environnement:173", label="Gare à moins de 500 m", without_car=True
    )
    _import(data_dir / "apidae" / "export_hotentic.zip")

    offer = Offer.objects.get(external_id="4826137")
    assert offer.audiences == ["families"]
    assert offer.without_car is True and offer.transport_note == "Gare à moins de 500 m"
    other = Offer.objects.get(external_id="4826282")
    assert other.audiences == ["families"] and other.without_car is False
    assert Offer.objects.get(external_id="4833997").audiences == []


def test_apidae_hotel_environment_and_mapping_edit_take_effect_after_import(data_dir):
    _import(data_dir / "apidae" / "hot_fr_en.json")
    hotel = Offer.objects.get(external_id="898922")
    assert "Environnement:135" in hotel.source_types and hotel.without_car is False

    TypeMapping.objects.create(
        source="apidae",
        code="environnement:135",  # codes match whatever the case
        label="Arrêt de bus à proximité",
        without_car=True,
        accessibility="Accès de plain-pied",
    )
    assert offer_apply_type_mappings(source="apidae") == 1
    hotel.refresh_from_db()
    assert hotel.without_car is True and hotel.transport_note == "Arrêt de bus à proximité"
    assert hotel.accessibility == "Accès de plain-pied"
    # A second application changes nothing.
    assert offer_apply_type_mappings(source="apidae") == 0


def test_apidae_api_keeps_free_events_free_and_reads_the_contact_email_for_members(data_dir):
    _import(data_dir / "apidae" / "api_list_fete_et_manifestation_geotrek.json")
    offer = Offer.objects.get(external_id="323154")
    assert offer.price_min is None and offer.price_max is None
    assert offer.provider_keys == ["email:legrandtim@mail.fr"]


def test_datatourisme_child_rate_means_families_by_default(data_dir):
    _import(data_dir / "datatourisme" / "flux_2020")
    concert = Offer.objects.get(external_id=CONCERT)
    assert "kb:ChildRate" in concert.source_types and "kb:Regional" in concert.source_types
    assert concert.audiences == ["families"]
    conference = Offer.objects.get(external_id=CONFERENCE)
    assert conference.free is True and conference.audiences == []
    caves = Offer.objects.get(external_id=CAVES)
    assert "email:vins@domainelelais.com" in caves.provider_keys
    assert "email:b.paulmyer@solutions-eco.fr" in caves.provider_keys  # hasBeenCreatedBy


def test_datatourisme_features_are_codes_for_the_rules(data_dir):
    TypeMapping.objects.create(source="datatourisme", code="kb:Bar", families=["wine"])
    _import(data_dir / "datatourisme" / "flux_2020")
    bistro = Offer.objects.get(title="Mi faim mi raisin")
    assert "kb:Bar" in bistro.source_types and "wine" in bistro.families


def test_datatourisme_reduced_mobility_access_gives_an_accessibility_mention(data_dir, tmp_path):
    flow = tmp_path / "flux"
    shutil.copytree(data_dir / "datatourisme" / "flux_2020", flow)
    church_path = flow / CHURCH_FILE
    church_path.chmod(0o644)
    church = json.loads(church_path.read_text())
    church["isLocatedAt"][0]["reducedMobilityAccess"] = True
    church_path.write_text(json.dumps(church))

    _import(flow)
    offer = Offer.objects.get(external_id=CHURCH)
    assert offer.accessibility == "Accessible aux personnes à mobilité réduite"
    assert Offer.objects.get(external_id=CAVES).accessibility == ""


def test_reduced_mobility_access_of_the_wrong_shape_is_ignored_not_fatal(data_dir, tmp_path):
    flow = tmp_path / "flux"
    shutil.copytree(data_dir / "datatourisme" / "flux_2020", flow)
    church_path = flow / CHURCH_FILE
    church_path.chmod(0o644)
    church = json.loads(church_path.read_text())
    church["hasAudience"] = "kb:Families"
    church["reducedMobilityAccess"] = {"weird": 1}
    church_path.write_text(json.dumps(church))

    run = _import(flow)
    assert run.created_count == 6 and run.failed_count == 0
    offer = Offer.objects.get(external_id=CHURCH)
    assert "kb:Families" in offer.source_types and offer.accessibility == ""


def test_wrong_type_for_clientele_fails_only_that_record(data_dir, tmp_path):
    objects = json.loads((data_dir / "apidae" / "hot_fr_en.json").read_text())
    bad = json.loads(json.dumps(objects[0]))
    bad["id"] = 1
    bad["prestations"]["typesClientele"] = "familles"
    target = tmp_path / "objets.json"
    target.write_text(json.dumps([bad, objects[0]]))

    run = _import(target)
    assert run.created_count == 1 and run.failed_count == 1
    error = run.errors.get(level="error")
    assert error.external_id == "1" and "prestations.typesClientele" in error.path
