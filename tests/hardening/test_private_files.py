"""Issue 12 point 5: private files live apart from public media, without an address, and are read
only through views that check who asks."""

from __future__ import annotations

from pathlib import Path

import pytest
from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.storage import NoPublicURL, move_files_to_private, private_storage
from network.models import ApplicationDocument
from offers.models import ImportRun
from selfdiagnosis.models import Answer
from tests.factories.network import ApplicationFactory
from tests.factories.offers import ImportRunFactory
from tests.factories.selfdiagnosis import AssessmentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _document():
    return ApplicationDocument.objects.create(
        application=ApplicationFactory(),
        kind=ApplicationDocument.Kind.OTHER,
        original_name="kbis d'Élise & <fils>.pdf",
        file=SimpleUploadedFile("kbis.pdf", PDF),
    )


@pytest.mark.parametrize(
    ("model", "field"),
    [(ApplicationDocument, "file"), (Answer, "evidence"), (ImportRun, "upload")],
)
def test_every_private_field_uses_the_private_storage(model, field):
    assert model._meta.get_field(field).storage is private_storage()


def test_an_application_document_is_stored_privately_and_has_no_address(settings):
    document = _document()
    name = document.file.name
    assert Path(settings.PRIVATE_MEDIA_ROOT, name).read_bytes() == PDF
    assert not default_storage.exists(name)
    with pytest.raises(NoPublicURL):
        document.file.url  # noqa: B018
    # The admin's file widget shows no link instead of failing.
    html = forms.ClearableFileInput().render("file", document.file)
    assert "/media/" not in html


def test_only_staff_read_an_application_document(visitor, member_client, staff_client):
    document = _document()
    url = reverse(
        "network_staff:application_document",
        kwargs={"reference": document.application.reference, "pk": document.pk},
    )
    assert visitor.get(url).status_code in (302, 403)
    assert member_client.get(url).status_code in (302, 403)
    response = staff_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_self_assessment_evidence_is_private_and_served_to_its_link_only(visitor, member, settings):
    assessment = AssessmentFactory(member=member)
    url = reverse("selfdiagnosis:autosave", kwargs={"token": assessment.token, "code": "rencontre-echange"})
    evidence = SimpleUploadedFile("preuve.pdf", PDF, content_type="application/pdf")
    visitor.post(url, {"rencontre-echange-value": "oui", "rencontre-echange-evidence": evidence})
    answer = Answer.objects.get(assessment=assessment, indicator__code="rencontre-echange")
    assert Path(settings.PRIVATE_MEDIA_ROOT, answer.evidence.name).exists()
    assert not default_storage.exists(answer.evidence.name)
    wrong_token = assessment.token[::-1]
    wrong = reverse("selfdiagnosis:evidence", kwargs={"token": wrong_token, "code": "rencontre-echange"})
    assert visitor.get(wrong).status_code == 404
    right = reverse("selfdiagnosis:evidence", kwargs={"token": assessment.token, "code": "rencontre-echange"})
    assert visitor.get(right).status_code == 200


def test_an_uploaded_import_file_is_private(settings):
    run = ImportRunFactory()
    run.upload.save("apidae.json", ContentFile(b"[]"))
    assert Path(settings.PRIVATE_MEDIA_ROOT, run.upload.name).exists()
    assert not default_storage.exists(run.upload.name)


def test_the_migration_moves_existing_public_files(settings):
    document = _document()
    name = document.file.name
    # As before the migration: the file sits in public media.
    private_storage().delete(name)
    default_storage.save(name, ContentFile(PDF))
    from django.apps import apps

    move_files_to_private("network", "ApplicationDocument", "file")(apps, None)
    assert not default_storage.exists(name)
    assert private_storage().open(name).read() == PDF
