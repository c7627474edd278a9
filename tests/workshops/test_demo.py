import pytest

from network import demo as network_demo
from workshops import demo
from workshops.models import Booking, Review, Session, WaitlistEntry, Workshop
from workshops.selectors import session_public_upcoming

pytestmark = pytest.mark.django_db


def test_demo_loads_workshops_with_full_sessions_waitlists_and_reviews_and_is_idempotent():
    network_demo.load()
    demo.load()
    counts = [
        Workshop.objects.count(),
        Session.objects.count(),
        Booking.objects.count(),
        WaitlistEntry.objects.count(),
        Review.objects.count(),
    ]
    demo.load()
    assert [
        Workshop.objects.count(),
        Session.objects.count(),
        Booking.objects.count(),
        WaitlistEntry.objects.count(),
        Review.objects.count(),
    ] == counts
    assert Workshop.objects.filter(member__slug="atelier-du-tourneur").exists()
    assert Workshop.objects.values("member").distinct().count() >= 10
    assert session_public_upcoming().filter(seats_left__lte=0).exists()
    assert WaitlistEntry.objects.filter(status="waiting").exists()
    assert Review.objects.filter(status="approved").exists()
    assert all(s.seats_booked <= s.capacity for s in Session.objects.all())
    # Both ways of paying show in the demo: card only, and card or on site.
    assert {True, False} == set(Workshop.objects.values_list("pay_on_site_allowed", flat=True))


def test_demo_loaded_again_a_week_later_keeps_every_session_within_capacity(monkeypatch):
    import datetime
    import types

    from django.utils import timezone

    network_demo.load()
    demo.load()
    later = types.SimpleNamespace(
        now=lambda: timezone.now() + datetime.timedelta(days=7),
        localdate=lambda: timezone.localdate() + datetime.timedelta(days=7),
    )
    monkeypatch.setattr(demo, "timezone", later)
    demo.load()
    for session in Session.objects.all():
        booked = sum(b.party_size for b in session.bookings.filter(status="confirmed"))
        assert booked == session.seats_booked <= session.capacity
