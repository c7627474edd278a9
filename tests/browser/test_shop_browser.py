"""Real-browser flows of the shop: a counter sale on the staff till, a click & collect order."""

from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group

from common.access import OFFICE_STAFF_GROUP
from shop.models import Order, Sale, VatRate
from shop.selectors import product_stock
from tests.factories.network import PASSWORD, MemberFactory, StaffUserFactory
from tests.factories.shop import CategoryFactory, ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shelf(db):
    member = MemberFactory(name="L'Atelier du Tourneur", slug="atelier-du-tourneur")
    bowl = ProductFactory(
        member=member,
        category=CategoryFactory(name="Objets en bois", slug="bois"),
        name="Bol en hêtre",
        slug="bol-en-hetre",
        code="BOL-HETRE",
        barcode="3760000000017",
        price=Decimal("35.00"),
        stock=5,
    )
    jam = ProductFactory(
        member=member,
        category=CategoryFactory(name="Épicerie", slug="epicerie"),
        name="Confiture de myrtilles",
        slug="confiture-de-myrtilles",
        code="CONF-MYR",
        price=Decimal("6.20"),
        vat_rate=VatRate.FOOD,
        stock=10,
    )
    return bowl, jam


def _login(page, email):
    page.goto("/comptes/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/staff/")


def test_counter_sale_scan_quantity_and_payment(page, settings, shelf):
    settings.STAFF_REQUIRE_MFA = False
    bowl, jam = shelf
    Group.objects.get_or_create(name=OFFICE_STAFF_GROUP)
    StaffUserFactory(email="accueil@example.org")
    _login(page, "accueil@example.org")
    page.goto("/staff/boutique/caisse/")
    search = page.get_by_label("Code, code-barres ou nom")
    search.fill("3760000000017")
    search.press("Enter")
    page.get_by_text("« Bol en hêtre » ajouté.").wait_for()
    search.fill("myrtilles")
    page.get_by_role("button", name="Confiture de myrtilles").click()
    page.get_by_test_id("counter-total").filter(has_text="41,20").wait_for()
    quantity = page.get_by_label("Quantité de Bol en hêtre")
    quantity.fill("2")
    quantity.dispatch_event("change")
    page.get_by_test_id("counter-total").filter(has_text="76,20").wait_for()
    page.get_by_label("carte bancaire", exact=True).check()
    page.get_by_role("button", name="Encaisser").click()
    page.wait_for_url("**/staff/boutique/tickets/T*/")
    assert "Ticket" in page.get_by_role("heading", level=1).inner_text()
    sale = Sale.objects.get()
    assert sale.total == Decimal("76.20") and sale.payment_method == "card"
    assert product_stock(product=bowl) == 3


def test_click_and_collect_order_from_the_catalogue(page, shelf):
    bowl, _jam = shelf
    page.goto("/boutique/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("link", name="Bol en hêtre").click()
    page.get_by_label("Quantité").fill("2")
    page.get_by_role("button", name="Ajouter au panier").click()
    page.wait_for_url("**/boutique/panier/")
    assert "70,00" in page.content()
    page.get_by_role("link", name="Commander pour retrait à l'office").click()
    page.get_by_label("Nom").fill("Léa Martin")
    page.get_by_label("E-mail").fill("lea@example.org")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_role("button", name="Confirmer la commande").click()
    page.wait_for_url("**/boutique/commande/*/")
    order = Order.objects.get()
    assert order.reference in page.get_by_role("heading", level=1).inner_text()
    assert "en préparation" in page.content()
    assert product_stock(product=bowl) == 3
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_staff_and_portal_shop_pages_have_no_axe_violations(page, settings, shelf):
    from shop import services
    from tests.factories.network import UserFactory

    settings.STAFF_REQUIRE_MFA = False
    bowl, jam = shelf
    Group.objects.get_or_create(name=OFFICE_STAFF_GROUP)
    staff = StaffUserFactory(email="accueil@example.org")
    sale = services.sale_create(quantities={bowl.pk: 1, jam.pk: 2}, payment_method="cash", seller=staff)
    _login(page, "accueil@example.org")
    page.goto("/staff/boutique/caisse/")
    page.get_by_label("Code, code-barres ou nom").fill("BOL-HETRE")
    page.get_by_label("Code, code-barres ou nom").press("Enter")
    page.get_by_test_id("counter-total").wait_for()
    for url in [
        "/staff/boutique/caisse/",
        f"/staff/boutique/tickets/{sale.reference}/",
        "/staff/boutique/tableau-de-bord/",
        "/staff/boutique/produits/bol-en-hetre/stock/",
    ]:
        page.goto(url)
        results = Axe().run(page)
        assert results.violations_count == 0, f"{url}\n{results.generate_report()}"
    page.context.clear_cookies()
    UserFactory(email="alice@example.org", member=bowl.member)
    page.goto("/comptes/login/")
    page.fill("input[name=login]", "alice@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/portail/")
    for url in ["/portail/boutique/", "/portail/boutique/depots/nouveau/", "/portail/boutique/ventes/"]:
        page.goto(url)
        results = Axe().run(page)
        assert results.violations_count == 0, f"{url}\n{results.generate_report()}"
