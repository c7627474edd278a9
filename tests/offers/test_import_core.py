"""The bulk write path (COPY + one upsert per batch): updates keep the workflow state, a batch
mixing new, changed and refused records keeps the good ones, unchanged objects cost no parse."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from offers.importers import apidae, run_import
from offers.models import ImportRun, Offer, OfferImage
from offers.selectors import offer_search
from tests.factories.network import MemberFactory

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND"
    b"\xaeB`\x82"
)


def _hotel(data_dir) -> dict:
    return json.loads((data_dir / "apidae" / "hot_fr_en.json").read_text())[0]


def _write(path, objects) -> str:
    path.write_text(json.dumps(objects))
    return str(path)


def test_update_keeps_status_slug_member_and_uploaded_pictures(data_dir, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    hotel = _hotel(data_dir)
    run = run_import(target=_write(tmp_path / "a.json", [hotel]))
    assert run.created_count == 1
    offer = Offer.objects.get(external_id="898922")
    periods, pictures = offer.periods.count(), offer.images.count()
    assert periods > 0 and pictures == 11
    member = MemberFactory()
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.PRESELECTED, member=member)
    OfferImage.objects.create(offer=offer, image=SimpleUploadedFile("photo.png", PNG), alt="Photo")

    hotel["nom"]["libelleFr"] = "Hôtel des Cimes rénové"
    hotel["gestion"]["dateModification"] = "2030-01-01T10:00:00.000+0000"
    run = run_import(target=_write(tmp_path / "b.json", [hotel]))

    assert (run.created_count, run.updated_count, run.unchanged_count) == (0, 1, 0)
    updated = Offer.objects.get(pk=offer.pk)
    assert updated.title == "Hôtel des Cimes rénové"
    assert (updated.slug, updated.uuid, updated.status, updated.member) == (
        offer.slug,
        offer.uuid,
        Offer.Status.PRESELECTED,
        member,
    )
    assert updated.periods.count() == periods  # replaced, not duplicated
    assert updated.images.exclude(url="").count() == 11 and updated.images.filter(url="").count() == 1
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.PUBLISHED)
    found = offer_search(params={"q": "renove"}).offers
    assert [o.pk for o in found] == [offer.pk]


def test_one_batch_with_new_changed_and_refused_records_keeps_the_good_ones(data_dir, tmp_path):
    hotel = _hotel(data_dir)
    run_import(target=_write(tmp_path / "a.json", [hotel]))

    changed = json.loads(json.dumps(hotel))
    changed["gestion"]["dateModification"] = "2030-01-01T10:00:00.000+0000"
    changed["nom"]["libelleFr"] = "Hôtel modifié"
    new = json.loads(json.dumps(hotel))
    new["id"] = 1001
    refused = json.loads(json.dumps(hotel))
    refused["id"] = 1002
    refused["descriptionTarif"]["periodes"][0]["tarifs"][0]["maximum"] = 1e12  # too big for the column

    run = run_import(target=_write(tmp_path / "b.json", [new, changed, refused]))
    assert run.status == ImportRun.Status.FINISHED
    assert (run.created_count, run.updated_count, run.failed_count) == (1, 1, 1)
    assert Offer.objects.get(external_id="898922").title == "Hôtel modifié"
    assert Offer.objects.filter(external_id="1001").exists()
    assert not Offer.objects.filter(external_id="1002").exists()
    assert run.errors.get(level="error").external_id == "1002"


def test_unchanged_objects_are_skipped_before_parsing(data_dir, tmp_path, monkeypatch):
    hotel = _hotel(data_dir)
    path = _write(tmp_path / "a.json", [hotel])
    run_import(target=path)

    def fail(*args, **kwargs):
        raise AssertionError("an unchanged object was parsed")

    monkeypatch.setattr(apidae, "parse_object", fail)
    run = run_import(target=path)
    assert (run.unchanged_count, run.failed_count) == (1, 0)


def test_a_duplicate_of_an_unchanged_object_is_still_reported(data_dir, tmp_path):
    hotel = _hotel(data_dir)
    run_import(target=_write(tmp_path / "a.json", [hotel]))
    run = run_import(target=_write(tmp_path / "b.json", [hotel, hotel]))
    assert (run.unchanged_count, run.failed_count) == (1, 1)
    assert "deux fois" in run.errors.get().reason
