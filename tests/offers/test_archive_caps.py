"""Issue 12 point 8: an import archive over a cap (entries, uncompressed size, compression ratio)
fails with a French message before anything is read, and nothing is written."""

from __future__ import annotations

import zipfile

import pytest

from offers.importers import run_import
from offers.models import ImportRun, Offer

pytestmark = pytest.mark.django_db


def _real_bundle(data_dir, tmp_path, *, extra=()):
    target = tmp_path / "export.zip"
    with (
        zipfile.ZipFile(data_dir / "apidae" / "export_hotentic.zip") as src,
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as dst,
    ):
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        for name, data in extra:
            dst.writestr(name, data)
    return target


def _assert_refused(run: ImportRun, words: str):
    assert run.status == ImportRun.Status.FAILED
    assert words in run.message and "refusée" in run.message
    assert not Offer.objects.exists()


def test_a_zip_bomb_entry_is_refused(data_dir, tmp_path):
    bomb = _real_bundle(data_dir, tmp_path, extra=[("objets_modifies/zeros.json", b"0" * (20 * 1024 * 1024))])
    _assert_refused(run_import(target=str(bomb)), "compressé plus de")


def test_too_many_entries_are_refused(data_dir, tmp_path, settings):
    settings.OFFERS_ARCHIVE_MAX_ENTRIES = 5
    _assert_refused(run_import(target=str(_real_bundle(data_dir, tmp_path))), "au plus 5 sont acceptés")


def test_too_large_once_uncompressed_is_refused(data_dir, tmp_path, settings):
    settings.OFFERS_ARCHIVE_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    extra = [(f"objets_modifies/pad-{i}.txt", bytes(range(256)) * 2048) for i in range(3)]
    _assert_refused(
        run_import(target=str(_real_bundle(data_dir, tmp_path, extra=extra))), "une fois décompressée"
    )


def test_the_real_bundle_stays_under_every_cap(data_dir, tmp_path):
    run = run_import(target=str(_real_bundle(data_dir, tmp_path)))
    assert run.status == ImportRun.Status.FINISHED and Offer.objects.exists()
