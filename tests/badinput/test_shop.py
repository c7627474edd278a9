"""Bad input on the shop's forms: basket quantity and checkout (public); product and deposit
request (portal); deposit reception, stock adjustment and counter (staff)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from shop.models import DepositSlip, Order, Product, Sale, StockMovement
from tests.factories.shop import CategoryFactory, ProductFactory

from .helpers import SCRIPT, assert_kept, assert_redisplayed, fake_image, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return CategoryFactory(name="Artisanat", slug="artisanat")


@pytest.fixture
def bowl(member, category):
    return ProductFactory(
        member=member,
        category=category,
        name="Bol en hêtre",
        slug="bol-en-hetre",
        code="BOL-HETRE",
        price=Decimal("35.00"),
        stock=5,
    )


def _product(category, **overrides):
    data = {
        "name": "Toupie en buis",
        "category": category.pk,
        "description": "Tournée main.",
        "price": "8.50",
        "vat_rate": "20.00",
        "code": "",
        "barcode": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Ce champ est obligatoire"),
        ("name", "T" * 161, "au plus 160 caractères"),
        ("price", "8.555", "pas plus de 2 chiffres après la virgule"),
        ("price", "0", "Le prix doit être d'au moins 0,01 €"),
        ("price", "-3", "Le prix doit être d'au moins 0,01 €"),
        ("price", "huit", "Saisissez un nombre"),
        ("price", "99999999999999", "pas plus de 10 chiffres"),
        ("vat_rate", "33", "Sélectionnez un choix valide"),
        ("best_before", "31/02/2030", "Saisissez une date valide"),
        ("low_stock_threshold", "-1", "supérieure ou égale à 0"),
        ("code", "C" * 21, "au plus 20 caractères"),
    ],
)
def test_product_create_bad_field_creates_nothing(member_client, member, category, field, value, message):
    data = _product(category, **{field: value})
    response = member_client.post(reverse("shop_portal:product_create"), data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    if field != "name":
        assert_kept(page, "Toupie en buis")
    assert Product.objects.count() == 0


@pytest.mark.parametrize("typed", ["9,90", "9.90", " 9,90 € ", "9,9"])
def test_product_price_is_typed_the_french_way_or_with_a_dot(member_client, member, category, typed):
    response = member_client.post(reverse("shop_portal:product_create"), _product(category, price=typed))
    assert response.status_code == 302
    assert Product.objects.get().price == Decimal("9.90")


def test_product_price_is_shown_back_with_a_comma(member_client, member, category, bowl):
    page = member_client.get(reverse("shop_portal:product_update", args=[bowl.slug])).content.decode()
    assert 'value="35,00"' in page and 'inputmode="decimal"' in page


def test_product_create_fake_photo_is_named_by_its_file(member_client, member, category):
    data = _product(category, photo=fake_image("toupie.webp"), description=SCRIPT)
    response = member_client.post(reverse("shop_portal:product_create"), data)
    page = assert_redisplayed(
        response, field="photo", label="Photo", message="« toupie.webp » n'est pas une image valide"
    )
    assert_kept(page, "Toupie en buis", "8.50")
    assert SCRIPT not in page
    assert Product.objects.count() == 0


def test_product_update_duplicate_code_changes_nothing(member_client, member, category, bowl):
    ProductFactory(member=member, category=category, code="TOUPIE")
    before = snapshot(Product)
    data = _product(category, name="Bol renommé", code="toupie")
    response = member_client.post(reverse("shop_portal:product_update", args=[bowl.slug]), data)
    page = assert_redisplayed(response, field="code", label="Code court", message="existe déjà")
    assert_kept(page, "Bol renommé")
    assert snapshot(Product) == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "supérieure à zéro"),
        ("-4", "supérieure à zéro"),
        ("1000", "inférieure ou égale à 999"),
        ("beaucoup", "nombre entier"),
    ],
)
def test_basket_bad_quantity_is_refused_and_kept(visitor, bowl, value, message):
    response = visitor.post(reverse("shop:product_detail", args=[bowl.slug]), {"quantity": value})
    page = assert_redisplayed(response, field="quantity", label="Quantité", message=message)
    assert_kept(page, value)
    assert "shop_basket" not in visitor.session or not visitor.session["shop_basket"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Ce champ est obligatoire"),
        ("email", "lea@exemple", "adresse de courriel valide"),
        ("phone", "", "Ce champ est obligatoire"),
        ("phone", "12", "numéro de téléphone valide"),
        ("note", "n" * 501, "au plus 500 caractères"),
    ],
)
def test_checkout_bad_field_orders_nothing_and_keeps_the_basket(visitor, bowl, field, value, message):
    visitor.post(reverse("shop:product_detail", args=[bowl.slug]), {"quantity": "2"})
    stock = snapshot(StockMovement)
    data = {"name": "Léa Martin", "email": "lea@example.org", "phone": "06 12 34 56 78", "note": SCRIPT}
    data[field] = value
    response = visitor.post(reverse("shop:checkout"), data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    if field != "name":
        assert_kept(page, "Léa Martin")
    assert SCRIPT not in page
    assert Order.objects.count() == 0 and snapshot(StockMovement) == stock
    assert visitor.get(reverse("shop:checkout")).status_code == 200  # the basket is still there


@pytest.mark.parametrize(
    ("value", "message"),
    [("-1", "supérieure ou égale à 0"), ("5000", "inférieure ou égale à 999"), ("trois", "nombre entier")],
)
def test_deposit_request_bad_quantity_creates_no_slip(member_client, bowl, value, message):
    response = member_client.post(
        reverse("shop_portal:deposit_request"), {f"qty_{bowl.pk}": value, "note": "Livraison mardi"}
    )
    page = assert_redisplayed(response, field=f"qty_{bowl.pk}", label="Bol en hêtre", message=message)
    assert_kept(page, value)
    assert DepositSlip.objects.count() == 0


def test_deposit_request_in_the_past_creates_no_slip(member_client, bowl):
    response = member_client.post(
        reverse("shop_portal:deposit_request"), {f"qty_{bowl.pk}": "3", "planned_on": "2020-01-02"}
    )
    page = assert_redisplayed(
        response, field="planned_on", label="Date de dépôt prévue", message="ne peut pas être passée"
    )
    assert_kept(page, "3")
    assert DepositSlip.objects.count() == 0


@pytest.mark.parametrize(("value", "message"), [("-2", "supérieure ou égale à 0"), ("", "obligatoire")])
def test_deposit_receive_bad_quantity_moves_no_stock(member_client, staff_client, bowl, value, message):
    member_client.post(reverse("shop_portal:deposit_request"), {f"qty_{bowl.pk}": "4"})
    slip = DepositSlip.objects.get()
    before = snapshot(DepositSlip, StockMovement)
    response = staff_client.post(
        reverse("shop_staff:deposit_detail", args=[slip.reference]),
        {f"received_{bowl.pk}": value, "action": "receive"},
    )
    page = assert_redisplayed(response, field=f"received_{bowl.pk}", label="Bol en hêtre", message=message)
    if value:
        assert_kept(page, value)
    assert snapshot(DepositSlip, StockMovement) == before


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"kind": "correction", "quantity": "0", "reason": "Inventaire"},
            "quantity",
            "ne peut pas être nulle",
        ),
        ({"kind": "write_off", "quantity": "-3", "reason": "Casse"}, "quantity", "supérieure à zéro"),
        (
            {"kind": "return", "quantity": "100000", "reason": "Retour"},
            "quantity",
            "inférieure ou égale à 999",
        ),
        ({"kind": "vol", "quantity": "1", "reason": "Vol"}, "kind", "Sélectionnez un choix valide"),
        ({"kind": "return", "quantity": "1", "reason": "r" * 256}, "reason", "au plus 255 caractères"),
    ],
)
def test_stock_adjust_bad_input_moves_no_stock(staff_client, bowl, data, field, message):
    before = snapshot(StockMovement)
    response = staff_client.post(reverse("shop_staff:product_stock", args=[bowl.slug]), data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    if field == "quantity":
        assert_kept(page, data["quantity"])
    assert snapshot(StockMovement) == before


def test_stock_write_off_beyond_stock_is_refused_and_moves_nothing(staff_client, bowl):
    before = snapshot(StockMovement)
    response = staff_client.post(
        reverse("shop_staff:product_stock", args=[bowl.slug]),
        {"kind": "write_off", "quantity": "50", "reason": "Casse"},
    )
    assert response.status_code == 200
    assert 'value="50"' in response.content.decode()
    assert snapshot(StockMovement) == before


def test_counter_checkout_with_bad_email_sells_nothing(staff_client, bowl):
    """The till is driven by htmx: the cart partial comes back with the form and the typed address."""
    staff_client.post(reverse("shop_staff:counter_add"), {"product": str(bowl.pk)})
    before = snapshot(StockMovement)
    response = staff_client.post(
        reverse("shop_staff:counter_checkout"),
        {"payment_method": "card", "customer_email": "client@"},
        HTTP_HX_REQUEST="true",
    )
    page = assert_redisplayed(
        response,
        field="customer_email",
        label="Envoyer le ticket par e-mail",
        message="adresse de courriel valide",
    )
    assert_kept(page, "client@")
    assert Sale.objects.count() == 0 and snapshot(StockMovement) == before


def test_counter_checkout_without_javascript_names_the_field_in_the_message(staff_client, bowl):
    staff_client.post(reverse("shop_staff:counter_add"), {"product": str(bowl.pk)})
    response = staff_client.post(
        reverse("shop_staff:counter_checkout"), {"payment_method": "troc"}, follow=True
    )
    assert "Paiement : Sélectionnez un choix valide" in response.content.decode()
    assert Sale.objects.count() == 0


def test_sale_reversal_without_reason_reverses_nothing(staff_client, staff_user, bowl):
    from shop import services

    sale = services.sale_create(quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user)
    before = snapshot(Sale, StockMovement)
    response = staff_client.post(reverse("shop_staff:sale_reverse", args=[sale.reference]), {"reason": ""})
    assert_redisplayed(
        response,
        field="reason",
        label="Motif de l'annulation",
        message="Indiquez un motif pour annuler ce ticket.",
    )
    assert snapshot(Sale, StockMovement) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("day", "2999-01-01", "On ne peut pas compter les visiteurs d'un jour à venir"),
        ("day", "hier", "Saisissez une date valide"),
        ("visitors", "-10", "supérieure ou égale à 0"),
        ("visitors", "1000000", "inférieure ou égale à 100000"),
    ],
)
def test_footfall_bad_field_records_nothing(staff_client, field, value, message):
    from shop.models import DailyFootfall

    data = {"day": "2024-05-02", "visitors": "240", "note": "Jour de marché"}
    data[field] = value
    response = staff_client.post(reverse("shop_staff:footfall"), data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    assert_kept(page, "Jour de marché", value)
    assert DailyFootfall.objects.count() == 0


def test_closing_a_day_to_come_closes_nothing(staff_client):
    from shop.models import DailyClosing

    response = staff_client.post(reverse("shop_staff:closing_list"), {"day": "2999-12-31"})
    page = assert_redisplayed(
        response, field="day", label="Jour", message="On ne peut pas clôturer un jour à venir"
    )
    assert_kept(page, "2999-12-31")
    assert DailyClosing.objects.count() == 0


def test_statement_generation_for_a_garbage_month_generates_nothing(staff_client):
    from shop.models import Statement

    response = staff_client.post(reverse("shop_staff:statement_list"), {"period": "treizième mois"})
    assert_redisplayed(response, field="period", label="Mois", message="Indiquez un mois au format AAAA-MM.")
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"start": "0001-01-01", "end": "9999-12-31", "granularity": "day"},
            "date de fin d'ici un an au plus",
        ),
        ({"start": "0001-01-01", "granularity": "day"}, "période de dix ans au plus"),
        ({"start": "2025-05-01", "end": "2025-04-01"}, "La date de fin doit suivre la date de début"),
        ({"start": "hier", "granularity": "siècle"}, "Saisissez une date valide"),
    ],
)
def test_dashboard_bad_range_answers_the_default_figures_and_says_why(staff_client, params, message):
    """« 0001 » to « 9999 » by day once overflowed the day after the range: a 500."""
    response = staff_client.get(reverse("shop_staff:dashboard"), params)
    assert response.status_code == 200
    assert message in " ".join(str(m) for m in response.context["messages"])
    assert staff_client.get(reverse("shop_staff:dashboard_csv"), params).status_code == 200


def test_deposit_request_without_any_quantity_creates_no_slip(member_client, bowl):
    response = member_client.post(
        reverse("shop_portal:deposit_request"), {f"qty_{bowl.pk}": "", "note": "Mardi"}
    )
    assert response.status_code == 200
    assert "Indiquez la quantité d&#x27;au moins un produit." in response.content.decode()
    assert_kept(response.content.decode(), "Mardi")
    assert DepositSlip.objects.count() == 0


def test_order_collect_with_unknown_payment_collects_nothing(visitor, staff_client, bowl):
    visitor.post(reverse("shop:product_detail", args=[bowl.slug]), {"quantity": "1"})
    visitor.post(
        reverse("shop:checkout"), {"name": "Léa", "email": "lea@example.org", "phone": "06 12 34 56 78"}
    )
    order = Order.objects.get()
    before = snapshot(Order, Sale, StockMovement)
    url = reverse("shop_staff:order_action", args=[order.reference, "retiree"])
    response = staff_client.post(url, {"payment_method": "coquillages"}, follow=True)
    assert "Paiement : choisissez un moyen de paiement." in " ".join(
        str(m) for m in response.context["messages"]
    )
    assert snapshot(Order, Sale, StockMovement) == before


def test_product_photo_too_heavy_is_named_with_its_size(member_client, member, category, settings):
    from .helpers import big_png

    settings.MAX_IMAGE_UPLOAD_BYTES = 100 * 1024
    data = _product(category, photo=big_png("etal.png"))
    response = member_client.post(reverse("shop_portal:product_create"), data)
    page = assert_redisplayed(response, field="photo", label="Photo", message="« etal.png » est trop lourd")
    assert_kept(page, "Toupie en buis")
    assert Product.objects.count() == 0


@pytest.mark.parametrize("quantity", ["-1", "1000", "beaucoup"])
def test_counter_line_bad_quantity_keeps_the_ticket(staff_client, bowl, quantity):
    staff_client.post(reverse("shop_staff:counter_add"), {"product": str(bowl.pk)})
    response = staff_client.post(
        reverse("shop_staff:counter_line"),
        {"product": str(bowl.pk), "quantity": quantity},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Quantité : indiquez un nombre entier entre 0 et 999." in page
    assert 'name="quantity" value="1"' in page  # the line keeps its quantity
