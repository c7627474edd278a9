"""The workshop page's shell (issue 18): for anonymous visitors the page is a cached shell (all but
the dates) plus the dates read fresh at every render. A change of seats reuses the shell and reads
the dates only; a change of anything the shell shows gives a new shell at once; each visitor gets
its own CSRF token and CSP nonce; the page is the same as a full render."""

import json
import random
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.models import CharterSignature, Commune, Craft
from tests.factories.network import CharterVersionFactory
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory
from tests.workshops.conftest import get_ok
from workshops import selectors, services
from workshops.models import CatalogueChange, Session, WaitlistEntry, Workshop, WorkshopPhoto

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

NONCE = re.compile(r'nonce="([^"]+)"')
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def workshop(member):
    return WorkshopFactory(
        member=member, title="Bols & tasses d'<argile>", slug="bol", price=Decimal("35.00")
    )


@pytest.fixture
def session(workshop):
    return SessionFactory(workshop=workshop, capacity=6)


def _sql(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries]


def test_after_a_booking_the_page_reads_its_dates_only_and_shows_the_new_seats(session, workshop):
    first = get_ok(Client(), workshop.get_absolute_url()).content.decode()
    assert "6 places libres" in first

    services.booking_create(session_id=session.pk, name="Zoé", email="zoe@example.org", party_size=2)

    with CaptureQueriesContext(connection) as ctx:
        page = get_ok(Client(), workshop.get_absolute_url())
    html = page.content.decode()
    assert page["X-Page-Cache"] == "miss"  # the page stamp moved…
    assert "4 places libres" in html and "6 places libres" not in html
    # … but the shell did not: the page stamp, the dates, the shell's stamp. No workshop row read.
    queries = _sql(ctx)
    assert len(queries) == 3, queries
    assert not any('FROM "workshops_workshop"' in q for q in queries)
    assert html.count("Bols &amp; tasses d&#x27;&lt;argile&gt;") == first.count(
        "Bols &amp; tasses d&#x27;&lt;argile&gt;"
    )


def test_the_last_seat_booked_says_complet_and_sold_out_in_the_events(session, workshop):
    get_ok(Client(), workshop.get_absolute_url())
    services.booking_create(session_id=session.pk, name="Zoé", email="zoe@example.org", party_size=6)
    html = get_ok(Client(), workshop.get_absolute_url()).content.decode()
    assert "Complet" in html
    events = json.loads(JSONLD.search(html).group(1))["@graph"]
    assert [e["offers"]["availability"] for e in events] == ["https://schema.org/SoldOut"]


def test_the_shell_filled_page_is_the_full_render(session, workshop, member):
    SessionFactory(workshop=workshop, start=session.start + timedelta(days=7), capacity=5)
    BookingFactory(session=session, party_size=1)
    anonymous = Client()
    get_ok(anonymous, workshop.get_absolute_url())  # builds the shell
    Session.objects.filter(pk=session.pk).update(seats_booked=2)  # seats only: the shell stays
    shell_page = get_ok(anonymous, workshop.get_absolute_url()).content.decode()
    with override_settings(PAGE_CACHE_ENABLED=False):
        full_page = get_ok(Client(), workshop.get_absolute_url()).content.decode()

    def comparable(html: str) -> str:
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
        return NONCE.sub("", html)

    assert comparable(shell_page) == comparable(full_page)
    assert "4 places libres" in shell_page and "5 places libres" in shell_page


@pytest.mark.parametrize(
    "change",
    [
        "price",
        "title",
        "member",
        "commune",
        "craft",
        "photo",
        "charter",
        "review",
        "unpublish",
    ],
)
def test_a_change_the_shell_shows_gives_a_new_shell_at_once(change, session, workshop, member, member_user):
    get_ok(Client(), workshop.get_absolute_url())
    expected = None
    if change == "price":
        services.workshop_update(workshop=workshop, actor=member_user, price=Decimal("42.50"))
        expected = "42,50"
    elif change == "title":
        Workshop.objects.filter(pk=workshop.pk).update(title="Raku & cuisson")
        expected = "Raku &amp; cuisson"
    elif change == "member":
        member.name = "Atelier d'Alice & fils"
        member.save()
        expected = "Atelier d&#x27;Alice &amp; fils"
    elif change == "commune":
        Commune.objects.filter(pk=workshop.commune_id).update(name="Saint-Pierre-d'Entremont")
        expected = "Saint-Pierre-d&#x27;Entremont"
    elif change == "craft":
        Craft.objects.filter(pk=workshop.craft_id).update(name="Céramique <raku>")
        expected = "Céramique &lt;raku&gt;"
    elif change == "photo":
        WorkshopPhoto.objects.create(workshop=workshop, image="workshops/bol.jpg", alt="Un bol émaillé vert")
        expected = "Un bol émaillé vert"
    elif change == "charter":
        CharterSignature.objects.create(member=member, version=CharterVersionFactory())
        expected = "Signataire de la charte du réseau"
    elif change == "review":
        booking = BookingFactory(session=session, party_size=1)
        Session.objects.filter(pk=session.pk).update(
            start=timezone.now() - timedelta(days=1, hours=3), end=timezone.now() - timedelta(days=1)
        )
        review = services.review_submit(booking_id=booking.pk, score=9, comment="Un moment rare.")
        services.review_moderate(review_id=review.pk, approve=True, actor=None)
        expected = "Un moment rare."
    elif change == "unpublish":
        Workshop.objects.filter(pk=workshop.pk).update(is_published=False)
        assert Client().get(workshop.get_absolute_url()).status_code == 404
        return
    html = get_ok(Client(), workshop.get_absolute_url()).content.decode()
    assert expected in html


def test_seats_and_dates_never_move_the_shell_stamp_and_content_always_does(session, workshop, member):
    stamp = selectors.catalogue_content_stamp()
    BookingFactory(session=session, party_size=1)
    Session.objects.filter(pk=session.pk).update(seats_booked=2)
    SessionFactory(workshop=workshop, start=session.start + timedelta(days=3))
    WaitlistEntry.objects.create(session=session, name="Léa", email="lea@example.org", party_size=1)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    assert selectors.catalogue_content_stamp() == stamp
    assert CatalogueChange.objects.filter(content=False).exists()

    Workshop.objects.filter(pk=workshop.pk).update(duration_minutes=150)
    assert selectors.catalogue_content_stamp() != stamp
    stamp = selectors.catalogue_content_stamp()
    Workshop.objects.filter(pk=workshop.pk).update(duration_minutes=150)  # no change, no new shell
    assert selectors.catalogue_content_stamp() == stamp


def test_each_visitor_gets_its_own_token_and_nonce_from_a_shell_another_built(session, workshop):
    first = get_ok(Client(), workshop.get_absolute_url())
    BookingFactory(session=session, party_size=1)  # page stamp moves, the shell stays
    strict = Client(enforce_csrf_checks=True)
    page = get_ok(strict, workshop.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    html = page.content.decode()
    assert "@@csrf@@" not in html and "@@csp-nonce@@" not in html and "<!--maillage:" not in html
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert token not in first.content.decode()
    nonces = set(NONCE.findall(html))
    assert len(nonces) == 1 and nonces != set(NONCE.findall(first.content.decode()))
    assert f"'nonce-{nonces.pop()}'" in page["Content-Security-Policy"]
    response = strict.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_shells_are_per_language_and_per_address(session, workshop):
    get_ok(Client(), workshop.get_absolute_url())
    english = Client()
    english.cookies["django_language"] = "en"
    assert '<html lang="en">' in get_ok(english, workshop.get_absolute_url()).content.decode()
    tagged = get_ok(Client(), workshop.get_absolute_url() + "?utm_source=lettre").content.decode()
    assert "utm_source=lettre" in tagged  # the language switch sends the visitor back here
    assert "utm_source" not in get_ok(Client(), workshop.get_absolute_url()).content.decode()


def test_a_workshop_with_no_date_left_says_so_and_has_no_events(session, workshop):
    get_ok(Client(), workshop.get_absolute_url())
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    html = get_ok(Client(), workshop.get_absolute_url()).content.decode()
    assert "Aucune séance programmée" in html and "application/ld+json" not in html
    assert "Voir les dates et réserver" not in html


def test_the_dates_query_follows_the_availability_rule(member):
    """The hand-written dates query against the ORM's ``with_availability`` rule, over random
    dates, seats, statuses, private dates and waitlist offers (open, expired, claimed)."""
    rng = random.Random(18)
    now = timezone.now()
    workshops = [WorkshopFactory(member=member, slug=f"w{i}") for i in range(3)]
    for workshop in workshops:
        for day in rng.sample(range(-5, 60), 12):
            session = SessionFactory(
                workshop=workshop,
                start=now + timedelta(days=day, hours=rng.randint(0, 5)),
                capacity=rng.randint(1, 8),
                status=rng.choice(
                    [Session.Status.SCHEDULED, Session.Status.CONFIRMED, Session.Status.CANCELLED]
                ),
                is_private=rng.random() < 0.15,
            )
            Session.objects.filter(pk=session.pk).update(seats_booked=rng.randint(0, session.capacity))
            for _ in range(rng.randint(0, 2)):
                WaitlistEntry.objects.create(
                    session=session,
                    name="Léa",
                    email=f"lea{rng.randint(0, 10**6)}@example.org",
                    party_size=rng.randint(1, 3),
                    status=rng.choice([WaitlistEntry.Status.OFFERED, WaitlistEntry.Status.WAITING]),
                    offer_expires_at=now + timedelta(hours=rng.choice([-2, 2])),
                )
    for workshop in workshops:
        for limit in (3, 30):
            expected = [
                (s.public_id, s.start, s.end, s.status, s.seats_left)
                for s in selectors.session_list_for_workshop_public(workshop=workshop, limit=limit)
            ]
            got = [
                (r.public_id, r.start, r.end, r.status, r.seats_left)
                for r in selectors.session_rows_for_workshop_page(slug=workshop.slug, limit=limit, now=now)
            ]
            assert got == expected
    assert selectors.session_rows_for_workshop_page(slug="absent") == []


# --- the catalogue's shell ---------------------------------------------------------------------


def _comparable(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return NONCE.sub("", html)


@pytest.mark.parametrize("query", ["", "?available=on", "?price_max=60&page=1", "?q=zzz-nothing"])
def test_the_catalogue_from_its_shell_is_the_full_render(query, session, workshop, member):
    other = WorkshopFactory(member=member, title="Vannerie <osier> & co", slug="osier")
    SessionFactory(workshop=other, capacity=4)
    url = reverse("workshops:catalogue") + query
    get_ok(Client(), url)  # builds the shell
    BookingFactory(session=session, party_size=1)  # seats only: the shell stays
    shell_page = get_ok(Client(), url)
    assert shell_page["X-Page-Cache"] == "miss"
    with override_settings(PAGE_CACHE_ENABLED=False):
        full_page = get_ok(Client(), url)
    assert _comparable(shell_page.content.decode()) == _comparable(full_page.content.decode())
    assert "<!--maillage:" not in shell_page.content.decode()


def test_after_a_booking_the_catalogue_reads_the_filter_and_cards_only(session, workshop):
    url = reverse("workshops:catalogue") + "?available=on"
    assert "Bols &amp; tasses" in get_ok(Client(), url).content.decode()
    services.booking_create(session_id=session.pk, name="Zoé", email="zoe@example.org", party_size=1)
    with CaptureQueriesContext(connection) as ctx:
        html = get_ok(Client(), url).content.decode()
    assert "5 places" in html
    # page stamp, filter lists' version, the page's cards (filter and states in one query), the
    # changed card's rows (it renders again), shell stamp: the page around the cards is not rendered.
    assert len(ctx.captured_queries) == 5, _sql(ctx)

    services.booking_create(session_id=session.pk, name="Léo", email="leo@example.org", party_size=5)
    html = get_ok(Client(), url).content.decode()
    assert "Bols &amp; tasses" not in html and "Aucun atelier ne correspond" in html


def test_a_new_price_shows_on_the_catalogue_shell_at_once(session, workshop, member_user):
    url = reverse("workshops:catalogue")
    assert "35" in get_ok(Client(), url).content.decode()
    services.workshop_update(workshop=workshop, actor=member_user, title="Tourner un bol « raku »")
    assert "Tourner un bol « raku »" in get_ok(Client(), url).content.decode()


def test_the_catalogue_shell_follows_the_pages(member):
    for i in range(26):
        SessionFactory(workshop=WorkshopFactory(member=member, slug=f"atelier-{i}", title=f"Atelier {i:02d}"))
    url = reverse("workshops:catalogue")
    first = get_ok(Client(), url).content.decode()
    second = get_ok(Client(), url + "?page=2").content.decode()
    assert "Suivants" in first and "Précédents" not in first
    assert "Précédents" in second and "Suivants" not in second
    assert "26 ateliers" in second
