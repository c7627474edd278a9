"""The anonymous page cache of the catalogue and workshop pages: served from the cache with one
query, never stale after a change of seats, prices, dates or publication, never shared with a
signed-in visitor, and each visitor gets its own CSRF token."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory
from workshops import services
from workshops.models import CatalogueChange, Session, Workshop

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _page_cache():
    cache.clear()
    with override_settings(PAGE_CACHE_ENABLED=True):
        yield
    cache.clear()


@pytest.fixture
def workshop(member):
    return WorkshopFactory(member=member, title="Tourner un bol", slug="bol", price=Decimal("35.00"))


@pytest.fixture
def session(workshop):
    return SessionFactory(workshop=workshop, capacity=2)


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_second_view_is_served_from_the_cache_with_one_query(session, workshop):
    visitor = Client()
    first = _get(visitor, workshop.get_absolute_url())
    with CaptureQueriesContext(connection) as ctx:
        second = _get(visitor, workshop.get_absolute_url())
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert len(ctx.captured_queries) == 1  # the stamp
    assert second.content.decode().count("Tourner un bol") == first.content.decode().count("Tourner un bol")


def test_booking_the_last_seats_shows_complet_on_the_next_view(session, workshop):
    visitor = Client()
    assert "Complet" not in _get(visitor, workshop.get_absolute_url()).content.decode()
    _get(visitor, reverse("workshops:catalogue"))

    services.booking_create(session_id=session.pk, name="Zoé", email="zoe@example.org", party_size=2)

    page = _get(visitor, workshop.get_absolute_url())
    assert page["X-Page-Cache"] == "miss" and "Complet" in page.content.decode()
    assert _get(visitor, reverse("workshops:catalogue"))["X-Page-Cache"] == "miss"


def test_a_cancellation_gives_the_seats_back_at_once(session, workshop):
    booking = BookingFactory(session=session, party_size=2)
    visitor = Client()
    assert "Complet" in _get(visitor, workshop.get_absolute_url()).content.decode()

    services.booking_cancel(booking_id=booking.pk)

    assert "Complet" not in _get(visitor, workshop.get_absolute_url()).content.decode()


def test_a_new_price_a_new_date_and_unpublishing_show_at_once(session, workshop):
    visitor = Client()
    _get(visitor, workshop.get_absolute_url())

    Workshop.objects.filter(pk=workshop.pk).update(price=Decimal("42.00"))
    assert "42,00" in _get(visitor, workshop.get_absolute_url()).content.decode()

    new_start = session.start + datetime.timedelta(days=3, hours=2)
    Session.objects.filter(pk=session.pk).update(start=new_start, end=new_start + datetime.timedelta(hours=2))
    page = _get(visitor, workshop.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"

    Workshop.objects.filter(pk=workshop.pk).update(is_published=False)
    assert visitor.get(workshop.get_absolute_url()).status_code == 404


def test_signed_in_visitors_and_visitors_with_a_session_are_never_served_a_shared_page(
    session, workshop, member_client
):
    _get(Client(), workshop.get_absolute_url())
    mine = member_client.get(workshop.get_absolute_url())
    assert "X-Page-Cache" not in mine
    assert "Se déconnecter" in mine.content.decode()


def test_each_visitor_gets_its_own_csrf_token_and_can_post_from_a_cached_page(session, workshop):
    _get(Client(), workshop.get_absolute_url())
    strict = Client(enforce_csrf_checks=True)
    page = _get(strict, workshop.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    html = page.content.decode()
    assert "@@csrf@@" not in html
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = strict.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_pages_are_cached_per_language(session, workshop):
    french = _get(Client(), workshop.get_absolute_url()).content.decode()
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


def test_browsers_revalidate_with_an_etag_and_get_an_empty_304_until_the_seats_change(session, workshop):
    """Issue 18: ``ETag`` + ``Cache-Control: private, no-cache`` on anonymous pages; a 304 while
    the data is the same (no body, no new CSP nonce), a full page once a booking changed it."""
    visitor = Client()
    url = workshop.get_absolute_url()
    first = _get(visitor, url)
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
    etag = _get(Client(), url)["ETag"]
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
