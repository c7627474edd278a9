"""The resource centre: registering (portal and public form), waitlist, attendance, the
certificate PDF, and the members-only document library served through a checking view."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.training import DocumentFactory, TrainingFactory
from tests.factories.workshops import SessionFactory
from workshops.models import Booking, Session, WaitlistEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def _started(session):
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(
        start=now - datetime.timedelta(minutes=30), end=now + datetime.timedelta(hours=1)
    )


@pytest.fixture
def training(member):
    return TrainingFactory(workshop__member=member, workshop__slug="photographier-ses-produits")


@pytest.fixture
def session(training):
    return SessionFactory(workshop=training.workshop, capacity=2)


def test_member_registers_attends_and_downloads_the_certificate(
    member_client, member_user, staff_client, training, session
):
    page = member_client.get(reverse("training_portal:training_list")).content.decode()
    assert "Photographier ses produits" in page
    member_client.post(reverse("training_portal:register"), {"session": str(session.public_id)})
    booking = Booking.objects.get()
    assert booking.email == member_user.email and booking.party_size == 1
    # A second click does not register twice.
    member_client.post(reverse("training_portal:register"), {"session": str(session.public_id)})
    assert Booking.objects.count() == 1
    url = reverse("training_portal:certificate", args=[booking.reference])
    assert member_client.get(url).status_code == 404  # not attended yet
    attendance = reverse("training_staff:attendance", args=[session.public_id])
    assert member_user.email in staff_client.get(attendance).content.decode()
    _started(session)  # attendance is marked once the session has started
    staff_client.post(attendance, {"booking": booking.reference, "present": "yes"})
    booking.refresh_from_db()
    assert booking.attendance == "present"
    response = member_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Télécharger l" in member_client.get(reverse("training_portal:training_list")).content.decode()


def test_another_member_cannot_download_someone_elses_certificate(
    member_client, other_client, member_user, training, session
):
    member_client.post(reverse("training_portal:register"), {"session": str(session.public_id)})
    booking = Booking.objects.get()
    Booking.objects.filter(pk=booking.pk).update(attendance="present")
    url = reverse("training_portal:certificate", args=[booking.reference])
    assert other_client.get(url).status_code == 404
    assert member_client.get(url).status_code == 200


def test_full_session_puts_the_next_on_the_waitlist(member_client, other_client, visitor, training, session):
    member_client.post(reverse("training_portal:register"), {"session": str(session.public_id)})
    other_client.post(reverse("training_portal:register"), {"session": str(session.public_id)})
    response = visitor.post(
        reverse("training:training_detail", args=[training.workshop.slug]),
        {
            "session": str(session.public_id),
            "name": "Paul Roche",
            "organisation": "Gîte des Cimes",
            "email": "paul@example.org",
        },
    )
    assert response.status_code == 302
    assert Booking.objects.count() == 2
    entry = WaitlistEntry.objects.get()
    assert entry.email == "paul@example.org" and entry.name == "Paul Roche (Gîte des Cimes)"


def test_non_member_registers_from_the_public_form_and_gets_the_certificate_by_link(
    visitor, training, session
):
    url = reverse("training:training_detail", args=[training.workshop.slug])
    bad = visitor.post(url, {"session": str(session.public_id), "name": "Paul Roche", "email": "paul"})
    assert bad.status_code == 400 and "L&#x27;adresse e-mail n&#x27;est pas valide." in bad.content.decode()
    assert 'value="Paul Roche"' in bad.content.decode() and Booking.objects.count() == 0
    bad = visitor.post(url, {"session": "nimporte", "name": "Paul Roche", "email": "paul@example.org"})
    assert bad.status_code == 400 and Booking.objects.count() == 0
    visitor.post(url, {"session": str(session.public_id), "name": "Paul Roche", "email": "paul@example.org"})
    booking = Booking.objects.get()
    cert = reverse("training:certificate", args=[booking.manage_token])
    assert visitor.get(cert).status_code == 404
    Booking.objects.filter(pk=booking.pk).update(attendance="present")
    assert visitor.get(cert).content.startswith(b"%PDF")


def test_members_only_training_is_not_public(visitor, member):
    t = TrainingFactory(workshop__member=member, workshop__slug="interne", audience="members")
    assert visitor.get(reverse("training:training_detail", args=["interne"])).status_code == 404
    assert "interne" not in visitor.get(reverse("training:training_list")).content.decode()
    assert t.pk


def test_trainings_stay_out_of_the_visitors_catalogue(visitor, training, session):
    assert "Photographier ses produits" not in visitor.get(reverse("workshops:catalogue")).content.decode()


def test_staff_attendance_refuses_bad_input_and_other_sessions(
    staff_client, member_client, training, session
):
    from tests.factories.workshops import WorkshopFactory

    plain_session = SessionFactory(workshop=WorkshopFactory())
    assert (
        staff_client.get(reverse("training_staff:attendance", args=[plain_session.public_id])).status_code
        == 404
    )
    member_client.post(reverse("training_portal:register"), {"session": str(session.public_id)})
    booking = Booking.objects.get()
    url = reverse("training_staff:attendance", args=[session.public_id])
    staff_client.post(url, {"booking": booking.reference, "present": "peut-être"})
    booking.refresh_from_db()
    assert booking.attendance == ""
    assert member_client.get(url).status_code == 403


def test_documents_are_for_members_only_and_not_under_media(visitor, plain_client, member_client, settings):
    doc = DocumentFactory()
    assert str(settings.PRIVATE_MEDIA_ROOT) in doc.file.path
    assert not str(doc.file.path).startswith(str(settings.MEDIA_ROOT))
    url = reverse("training_portal:document_download") + f"?doc={doc.public_id}"
    assert visitor.get(url).status_code == 302
    assert plain_client.get(url).status_code == 403
    response = member_client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 guide"
    missing = member_client.get(reverse("training_portal:document_download") + "?doc=x")
    assert missing.status_code == 302 and missing["Location"] == reverse("training_portal:document_list")
    assert (
        "Guide Apidae en pratique"
        in member_client.get(reverse("training_portal:document_list")).content.decode()
    )


def test_training_pages_in_english(visitor, training, session):
    visitor.cookies["django_language"] = "en"
    assert b"Training for professionals" in visitor.get(reverse("training:training_list")).content


def test_session_choices_read_in_local_time(visitor, training):
    import datetime
    from zoneinfo import ZoneInfo

    start = datetime.datetime(2030, 3, 4, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    SessionFactory(workshop=training.workshop, start=start, end=start + datetime.timedelta(hours=3))
    page = visitor.get(reverse("training:training_detail", args=[training.workshop.slug])).content.decode()
    assert "9\xa0h\xa000" in page
