"""A Celery task delivered twice at the same time imports the run once."""

import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from offers.models import ImportRun, Offer
from offers.services import import_run_execute_now

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_on_the_same_run_import_it_once():
    sample = Path(settings.BASE_DIR).parent / "shared" / "data" / "apidae" / "export_hotentic.zip"
    run = ImportRun.objects.create(origin=str(sample))
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def worker():
        try:
            barrier.wait()
            import_run_execute_now(run_id=run.pk)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    run.refresh_from_db()
    assert errors == []
    assert run.status == ImportRun.Status.FINISHED
    assert (run.created_count, run.unchanged_count) == (5, 0)
    assert Offer.objects.count() == 5


def test_two_runs_of_one_source_at_once_write_each_offer_once():
    """Two imports of the same export started together (a schedule and staff, say): one waits
    for the other, then finds the offers known. Before, both took them for new ones and each
    wrote their periods and pictures: every offer had them twice."""
    from offers.models import OfferImage, OpeningPeriod

    sample = Path(settings.BASE_DIR).parent / "shared" / "data" / "apidae" / "export_hotentic.zip"
    runs = [ImportRun.objects.create(origin=str(sample)) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def worker(run):
        try:
            barrier.wait()
            import_run_execute_now(run_id=run.pk)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(run,)) for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    for run in runs:
        run.refresh_from_db()
        assert run.status == ImportRun.Status.FINISHED
    assert sorted((r.created_count, r.unchanged_count) for r in runs) == [(0, 5), (5, 0)]
    assert Offer.objects.count() == 5
    periods = OpeningPeriod.objects.count()
    images = OfferImage.objects.count()
    # The same export imported once more, alone, changes nothing: no period or picture was doubled.
    from offers.importers import run_import

    run_import(target=str(sample), force=True)
    assert (OpeningPeriod.objects.count(), OfferImage.objects.count()) == (periods, images)
