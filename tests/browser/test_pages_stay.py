"""Real-browser flows of "Mon séjour": seats and products checked out together, online and at the desk."""

import datetime
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from django.utils import timezone

from common.access import OFFICE_STAFF_GROUP
from shop.models import Order, Sale
from shop.selectors import product_stock
from tests.factories.network import PASSWORD, MemberFactory, StaffUserFactory
from tests.factories.shop import CategoryFactory, ProductFactory
from tests.factories.workshops import SessionFactory, WorkshopFactory
from workshops.models import Booking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stay_offer(db):
    member = MemberFactory(name="L'Atelier du Tourneur", slug="atelier-du-tourneur")
    workshop = WorkshopFactory(
        member=member, title="Tourner un bol", slug="tourner-un-bol", price=Decimal("35.00"), min_age=0
    )
    start = (timezone.now() + datetime.timedelta(days=4)).replace(hour=14, minute=0, second=0, microsecond=0)
    session = SessionFactory(workshop=workshop, start=start, capacity=6)
    jam = ProductFactory(
        member=MemberFactory(name="Rucher des Cimes", slug="rucher-des-cimes"),
        category=CategoryFactory(name="Épicerie", slug="epicerie"),
        name="Confiture de myrtilles",
        slug="confiture-de-myrtilles",
        price=Decimal("6.20"),
        stock=10,
    )
    return session, jam


def test_visitor_adds_a_seat_and_a_product_and_checks_out(page, stay_offer):
    session, jam = stay_offer
    page.goto("/artisans/atelier-du-tourneur/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("button", name="Ajouter à mon séjour : Tourner un bol").click()
    page.get_by_text("« Tourner un bol » (1 pers.) a été ajouté à votre séjour.").wait_for()

    page.goto("/sejour/")
    page.get_by_label("Atelier, artisan, commune ou produit").fill("myrtilles")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_label("Quantité").fill("2")
    page.get_by_role("button", name="Ajouter à mon séjour : Confiture de myrtilles").click()
    page.get_by_text("« Confiture de myrtilles » a été ajouté à votre séjour.").wait_for()
    assert "47,40" in page.content()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    page.get_by_role("link", name="Valider mon séjour").click()
    page.get_by_label("Nom et prénom").fill("Léa Martin")
    page.get_by_label("E-mail").fill("lea@example.org")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    assert not page.get_by_label("J'accepte d'être recontacté·e").is_checked()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("button", name="Réserver mon séjour").click()

    page.wait_for_url("**/sejour/confirmation/*/")
    booking = Booking.objects.get()
    order = Order.objects.get()
    assert booking.session_id == session.pk and booking.price == Decimal("35.00")
    assert order.total == Decimal("12.40")
    assert product_stock(product=jam) == 8
    content = page.content()
    assert booking.reference in content and order.reference in content
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("link", name=f"Gérer cette réservation {booking.reference}").click()
    page.wait_for_url(f"**/ateliers/reservation/{booking.manage_token}/")


def test_desk_books_a_seat_and_sells_a_product_in_one_go(page, settings, stay_offer):
    settings.STAFF_REQUIRE_MFA = False
    session, jam = stay_offer
    Group.objects.get_or_create(name=OFFICE_STAFF_GROUP)
    StaffUserFactory(email="accueil@example.org")
    page.goto("/comptes/login/")
    page.fill("input[name=login]", "accueil@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/staff/")

    page.goto("/staff/sejour/?q=bol")
    page.get_by_label("Personnes").fill("2")
    page.get_by_role("button", name="Ajouter au séjour : Tourner un bol").click()
    page.get_by_label("Atelier, artisan, commune ou produit").fill("confiture")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("button", name="Ajouter au séjour : Confiture de myrtilles").click()
    assert "76,20" in page.content()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("link", name="Valider le séjour").click()
    page.get_by_label("Nom et prénom").fill("Paul Girard")
    page.get_by_label("E-mail").fill("paul@example.org")
    page.get_by_label("Paiement des produits").select_option("cash")
    page.get_by_role("button", name="Réserver et encaisser").click()
    page.wait_for_url("**/staff/sejour/confirmation/*/")
    booking = Booking.objects.get()
    sale = Sale.objects.get()
    assert booking.channel == "desk" and booking.party_size == 2
    assert sale.payment_method == "cash" and sale.total == Decimal("6.20")
    assert sale.reference in page.content()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
