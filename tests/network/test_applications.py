"""Join the network: the public form, its bad input, the private status link, replies."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from network.exceptions import ApplicationAlreadyOpen
from network.models import ApplicationDocument, MembershipApplication
from tests.factories.network import ApplicationFactory

from .conftest import pdf_upload, png_upload

pytestmark = pytest.mark.django_db

APPLY = reverse("network:apply")


def _form(where, craft, charter, **overrides):
    data = {
        "business_name": "Bois de Chartreuse",
        "contact_name": "Léa Martin",
        "email": "lea@bois.example",
        "phone": "06 11 22 33 44",
        "website": "",
        "commune": f"{where.name} ({where.postcode})",
        "address": "12 route du col",
        "siret": "12345678901234",
        "crafts": [craft.pk],
        "description": "Cuillères et bols en hêtre local.",
        "consent": "on",
    }
    for number, _text in charter.numbered_commitments():
        data[f"commitment_{number}"] = "yes"
        data[f"comment_{number}"] = ""
    data.update(overrides)
    return data


@override_settings(STAFF_NOTIFICATION_EMAILS=["office@example.org"])
def test_application_submit_gives_reference_and_private_link(
    visitor, commune, honey, charter, django_capture_on_commit_callbacks
):
    data = _form(commune, honey, charter, doc_siret=pdf_upload(), doc_work1=png_upload())
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(APPLY, data)
    application = MembershipApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == application.get_status_url()
    assert application.reference.startswith("ADH-") and len(application.token) >= 40
    assert application.antenna == commune.antenna
    assert application.charter_version == charter
    assert [a["answer"] for a in application.answers] == ["yes", "yes", "yes"]
    assert sorted(application.documents.values_list("kind", flat=True)) == ["siret", "work"]
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["lea@bois.example", "office@example.org"]
    applicant_mail = next(m for m in mail.outbox if m.to == ["lea@bois.example"])
    assert application.get_status_url() in applicant_mail.body
    assert applicant_mail.alternatives and applicant_mail.alternatives[0][1] == "text/html"
    page = visitor.get(application.get_status_url())
    assert application.reference in page.content.decode()


def test_coordinator_of_the_antenna_is_told_about_a_new_application(
    visitor, commune, honey, charter, coordinator_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(APPLY, _form(commune, honey, charter))
    assert any(m.to == [coordinator_user.email] for m in mail.outbox)


def test_second_open_application_with_same_email_is_refused_and_link_resent(
    visitor, commune, honey, charter, django_capture_on_commit_callbacks
):
    first = ApplicationFactory(email="lea@bois.example", commune=commune)
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(APPLY, _form(commune, honey, charter, email="LEA@bois.example"))
    assert response.status_code == 200
    assert str(ApplicationAlreadyOpen.message) in response.content.decode()
    assert MembershipApplication.objects.count() == 1
    # The link goes to the mailbox, never to the screen of whoever typed the address.
    assert first.token not in response.content.decode()
    assert any(first.get_status_url() in m.body for m in mail.outbox)


def test_a_refused_applicant_may_apply_again(visitor, commune, honey, charter):
    ApplicationFactory(email="lea@bois.example", commune=commune, status="refused")
    visitor.post(APPLY, _form(commune, honey, charter))
    assert MembershipApplication.objects.count() == 2


def test_unknown_commune_is_refused_keeping_what_was_typed(visitor, commune, honey, charter):
    response = visitor.post(APPLY, _form(commune, honey, charter, commune="Atlantis"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Commune inconnue : « Atlantis »" in html
    assert 'value="Bois de Chartreuse"' in html
    assert not MembershipApplication.objects.exists()


def test_evidence_that_is_not_a_pdf_or_image_is_refused(visitor, commune, honey, charter):
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    response = visitor.post(APPLY, _form(commune, honey, charter, doc_organic=bad))
    assert "doit être un PDF ou une image" in response.content.decode()
    assert not MembershipApplication.objects.exists()
    assert not ApplicationDocument.objects.exists()


@override_settings(MAX_DOCUMENT_UPLOAD_BYTES=20)
def test_oversized_evidence_is_refused(visitor, commune, honey, charter):
    response = visitor.post(APPLY, _form(commune, honey, charter, doc_siret=pdf_upload()))
    assert "est trop lourd" in response.content.decode()
    assert not MembershipApplication.objects.exists()


def test_missing_consent_and_answers_are_named(visitor, commune, honey, charter):
    data = _form(commune, honey, charter)
    del data["consent"], data["commitment_2"]
    response = visitor.post(APPLY, data)
    html = response.content.decode()
    assert "Votre accord est nécessaire" in html
    assert "Répondez à l&#x27;engagement n° 2." in html
    assert not MembershipApplication.objects.exists()


def test_status_page_needs_the_exact_token(visitor):
    application = ApplicationFactory()
    wrong = application.token[:-1] + ("x" if application.token[-1] != "x" else "y")
    assert visitor.get(reverse("network:application_status", args=[wrong])).status_code == 404
    assert visitor.get(reverse("network:application_status", args=[application.reference])).status_code == 404


def test_applicant_answers_a_request_for_information(visitor, staff_user):
    application = ApplicationFactory(status="info_requested", decision_message="Votre SIRET ?")
    url = application.get_status_url()
    assert "Votre SIRET ?" in visitor.get(url).content.decode()
    response = visitor.post(url, {"reply": "Le voici : 12345678901234", "document": pdf_upload()})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"
    assert "12345678901234" in application.applicant_reply
    assert application.documents.count() == 1


def test_reply_is_refused_when_nothing_was_asked(visitor):
    application = ApplicationFactory(status="submitted")
    visitor.post(application.get_status_url(), {"reply": "Bonjour"})
    application.refresh_from_db()
    assert application.applicant_reply == ""


def test_waitlisted_applicant_sees_position(visitor, commune, honey):
    first = ApplicationFactory(commune=commune, status="waitlisted", crafts=[honey])
    second = ApplicationFactory(commune=commune, status="waitlisted", crafts=[honey])
    assert "attente : 2" in visitor.get(second.get_status_url()).content.decode()
    assert "attente : 1" in visitor.get(first.get_status_url()).content.decode()
