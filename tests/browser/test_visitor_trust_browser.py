"""Issue 10 (points 4, 5, 7, 8, 10) as a visitor sees it: phone and laptop, French and English."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from network.models import Office
from tests.browser.test_workshops_booking import _sign_in
from tests.factories.offers import OfferFactory
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory
from workshops.models import Booking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [390, 1280]
LANGS = ["fr", "en"]
TEXT = {
    "fr": {
        "confirm": "Confirmer la réservation",
        "late": "ne pourra plus être modifiée ni annulée en ligne",
        "age": "Âge du plus jeune participant",
        "party": "Nombre de personnes",
        "children": "Dont enfants (moins de 12 ans)",
        "name": "Nom et prénom",
        "add": "Ajouter à mon séjour",
        "can_add": "Vous pouvez ajouter jusqu'à",
        "validate": "Valider mon séjour",
        "emails": "Vous recevrez 2 e-mails",
    },
    "en": {
        "confirm": "Confirm booking",
        "late": "can no longer be changed or cancelled online",
        "age": "Age of the youngest participant",
        "party": "Number of people",
        "children": "Of whom children (under 12)",
        "name": "Full name",
        "add": "Add to my stay",
        "can_add": "You can add up to",
        "validate": "Confirm my stay",
        "emails": "You will receive 2 e-mails",
    },
}


def _open(page, live_server, width, lang):
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _axe(page):
    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture
def office(db):
    return Office.objects.create(
        name="Office de tourisme des Cimes", is_main=True, phone="04 76 88 62 08", email="accueil@example.org"
    )


@pytest.fixture
def late_session(member, office):
    workshop = WorkshopFactory(
        member=member,
        title="Tourner un bol",
        slug="tourner-un-bol",
        price=Decimal("35.00"),
        child_price=Decimal("20.00"),
        min_age=8,
        cancellation_deadline_hours=48,
    )
    return SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(hours=6), capacity=6)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", SIZES)
def test_late_booking_notice_live_total_and_age(page, live_server, late_session, width, lang):
    t = TEXT[lang]
    _open(page, live_server, width, lang)
    page.goto(f"/ateliers/tourner-un-bol/seances/{late_session.public_id}/reserver/")
    notice = page.locator("#late-booking")
    assert notice.is_visible() and t["late"] in notice.inner_text()
    assert "04 76 88 62 08" in notice.inner_text()
    # The notice comes before the button that confirms.
    assert page.evaluate(
        "document.querySelector('#late-booking').compareDocumentPosition("
        "document.querySelector('button[value=book]')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    total = page.locator("#booking-total-amount")
    assert "35" in total.inner_text()
    page.get_by_label(t["party"]).fill("3")
    page.get_by_label(t["children"]).fill("1")
    assert re.search(r"90[,.]00", total.inner_text()), total.inner_text()
    _no_sideways_scroll(page)
    _axe(page)
    page.get_by_label(t["name"]).fill("Léa Martin")
    page.get_by_label(re.compile(r"^E-?mail")).fill("lea@example.org")
    page.get_by_role("button", name=t["confirm"]).click()
    # The age is required: the form comes back naming the field, nothing booked.
    page.locator(".field-has-error").first.wait_for()
    assert t["age"] in page.locator(".field-has-error").first.inner_text()
    assert not Booking.objects.exists()
    _axe(page)
    page.get_by_label(t["age"], exact=False).first.fill("9")
    page.get_by_role("button", name=t["confirm"]).click()
    page.wait_for_url("**/ateliers/reservation/**")
    booking = Booking.objects.get()
    assert booking.youngest_age == 9 and booking.price == Decimal("90.00")
    _axe(page)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", SIZES)
def test_manage_page_says_how_many_can_be_added(page, live_server, member, width, lang):
    workshop = WorkshopFactory(member=member, title="Vannerie", slug="vannerie", max_participants=8)
    session = SessionFactory(workshop=workshop, capacity=6)
    booking = BookingFactory(session=session, party_size=2)
    _open(page, live_server, width, lang)
    page.goto(booking.get_manage_url())
    assert f"{TEXT[lang]['can_add']} 4" in page.locator("#can-add").inner_text()
    _no_sideways_scroll(page)
    _axe(page)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", SIZES)
def test_workshop_page_adds_to_the_stay_with_the_age(page, live_server, member, width, lang):
    t = TEXT[lang]
    workshop = WorkshopFactory(member=member, title="Forge", slug="forge", price=Decimal("40.00"), min_age=12)
    start = timezone.now() + datetime.timedelta(days=5)
    first = SessionFactory(workshop=workshop, start=start, capacity=6)
    second = SessionFactory(workshop=workshop, start=start + datetime.timedelta(days=1), capacity=6)
    _open(page, live_server, width, lang)
    page.goto("/ateliers/forge/")
    _axe(page)
    page.get_by_role("link", name=re.compile(t["add"])).first.click()
    page.wait_for_url(re.compile(r"/sejour/\?atelier=forge"))
    for session in (first, second):
        page.locator(f"#age-{session.public_id}").fill("14")
        page.locator(f"#party-{session.public_id}").fill("2")
        page.locator(f"#party-{session.public_id}").locator("xpath=ancestor::form").get_by_role(
            "button", name=re.compile(t["add"])
        ).click()
        page.wait_for_load_state()
    _no_sideways_scroll(page)
    _axe(page)
    page.get_by_role("link", name=t["validate"]).click()
    assert t["emails"] in page.locator("#emails-expected").inner_text()
    _no_sideways_scroll(page)
    _axe(page)


@pytest.mark.parametrize("width", SIZES)
def test_offer_page_links_to_the_member_workshops(page, live_server, member, width):
    workshop = WorkshopFactory(member=member, title="Tourner un bol", slug="tourner-un-bol")
    SessionFactory(workshop=workshop, capacity=6)
    offer = OfferFactory(member=member, slug="atelier-visite", title="Visite de l'atelier")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/offres/{offer.slug}/")
    section = page.locator("#member-workshops")
    assert section.is_visible()
    section.get_by_role("link", name="Tourner un bol").click()
    page.wait_for_url("**/ateliers/tourner-un-bol/")
    page.go_back()
    _axe(page)


@pytest.mark.parametrize("width", SIZES)
def test_desk_cancel_confirms_without_javascript(browser, live_server, member, staff_user, width, settings):
    settings.STAFF_REQUIRE_MFA = False
    workshop = WorkshopFactory(member=member, title="Tourner un bol", slug="tourner-un-bol")
    booking = BookingFactory(session=SessionFactory(workshop=workshop, capacity=6), party_size=2)
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, live_server, staff_user)
    page.goto(f"/staff/ateliers/reservations/{booking.reference}/")
    page.get_by_role("button", name="Annuler la réservation…").click()
    assert "sera annulée" in page.locator("#confirm-cancel").inner_text()
    booking.refresh_from_db()
    assert booking.is_active
    page.get_by_label("Motif (transmis à l'artisan)").fill("Le visiteur a appelé l'accueil")
    page.get_by_role("button", name="Oui, annuler la réservation").click()
    page.wait_for_load_state()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    context.close()
