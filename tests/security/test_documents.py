"""Private documents (application evidence, self-assessment evidence) are never served as a page
of the site: a file that merely starts like a PDF keeps a .pdf name and a PDF content type."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from network.models import ApplicationDocument, MembershipApplication
from tests.factories.network import CharterVersionFactory, CraftFactory
from tests.factories.selfdiagnosis import AssessmentFactory

pytestmark = pytest.mark.django_db

HTML_AS_PDF = b"%PDF-1.4\n<html><script>fetch('/staff/').then(r => r.text())</script></html>\n"


def _html_pdf(name="kbis.html") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, HTML_AS_PDF, content_type="text/html")


def test_application_evidence_named_html_is_served_as_pdf(visitor, staff_client, commune):
    craft = CraftFactory()
    charter = CharterVersionFactory(number=1)
    data = {
        "business_name": "Bois de Chartreuse",
        "contact_name": "Léa Martin",
        "email": "lea@bois.example",
        "phone": "06 11 22 33 44",
        "website": "",
        "commune": f"{commune.name} ({commune.postcode})",
        "address": "12 route du col",
        "siret": "12345678901234",
        "crafts": [craft.pk],
        "description": "Cuillères et bols en hêtre local.",
        "consent": "on",
        "doc_siret": _html_pdf(),
    }
    for number, _text in charter.numbered_commitments():
        data[f"commitment_{number}"] = "yes"
    assert visitor.post(reverse("network:apply"), data).status_code == 302
    application = MembershipApplication.objects.get()
    document = ApplicationDocument.objects.get(application=application)
    assert document.file.name.endswith(".pdf")
    url = reverse(
        "network_staff:application_document", kwargs={"reference": application.reference, "pk": document.pk}
    )
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_self_assessment_evidence_named_html_is_served_as_pdf(visitor, member):
    assessment = AssessmentFactory(member=member)
    url = reverse("selfdiagnosis:autosave", kwargs={"token": assessment.token, "code": "rencontre-echange"})
    visitor.post(url, {"rencontre-echange-value": "oui", "rencontre-echange-evidence": _html_pdf("a.html")})
    download = visitor.get(
        reverse("selfdiagnosis:evidence", kwargs={"token": assessment.token, "code": "rencontre-echange"})
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]


def test_an_old_document_stored_as_html_is_only_downloaded(staff_client):
    from tests.factories.network import ApplicationFactory

    application = ApplicationFactory()
    document = ApplicationDocument.objects.create(
        application=application,
        kind=ApplicationDocument.Kind.OTHER,
        original_name="kbis.html",
        file=SimpleUploadedFile("legacy.html", HTML_AS_PDF),
    )
    url = reverse(
        "network_staff:application_document", kwargs={"reference": application.reference, "pk": document.pk}
    )
    response = staff_client.get(url)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_document_still_opens_in_the_browser(staff_client):
    from tests.factories.network import ApplicationFactory

    application = ApplicationFactory()
    document = ApplicationDocument.objects.create(
        application=application,
        kind=ApplicationDocument.Kind.SIRET,
        original_name="kbis.pdf",
        file=SimpleUploadedFile("kbis.pdf", HTML_AS_PDF),
    )
    url = reverse(
        "network_staff:application_document", kwargs={"reference": application.reference, "pk": document.pk}
    )
    response = staff_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
