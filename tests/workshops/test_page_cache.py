"""The anonymous page cache of the catalogue and workshop pages: served from the cache with one
query, never stale after a change of seats, prices, dates or publication, never shared with a
signed-in visitor, and each visitor gets its own CSRF token."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory
from tests.localstripe import localstripe_url, stripe_on  # noqa: F401
from tests.workshops.conftest import get_ok
from workshops import services
from workshops.models import CatalogueChange, Session, Workshop

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def workshop(member):
    return WorkshopFactory(member=member, title="Tourner un bol", slug="bol", price=Decimal("35.00"))


@pytest.fixture
def session(workshop):
    return SessionFactory(workshop=workshop, capacity=2)


def test_second_view_is_served_from_the_cache_with_one_query(session, workshop):
    visitor = Client()
    first = get_ok(visitor, workshop.get_absolute_url())
    with CaptureQueriesContext(connection) as ctx:
        second = get_ok(visitor, workshop.get_absolute_url())
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert len(ctx.captured_queries) == 1  # the stamp
    assert second.content.decode().count("Tourner un bol") == first.content.decode().count("Tourner un bol")


def test_booking_the_last_seats_shows_complet_on_the_next_view(session, workshop):
    visitor = Client()
    assert "Complet" not in get_ok(visitor, workshop.get_absolute_url()).content.decode()
    get_ok(visitor, reverse("workshops:catalogue"))

    services.booking_create(session_id=session.pk, name="Zoé", email="zoe@example.org", party_size=2)

    page = get_ok(visitor, workshop.get_absolute_url())
    assert page["X-Page-Cache"] == "miss" and "Complet" in page.content.decode()
    assert get_ok(visitor, reverse("workshops:catalogue"))["X-Page-Cache"] == "miss"


def test_a_cancellation_gives_the_seats_back_at_once(session, workshop):
    booking = BookingFactory(session=session, party_size=2)
    visitor = Client()
    assert "Complet" in get_ok(visitor, workshop.get_absolute_url()).content.decode()

    services.booking_cancel(booking_id=booking.pk)

    assert "Complet" not in get_ok(visitor, workshop.get_absolute_url()).content.decode()


def test_a_new_price_a_new_date_and_unpublishing_show_at_once(session, workshop):
    visitor = Client()
    get_ok(visitor, workshop.get_absolute_url())

    Workshop.objects.filter(pk=workshop.pk).update(price=Decimal("42.00"))
    assert "42,00" in get_ok(visitor, workshop.get_absolute_url()).content.decode()

    new_start = session.start + datetime.timedelta(days=3, hours=2)
    Session.objects.filter(pk=session.pk).update(start=new_start, end=new_start + datetime.timedelta(hours=2))
    page = get_ok(visitor, workshop.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"

    Workshop.objects.filter(pk=workshop.pk).update(is_published=False)
    assert visitor.get(workshop.get_absolute_url()).status_code == 404


def test_signed_in_visitors_and_visitors_with_a_session_are_never_served_a_shared_page(
    session, workshop, member_client
):
    get_ok(Client(), workshop.get_absolute_url())
    mine = member_client.get(workshop.get_absolute_url())
    assert "X-Page-Cache" not in mine
    assert "Se déconnecter" in mine.content.decode()


def test_each_visitor_gets_its_own_csrf_token_and_can_post_from_a_cached_page(session, workshop):
    get_ok(Client(), workshop.get_absolute_url())
    strict = Client(enforce_csrf_checks=True)
    page = get_ok(strict, workshop.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    html = page.content.decode()
    assert "@@csrf@@" not in html
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = strict.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_pages_are_cached_per_language(session, workshop):
    french = get_ok(Client(), workshop.get_absolute_url()).content.decode()
    english_client = Client()
    english_client.cookies["django_language"] = "en"
    english = english_client.get(workshop.get_absolute_url()).content.decode()
    assert '<html lang="fr">' in french and '<html lang="en">' in english


def test_every_write_to_the_tables_the_pages_show_records_a_change(session, workshop, member):
    before = CatalogueChange.objects.count()
    Workshop.objects.filter(pk=workshop.pk).update(title="Autre titre")
    Session.objects.filter(pk=session.pk).update(capacity=3)
    BookingFactory(session=session)
    member.name = "Atelier renommé"
    member.save()
    assert CatalogueChange.objects.count() >= before + 4


def test_old_changes_are_pruned(session):
    CatalogueChange.objects.update(at=CatalogueChange.objects.first().at - datetime.timedelta(hours=2))
    assert services.catalogue_changes_prune() >= 1
    assert not CatalogueChange.objects.exists()


def test_the_prune_keeps_the_last_two_minutes_and_moves_the_stamp(session):
    from workshops import selectors

    now = timezone.now()
    CatalogueChange.objects.all().delete()
    CatalogueChange.objects.bulk_create(
        [CatalogueChange(at=now - datetime.timedelta(seconds=s)) for s in (10, 90, 150, 600)]
    )
    before = selectors.catalogue_stamp()
    assert services.catalogue_changes_prune() == 2
    assert sorted(CatalogueChange.objects.values_list("at", flat=True)) == [
        now - datetime.timedelta(seconds=90),
        now - datetime.timedelta(seconds=10),
    ]
    assert selectors.catalogue_stamp() != before


def test_browsers_revalidate_with_an_etag_and_get_an_empty_304_until_the_seats_change(session, workshop):
    """Issue 18: ``ETag`` + ``Cache-Control: private, no-cache`` on anonymous pages; a 304 while
    the data is the same (no body, no new CSP nonce), a full page once a booking changed it."""
    visitor = Client()
    url = workshop.get_absolute_url()
    first = get_ok(visitor, url)
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert first["Cache-Control"] == "private, no-cache"
    assert "Cookie" in first["Vary"]
    assert "csrftoken" in visitor.cookies  # the page's form gave the visitor its CSRF cookie

    with CaptureQueriesContext(connection) as ctx:
        again = visitor.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "Content-Security-Policy" not in again  # the stored page keeps the nonce it was sent with
    assert len(ctx.captured_queries) == 1  # the stamp

    BookingFactory(session=session, party_size=2)
    changed = visitor.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Complet" in changed.content.decode()


def test_no_304_without_the_csrf_cookie_nor_for_a_signed_in_visitor(session, workshop, member_user):
    url = workshop.get_absolute_url()
    etag = get_ok(Client(), url)["ETag"]
    # A visitor whose CSRF cookie is gone gets the whole page (and a new token with its cookie).
    stranger = Client()
    response = stranger.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    # A signed-in visitor never gets a shared page nor its validators.
    signed_in = Client()
    signed_in.force_login(member_user)
    response = signed_in.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "ETag" not in response or response["ETag"] != etag


# --- every change of seats, prices, dates and publication, seen on both pages at once ----------
# Each test first views the catalogue and the workshop page (cached, with their fragments), then
# changes something through the service that does it in real life, then a fresh anonymous visitor
# sees the new state on both pages.


def _booking_url(session) -> str:
    return reverse("workshops:booking_create", args=[session.workshop.slug, session.public_id])


def _both(url) -> tuple[str, str]:
    visitor = Client()
    return (
        get_ok(visitor, reverse("workshops:catalogue")).content.decode(),
        get_ok(visitor, url).content.decode(),
    )


def _when(session) -> tuple[str, str]:
    """The date as the card (short) and the page (long) write it."""
    from django.utils import timezone

    from common.templatetags.maillage_dates import when_long, when_short

    local = timezone.localtime(session.start)
    return when_short(local), when_long(local, "year")


def test_the_last_seats_booked_leave_the_card_and_say_complet_on_the_page(session, workshop):
    catalogue, page = _both(workshop.get_absolute_url())
    assert _booking_url(session) in catalogue and "Complet" not in page

    services.booking_create(session_id=session.pk, name="Zoé", email="zoe@example.org", party_size=2)

    catalogue, page = _both(workshop.get_absolute_url())
    assert _booking_url(session) not in catalogue
    assert "Pas de date avec des places pour le moment." in catalogue
    assert "Complet" in page


def test_a_cancellation_puts_the_date_back_on_the_card_and_the_page(session, workshop):
    booking = services.booking_create(
        session_id=session.pk, name="Zoé", email="zoe@example.org", party_size=2
    )
    catalogue, page = _both(workshop.get_absolute_url())
    assert _booking_url(session) not in catalogue and "Complet" in page

    services.booking_cancel(booking_id=booking.pk)

    catalogue, page = _both(workshop.get_absolute_url())
    assert _booking_url(session) in catalogue and "2 places" in catalogue
    assert "Complet" not in page and _booking_url(session) in page


def test_one_seat_booked_changes_the_count_on_both_pages(session, workshop):
    catalogue, page = _both(workshop.get_absolute_url())
    assert "Plus que 2 places" in catalogue and "Plus que 2 places" in page

    services.booking_create(session_id=session.pk, name="Zoé", email="zoe@example.org", party_size=1)

    catalogue, page = _both(workshop.get_absolute_url())
    assert "Plus que 1 place" in catalogue and "Plus que 1 place" in page
    assert "Plus que 2 places" not in catalogue + page


def test_a_payment_hold_takes_the_seats_and_its_expiry_gives_them_back(
    stripe_on,  # noqa: F811 - the localstripe fixture
    session,
    workshop,
):
    """Card payment: the seats are held while the visitor pays; the expiry sweep of the payments
    app releases them (pages.payment_hooks → booking_hold_release)."""
    import uuid

    from django.conf import settings
    from django.utils import timezone

    from payments import services as payment_services
    from payments.models import Payment

    _both(workshop.get_absolute_url())
    response = Client().post(
        _booking_url(session),
        {
            "party_size": "2",
            "children": "0",
            "name": "Léa",
            "email": "lea@example.org",
            "phone": "06 12 34 56 78",
            "idempotency_key": uuid.uuid4().hex,
            "action": "book",
        },
    )
    assert response.status_code == 302 and Payment.objects.count() == 1  # held, not paid

    catalogue, page = _both(workshop.get_absolute_url())
    assert _booking_url(session) not in catalogue and "Complet" in page

    later = timezone.now() + datetime.timedelta(minutes=settings.PAYMENTS_HOLD_MINUTES + 1)
    assert payment_services.payments_expire_due(now=later) == 1

    catalogue, page = _both(workshop.get_absolute_url())
    assert _booking_url(session) in catalogue and "Complet" not in page


def test_a_waitlist_offer_holds_the_seats_until_it_runs_out(session, workshop):
    from django.utils import timezone

    from workshops.models import WaitlistEntry

    _both(workshop.get_absolute_url())
    now = timezone.now()
    WaitlistEntry.objects.create(
        session=session,
        name="Liste",
        email="liste@example.org",
        party_size=2,
        status=WaitlistEntry.Status.OFFERED,
        offered_at=now,
        offer_expires_at=now + datetime.timedelta(hours=12),
    )
    catalogue, page = _both(workshop.get_absolute_url())
    assert _booking_url(session) not in catalogue and "Complet" in page

    assert services.waitlist_expire_offers(now=now + datetime.timedelta(hours=13)) == 1

    catalogue, page = _both(workshop.get_absolute_url())
    assert _booking_url(session) in catalogue and "Complet" not in page


def test_a_new_date_shows_on_the_card_and_the_page(session, workshop, member_user):
    _both(workshop.get_absolute_url())
    start = session.start - datetime.timedelta(days=2)

    new = services.session_create(workshop=workshop, start=start, capacity=5, actor=member_user)

    catalogue, page = _both(workshop.get_absolute_url())
    short, long = _when(new)
    assert _booking_url(new) in catalogue and short in catalogue
    assert _booking_url(new) in page and long in page


def test_a_moved_date_shows_its_new_time_on_the_card_and_the_page(session, workshop):
    catalogue, page = _both(workshop.get_absolute_url())
    old_short, old_long = _when(session)
    assert old_short in catalogue and old_long in page

    start = session.start + datetime.timedelta(days=3, hours=2)
    Session.objects.filter(pk=session.pk).update(start=start, end=start + datetime.timedelta(hours=2))
    session.refresh_from_db()

    catalogue, page = _both(workshop.get_absolute_url())
    short, long = _when(session)
    assert short in catalogue and old_short not in catalogue
    assert long in page and old_long not in page


def test_a_cancelled_date_leaves_the_card_and_the_page(session, workshop, member_user):
    catalogue, page = _both(workshop.get_absolute_url())
    assert _booking_url(session) in catalogue and _booking_url(session) in page

    services.session_cancel(session_id=session.pk, actor=member_user)

    catalogue, page = _both(workshop.get_absolute_url())
    assert _booking_url(session) not in catalogue and _booking_url(session) not in page
    assert "Pas de date avec des places pour le moment." in catalogue


def test_a_new_price_shows_on_the_card_and_the_page(session, workshop, member_user):
    catalogue, page = _both(workshop.get_absolute_url())
    assert "35,00" in catalogue and "35,00" in page

    services.workshop_update(
        workshop=Workshop.objects.get(pk=workshop.pk), actor=member_user, price=Decimal("42.00")
    )

    catalogue, page = _both(workshop.get_absolute_url())
    assert "42,00" in catalogue and "35,00" not in catalogue
    assert "42,00" in page and "35,00" not in page


def test_unpublishing_and_publishing_again_show_at_once(session, workshop, member_user):
    url = workshop.get_absolute_url()
    catalogue, _page = _both(url)
    assert url in catalogue

    services.workshop_update(
        workshop=Workshop.objects.get(pk=workshop.pk), actor=member_user, is_published=False
    )
    visitor = Client()
    assert url not in get_ok(visitor, reverse("workshops:catalogue")).content.decode()
    assert visitor.get(url).status_code == 404

    services.workshop_update(
        workshop=Workshop.objects.get(pk=workshop.pk), actor=member_user, is_published=True
    )
    catalogue, page = _both(url)
    assert url in catalogue and _booking_url(session) in catalogue and _booking_url(session) in page


def test_a_review_approved_shows_its_score_on_the_card_and_the_page(session, workshop, staff_user):
    from workshops.models import Review

    booking = BookingFactory(session=session, party_size=1)
    review = Review.objects.create(
        booking=booking, workshop=workshop, score=9, comment="Superbe", author_name="Léa"
    )
    catalogue, page = _both(workshop.get_absolute_url())
    assert "Note des participants" not in catalogue and "Superbe" not in page

    services.review_moderate(review_id=review.pk, approve=True, actor=staff_user)

    catalogue, page = _both(workshop.get_absolute_url())
    assert "Note des participants : 9,0 / 10" in catalogue
    assert "Superbe" in page and "9,0 / 10 sur 1 avis" in page


def test_a_new_commune_is_in_the_filter_at_once():
    from tests.factories.network import CommuneFactory

    visitor = Client()
    assert "Villard-Neuf" not in get_ok(visitor, reverse("workshops:catalogue")).content.decode()
    CommuneFactory(name="Villard-Neuf")
    assert "Villard-Neuf" in get_ok(visitor, reverse("workshops:catalogue")).content.decode()
