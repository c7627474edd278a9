"""Issue 11 point 3: the artisan hears of cancellations and changes, and sees them on the portal home."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.workshops import BookingFactory
from workshops import services

pytestmark = pytest.mark.django_db


def _book(session, party_size=2):
    return services.booking_create(
        session_id=session.pk, name="Léa <Martin> & Cie", email="lea@example.org", party_size=party_size
    )


def _artisan_mails(member_user):
    return [m for m in mail.outbox if member_user.email in m.to]


def test_visitor_cancellation_emails_the_artisan_with_the_seats_now_free(
    session, member_user, django_capture_on_commit_callbacks
):
    booking = _book(session, party_size=3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking_id=booking.pk)
    (message,) = _artisan_mails(member_user)
    assert "Annulation : Tourner un bol" in message.subject
    assert "Léa <Martin> & Cie a annulé sa réservation de 3 places" in message.body
    assert "Places réservées : 0 / 8 — 8 places libres." in message.body
    assert "Remboursé" not in message.body and "réglés en ligne" not in message.body  # paid on site
    # told once even if the task runs again
    from workshops import tasks

    tasks.notify_artisan_booking_cancelled(booking.pk)
    assert len(_artisan_mails(member_user)) == 1


def test_desk_cancellation_reason_reaches_the_artisan(
    session, member_user, staff_user, django_capture_on_commit_callbacks
):
    booking = _book(session)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(
            booking_id=booking.pk,
            actor=staff_user,
            override_deadline=True,
            reason="Malade, a appelé l'accueil",
        )
    booking.refresh_from_db()
    assert booking.cancel_reason == "Malade, a appelé l'accueil"
    (message,) = _artisan_mails(member_user)
    assert "Motif donné par l'accueil : Malade, a appelé l'accueil" in message.body


def test_party_size_change_emails_the_artisan(session, member_user, django_capture_on_commit_callbacks):
    booking = _book(session, party_size=4)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_change_party_size(booking_id=booking.pk, party_size=2)
    (message,) = _artisan_mails(member_user)
    assert "Réservation modifiée" in message.subject
    assert "4 → 2 personnes" in message.body
    assert "6 places libres" in message.body


def test_cancelling_the_whole_session_does_not_send_one_mail_per_booking(
    session, member_user, django_capture_on_commit_callbacks
):
    booking = _book(session)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session_id=session.pk, actor=member_user, reason="Four en panne")
    from workshops import tasks

    tasks.notify_artisan_booking_cancelled(booking.pk)
    assert not [m for m in _artisan_mails(member_user) if "Annulation :" in m.subject]


def test_portal_home_lists_recent_cancellations(member_client, session, other_session):
    from django.utils import timezone

    BookingFactory(session=session, name="Paul Annule", status="cancelled", cancelled_at=timezone.now())
    BookingFactory(session=session, name="Marie Reste")
    BookingFactory(
        session=other_session, name="Autre Membre", status="cancelled", cancelled_at=timezone.now()
    )
    text = member_client.get(reverse("pages:portal_home")).content.decode()
    assert "Annulations récentes (14 jours)" in text
    assert "Paul Annule" in text
    assert "Autre Membre" not in text
