"""Issue 11 point 14 (imports): a run reads in local time and names the file that was sent, not
the worker's temporary copy."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from offers import services
from offers.models import ImportRun

pytestmark = pytest.mark.django_db


def test_a_failed_upload_names_the_file_sent_not_the_temporary_copy(
    staff_user, staff_client, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("mes-offres.txt", b"ni json ni xml", content_type="text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        run = services.import_run_request(actor=staff_user, upload=upload)

    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "mes-offres.txt" in run.message
    assert "offers-upload-" not in run.message and "/tmp" not in run.message
    page = staff_client.get(reverse("offers_staff:import_detail", args=[run.pk])).content.decode()
    assert "offers-upload-" not in page and "mes-offres.txt" in page


def test_an_import_run_reads_in_local_time(staff_client):
    run = ImportRun.objects.create(source="", origin="export.zip")
    at = datetime.datetime(2026, 7, 1, 8, 5, tzinfo=datetime.UTC)  # 10 h 05 in Paris (summer)
    ImportRun.objects.filter(pk=run.pk).update(created_at=at)
    run.refresh_from_db()

    assert str(run).endswith("01/07/2026 10:05")
    listing = staff_client.get(reverse("offers_staff:import_list")).content.decode()
    assert "01/07/2026 10:05" in listing and "01/07/2026 08:05" not in listing
