import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.workshops import BookingFactory, SessionFactory
from workshops import services
from workshops.models import Booking, GroupRequest, Session, Workshop

pytestmark = pytest.mark.django_db


def portal_urls(workshop, session):
    return [
        reverse("workshops_portal:workshop_list"),
        reverse("workshops_portal:workshop_create"),
        reverse("workshops_portal:workshop_sessions", args=[workshop.slug]),
        reverse("workshops_portal:workshop_update", args=[workshop.slug]),
        reverse("workshops_portal:session_detail", args=[session.public_id]),
        reverse("workshops_portal:participants_print", args=[session.public_id]),
        reverse("workshops_portal:participants_csv", args=[session.public_id]),
        reverse("workshops_portal:group_request_list"),
        reverse("workshops_portal:review_list"),
        reverse("workshops_portal:calendar_feed"),
        reverse("workshops_portal:workshop_photos", args=[workshop.slug]),
    ]


def test_portal_pages_send_anonymous_visitors_to_login(visitor, workshop, session):
    for url in portal_urls(workshop, session):
        response = visitor.get(url)
        assert response.status_code == 302 and "/comptes/login/" in response.url, url


def test_portal_pages_refuse_signed_in_users_without_member(plain_client, workshop, session):
    for url in portal_urls(workshop, session):
        assert plain_client.get(url).status_code == 403, url


def test_portal_pages_work_for_the_member(member_client, workshop, session):
    BookingFactory(session=session, name="Paul Girard")
    for url in portal_urls(workshop, session):
        assert member_client.get(url).status_code == 200, url


def test_another_member_gets_404_on_my_workshop_and_sessions(other_client, workshop, session):
    for url in portal_urls(workshop, session)[2:7]:
        assert other_client.get(url).status_code == 404, url
    response = other_client.post(
        reverse("workshops_portal:session_cancel", args=[session.public_id]), {"reason": "x"}
    )
    assert response.status_code == 404
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED


def test_member_creates_a_workshop_and_a_weekly_series(member_client, member, commune):
    craft = member.crafts.first()
    response = member_client.post(
        reverse("workshops_portal:workshop_create"),
        {
            "title": "Bol en frêne",
            "craft": craft.pk,
            "description": "Tournage d'un bol.",
            "duration_minutes": "150",
            "price": "40",
            "min_participants": "2",
            "max_participants": "6",
            "min_age": "10",
            "languages": ["fr", "en"],
            "audiences": ["adults"],
            "commune": commune.pk,
            "cancellation_deadline_hours": "48",
            "is_published": "on",
        },
    )
    workshop = Workshop.objects.get(title="Bol en frêne")
    assert response.url == reverse("workshops_portal:workshop_sessions", args=[workshop.slug])
    assert workshop.member == member and workshop.latitude == member.latitude
    assert workshop.languages == ["fr", "en"]
    today = timezone.localdate()
    response = member_client.post(
        response.url,
        {
            "kind": "series",
            "first_date": (today + datetime.timedelta(days=1)).isoformat(),
            "last_date": (today + datetime.timedelta(days=28)).isoformat(),
            "weekdays": ["2"],
            "start_time": "14:00",
            "capacity": "",
        },
    )
    assert response.status_code == 302
    sessions = Session.objects.filter(workshop=workshop)
    assert sessions.count() == 4
    assert all(timezone.localtime(s.start).hour == 14 and s.capacity == 6 for s in sessions)


def test_workshop_form_errors_keep_input(member_client):
    response = member_client.post(
        reverse("workshops_portal:workshop_create"),
        {
            "title": "Bol",
            "description": "",
            "min_participants": "5",
            "max_participants": "2",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Bol"' in html
    assert "Le maximum doit être au moins égal au minimum." in html
    assert not Workshop.objects.exists()


def test_session_in_the_past_is_refused(member_client, workshop):
    past = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = member_client.post(
        reverse("workshops_portal:workshop_sessions", args=[workshop.slug]), {"kind": "single", "start": past}
    )
    assert response.status_code == 400
    assert "Cette séance a déjà commencé ou est passée." in response.content.decode()


def test_member_cancels_a_session_and_everyone_is_told(
    member_client, session, django_capture_on_commit_callbacks
):
    from django.core import mail

    BookingFactory(session=session, email="a@example.org")
    BookingFactory(session=session, email="b@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            reverse("workshops_portal:session_cancel", args=[session.public_id]), {"reason": "Tour en panne"}
        )
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    told = sorted(m.to[0] for m in mail.outbox if "annulée" in m.subject)
    assert told == ["a@example.org", "b@example.org"]
    assert "Tour en panne" in mail.outbox[0].body


def test_member_marks_attendance_and_downloads_csv(member_client, session):
    booking = BookingFactory(session=session, name="Paul Girard")
    # Attendance is noted once the session has started.
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(
        start=now - datetime.timedelta(hours=1), end=now + datetime.timedelta(hours=1)
    )
    member_client.post(
        reverse("workshops_portal:attendance", args=[session.public_id]),
        {"reference": booking.reference, "attendance": "no_show"},
    )
    booking.refresh_from_db()
    assert booking.attendance == Booking.Attendance.NO_SHOW
    csv = member_client.get(reverse("workshops_portal:participants_csv", args=[session.public_id]))
    text = csv.content.decode("utf-8-sig")
    assert "Paul Girard" in text and booking.reference in text and "absent" in text


def test_member_answers_go_no_go(member_client, workshop):
    session = SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(hours=40))
    services.session_go_no_go_run()
    session.refresh_from_db()
    assert session.decision == Session.Decision.ASKED
    page = member_client.get(reverse("workshops_portal:session_detail", args=[session.public_id]))
    assert "Je maintiens la séance" in page.content.decode()
    member_client.post(reverse("workshops_portal:session_decide", args=[session.public_id]), {"go": "0"})
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED and session.decision == Session.Decision.NO_GO


def test_member_proposes_a_date_to_a_group(member_client, workshop, other_client):
    group = services.group_request_create(
        workshop=workshop,
        group_type="leisure",
        contact_name="Centre",
        email="centre@example.org",
        size=12,
        preferred_dates="Juillet",
    )
    url = reverse("workshops_portal:group_request_propose", args=[group.public_id])
    assert other_client.get(url).status_code == 404
    start = (timezone.localtime() + datetime.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    response = member_client.post(url, {"start": start, "price_per_person": "15", "message": "Avec plaisir"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == GroupRequest.Status.PROPOSED and group.proposed_price == 15


def test_calendar_feed_reset_gives_a_new_address(member_client, member):
    old = services.calendar_feed_get_or_create(member=member).token
    member_client.post(reverse("workshops_portal:calendar_feed"))
    member.workshop_calendar.refresh_from_db()
    assert member.workshop_calendar.token != old


def test_portal_home_shows_next_sessions(member_client, session):
    BookingFactory(session=session, name="Paul Girard")
    html = member_client.get(reverse("pages:portal_home")).content.decode()
    assert "Paul Girard" in html and session.workshop.title in html


def _png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#2f6b4f").save(buffer, format="PNG")
    return buffer.getvalue()


def test_member_adds_and_removes_a_gallery_photo(member_client, workshop, other_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("workshops_portal:workshop_photos", args=[workshop.slug])
    assert other_client.get(url).status_code == 404
    upload = SimpleUploadedFile("bol.png", _png_bytes(), content_type="image/png")
    response = member_client.post(url, {"image": upload, "alt": "Un bol en hêtre sur le tour"})
    assert response.status_code == 302
    photo = workshop.photos.get()
    assert photo.alt == "Un bol en hêtre sur le tour"
    member_client.post(url, {"action": "delete", "photo": str(photo.pk)})
    assert not workshop.photos.exists()


def test_photo_that_is_not_an_image_is_refused_and_nothing_is_stored(member_client, workshop):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("workshops_portal:workshop_photos", args=[workshop.slug])
    fake = SimpleUploadedFile("bol.png", b"not an image at all", content_type="image/png")
    response = member_client.post(url, {"image": fake, "alt": "Bol"})
    assert response.status_code == 400
    assert not workshop.photos.exists()
