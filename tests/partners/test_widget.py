"""The booking widget pages (framed by partners' sites) and the portal's embed page."""

import pytest

from tests.factories.workshops import SessionFactory, WorkshopFactory
from tests.localstripe import localstripe_url, stripe_on  # noqa: F401
from workshops.models import Booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(member):
    return SessionFactory(
        workshop=WorkshopFactory(member=member, title="Tournage d'un bol", slug="bol"), capacity=4
    )


def test_widget_list_shows_a_members_workshops_and_may_be_framed(client, session, other_member):
    WorkshopFactory(member=other_member, title="Vannerie")

    response = client.get("/partenaires/widget/ateliers/", {"membre": session.workshop.member.slug})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tournage d&#x27;un bol" in html and "Vannerie" not in html
    assert "X-Frame-Options" not in response
    assert "Réserver (4 places)" in html


def test_widget_speaks_the_language_the_host_page_asks(client, session):
    html = client.get("/partenaires/widget/ateliers/", {"membre": session.workshop.member.slug, "lang": "en"})
    assert '<html lang="en">' in html.content.decode()
    assert "Book (4 seats)" in html.content.decode()
    # The site's own pages stay French for this visitor.
    assert '<html lang="fr">' in client.get("/").content.decode()


def test_widget_without_member_or_antenna_says_what_to_set(client, session):
    html = client.get("/partenaires/widget/ateliers/").content.decode()
    assert "data-membre" in html


def test_widget_books_without_a_csrf_cookie_and_confirms_in_the_frame(session):
    from django.test import Client

    framed = Client(enforce_csrf_checks=True)
    url = f"/partenaires/widget/ateliers/bol/seances/{session.public_id}/"
    response = framed.post(
        url,
        {
            "name": "Zoé O'Brien",
            "email": "zoe@example.org",
            "party_size": "2",
            "children": "0",
            "lang": "en",
            "idempotency_key": "k1",
        },
    )

    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.party_size == 2 and booking.language == "en"
    done = framed.get(response["Location"])
    assert booking.reference in done.content.decode()
    # The same form sent twice books once.
    framed.post(
        url,
        {
            "name": "Zoé O'Brien",
            "email": "zoe@example.org",
            "party_size": "2",
            "children": "0",
            "idempotency_key": "k1",
        },
    )
    assert Booking.objects.count() == 1


def test_widget_bad_input_keeps_what_was_typed_and_books_nothing(client, session):
    response = client.post(
        f"/partenaires/widget/ateliers/bol/seances/{session.public_id}/",
        {"name": "Zoé", "email": "pas-un-email", "party_size": "2"},
    )
    html = response.content.decode()
    assert response.status_code == 400 and 'value="Zoé"' in html and "e-mail" in html.lower()
    assert not Booking.objects.exists()


def test_widget_too_many_seats_says_how_many_are_left(client, session):
    response = client.post(
        f"/partenaires/widget/ateliers/bol/seances/{session.public_id}/",
        {"name": "Zoé", "email": "zoe@example.org", "party_size": "6", "children": "0"},
    )
    assert response.status_code in (400, 409)
    assert not Booking.objects.exists()


def test_portal_embed_page_gives_the_members_own_snippet(member_client, member):
    html = member_client.get("/portail/partenaires/integrer/").content.decode()
    assert f"data-membre=&quot;{member.slug}&quot;" in html and "widget.js" in html
    en = member_client.get("/portail/partenaires/integrer/", {"lang": "en"}).content.decode()
    assert "data-lang=&quot;en&quot;" in en


def test_portal_embed_page_needs_a_member(visitor, plain_user):
    assert visitor.get("/portail/partenaires/integrer/").status_code == 302
    from django.test import Client

    client = Client()
    client.force_login(plain_user)
    assert client.get("/portail/partenaires/integrer/").status_code == 403


def test_the_workshops_portal_page_links_to_the_embed_page(member_client):
    html = member_client.get("/portail/ateliers/").content.decode()
    assert 'href="/portail/partenaires/integrer/"' in html


def _widget_post(client, session):
    return client.post(
        f"/partenaires/widget/ateliers/bol/seances/{session.public_id}/",
        {"name": "Zoé O'Brien", "email": "zoe@example.org", "party_size": "1", "children": "0"},
    )


def test_with_card_payment_on_a_card_only_workshop_is_booked_on_the_offices_site(
    client,
    session,
    stripe_on,  # noqa: F811
    settings,
):
    settings.SITE_URL = "https://maillage.example.org"
    url = f"/partenaires/widget/ateliers/bol/seances/{session.public_id}/"
    html = client.get(url).content.decode()
    booking_url = f"https://maillage.example.org/ateliers/bol/seances/{session.public_id}/reserver/"
    assert f'href="{booking_url}"' in html and 'target="_blank"' in html
    assert 'name="party_size"' not in html
    # A form sent anyway (an old page) books nothing: the card is not walked around.
    assert _widget_post(client, session).status_code == 409
    assert not Booking.objects.exists()


def test_with_card_payment_on_a_pay_on_site_workshop_books_in_the_widget_without_a_choice(
    client,
    session,
    stripe_on,  # noqa: F811
):
    session.workshop.pay_on_site_allowed = True
    session.workshop.save()
    html = client.get(f"/partenaires/widget/ateliers/bol/seances/{session.public_id}/").content.decode()
    assert 'name="payment_choice"' not in html and 'name="party_size"' in html
    assert _widget_post(client, session).status_code == 302
    assert Booking.objects.get().status == Booking.Status.CONFIRMED
