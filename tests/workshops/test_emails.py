"""Every workshops email goes out as text and HTML, in its recipient's language."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from tests.factories.network import UserFactory
from tests.factories.workshops import BookingFactory, SessionFactory
from workshops import tasks
from workshops.models import Booking, GroupRequest, Review, Session, WaitlistEntry

pytestmark = pytest.mark.django_db


def html_of(message) -> str:
    (alternative,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return alternative


def assert_text_and_html(message, *, language: str = "fr") -> str:
    html = html_of(message)
    assert f'<html lang="{language}">' in html
    assert "{%" not in html and "{{" not in html and "{%" not in message.body
    assert message.body.strip() and "<p>" not in message.body
    return html


def waitlist_entry(session, **kwargs) -> WaitlistEntry:
    fields = {"name": "Jeanne Attente", "email": "jeanne@example.org", "party_size": 2}
    fields.update(kwargs)
    return WaitlistEntry.objects.create(session=session, **fields)


def test_visitor_emails_have_a_text_and_an_html_part_in_the_booking_language(session):
    booking = BookingFactory(session=session, name="Léa <b>Martin</b>", language="en")
    tasks.send_booking_confirmation(booking.pk)
    tasks.send_booking_changed(booking.pk, booking.party_size)
    tasks.send_reminder(booking.pk)
    tasks.send_survey(booking.pk)
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)
    tasks.send_booking_cancelled(booking.pk)

    assert len(mail.outbox) == 5
    for message in mail.outbox:
        html = assert_text_and_html(message, language="en")
        assert "Léa &lt;b&gt;Martin&lt;/b&gt;" in html  # what visitors type is escaped in HTML
    confirmation = html_of(mail.outbox[0])
    assert booking.reference in confirmation and booking.manage_token in confirmation
    (ics,) = mail.outbox[0].attachments
    assert Calendar.from_ical(ics[1]).walk("VEVENT")


def test_waitlist_emails_have_both_parts_and_link_to_other_dates(session, workshop):
    later = SessionFactory(workshop=workshop, start=session.start + datetime.timedelta(days=3))
    entry = waitlist_entry(
        session,
        status=WaitlistEntry.Status.OFFERED,
        offered_at=timezone.now(),
        offer_expires_at=timezone.now() + datetime.timedelta(hours=12),
        language="en",
    )
    tasks.send_waitlist_offer(entry.pk)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    tasks.send_waitlist_session_cancelled(entry.pk)

    offer, cancelled = mail.outbox
    assert entry.token in assert_text_and_html(offer, language="en")
    assert str(later.public_id) in assert_text_and_html(cancelled, language="en")


def test_group_emails_follow_the_language_the_request_was_written_in(workshop, member_user):
    request = GroupRequest.objects.create(
        workshop=workshop,
        group_type=GroupRequest.GroupType.SCHOOL,
        contact_name="Mme Durand",
        email="ecole@example.org",
        size=20,
        preferred_dates="Un mardi de mai",
        language="en",
        status=GroupRequest.Status.PROPOSED,
        proposed_start=timezone.now() + datetime.timedelta(days=30),
        proposed_price=12,
    )
    tasks.notify_group_request(request.pk)
    tasks.send_group_proposal(request.pk, request.proposed_start.isoformat())

    to_artisan, to_group = mail.outbox
    assert member_user.email in to_artisan.to
    assert_text_and_html(to_artisan, language="fr")
    assert to_group.to == ["ecole@example.org"]
    assert request.token in assert_text_and_html(to_group, language="en")


def test_artisan_emails_go_to_each_account_in_its_own_language(session, member, member_user):
    english = UserFactory(email="partner@example.org", member=member, language="en")
    booking = BookingFactory(session=session)
    tasks.notify_artisan_new_booking(booking.pk)
    tasks.notify_artisan_new_booking(booking.pk)  # redelivered: nobody gets it twice

    by_language = {}
    for message in mail.outbox:
        lang = "en" if '<html lang="en">' in html_of(message) else "fr"
        by_language[lang] = sorted(message.to)
        assert_text_and_html(message, language=lang)
    assert by_language == {
        "fr": sorted([member.email, member_user.email]),
        "en": [english.email],
    }


def test_go_no_go_and_review_emails_have_both_parts(session, workshop, member_user):
    Session.objects.filter(pk=session.pk).update(
        decision=Session.Decision.ASKED, decision_asked_at=timezone.now()
    )
    tasks.send_go_no_go_request(session.pk)
    past = SessionFactory(workshop=workshop, start=timezone.now() - datetime.timedelta(days=2))
    review = Review.objects.create(
        booking=BookingFactory(session=past), workshop=workshop, score=9, comment="Super", author_name="Paul"
    )
    tasks.notify_artisan_review(review.pk)

    go_no_go, review_email = mail.outbox
    assert str(session.public_id) in assert_text_and_html(go_no_go)
    assert "Super" in assert_text_and_html(review_email)


def test_cancellation_email_carries_an_ics_that_removes_the_event(db, django_capture_on_commit_callbacks):
    import icalendar
    from django.core import mail

    from tests.factories.workshops import BookingFactory
    from workshops import services

    booking = BookingFactory()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking_id=booking.pk)

    [message] = [m for m in mail.outbox if booking.email in m.to]
    [(name, content, mimetype)] = [a for a in message.attachments if a[2] == "text/calendar"]
    cal = icalendar.Calendar.from_ical(content)
    assert str(cal["method"]) == "CANCEL"
    [event] = cal.walk("VEVENT")
    assert str(event["uid"]) == f"booking-{booking.reference}@maillage"
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 1


def test_joining_a_waitlist_sends_an_acknowledgement(db, django_capture_on_commit_callbacks):
    from django.core import mail

    from tests.factories.workshops import SessionFactory
    from workshops import services

    session = SessionFactory(capacity=1)
    services.booking_create(session_id=session.pk, name="Paul", email="paul@example.org", party_size=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.waitlist_join(
            session_id=session.pk, name="Zoé O'Brien", email="zoe@example.org", party_size=2
        )

    [message] = [m for m in mail.outbox if m.to == ["zoe@example.org"]]
    assert "liste d'attente" in message.subject and session.workshop.title in message.subject
    assert "12 heures" in message.body and "pour 2 personnes" in message.body
