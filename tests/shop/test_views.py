import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from shop import services
from shop.models import DepositSlip, Order, Sale, Statement
from shop.selectors import product_stock
from tests.factories.shop import ProductFactory, sell_on

pytestmark = pytest.mark.django_db


# --- Public ---------------------------------------------------------------------------------


def test_catalogue_lists_products_by_category_for_anonymous_visitors(visitor, bowl, honey):
    response = visitor.get(reverse("shop:catalogue"), {"categorie": "epicerie"})
    assert response.status_code == 200
    assert "Miel de montagne" in response.text and "Bol en hêtre" not in response.text


def test_catalogue_query_count_does_not_grow_with_products(
    visitor, member, crafts_category, django_assert_max_num_queries
):
    for _ in range(30):
        ProductFactory(member=member, category=crafts_category, stock=2)
    with django_assert_max_num_queries(10):
        assert visitor.get(reverse("shop:catalogue")).status_code == 200


def test_producer_page_shows_story_and_link_to_member_page(visitor, bowl, member):
    member.story = "Trois générations de tourneurs."
    member.save()
    response = visitor.get(reverse("shop:producer", args=[member.slug]))
    assert "Trois générations" in response.text
    assert member.get_absolute_url() in response.text


def test_basket_then_checkout_reserves_stock_with_server_prices(visitor, bowl):
    url = reverse("shop:product_detail", args=[bowl.slug])
    # A tampered form field "price" is ignored: only the quantity is read.
    visitor.post(url, {"quantity": "2", "price": "0.01"})
    response = visitor.post(
        reverse("shop:checkout"),
        {"name": "Léa Martin", "email": "lea@example.org", "phone": "06 12 34 56 78"},
    )
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert order.total == Decimal("70.00")
    assert product_stock(product=bowl) == 3
    assert order.reference in visitor.get(order.get_absolute_url()).text


def test_add_more_than_stock_is_refused_with_a_message(visitor, bowl):
    response = visitor.post(reverse("shop:product_detail", args=[bowl.slug]), {"quantity": "9"})
    assert response.status_code == 200
    assert "Il ne reste que 5 unité(s)" in response.text
    assert 'value="9"' in response.text


def test_checkout_keeps_what_was_typed_on_a_bad_phone(visitor, bowl):
    visitor.post(reverse("shop:product_detail", args=[bowl.slug]), {"quantity": "1"})
    response = visitor.post(
        reverse("shop:checkout"), {"name": "Léa", "email": "lea@example.org", "phone": "abc"}
    )
    assert "numéro de téléphone valide" in response.text
    assert "lea@example.org" in response.text
    assert Order.objects.count() == 0


def test_checkout_of_a_product_deactivated_meanwhile_changes_nothing(visitor, bowl):
    visitor.post(reverse("shop:product_detail", args=[bowl.slug]), {"quantity": "1"})
    bowl.is_active = False
    bowl.save()
    response = visitor.post(
        reverse("shop:checkout"), {"name": "Léa", "email": "lea@example.org", "phone": "0612345678"}
    )
    assert "est plus en vente" in response.text
    assert Order.objects.count() == 0


def test_unknown_order_token_is_404(visitor):
    assert visitor.get("/boutique/commande/2b1f4b0e-4a6e-4c4b-9f55-1c1c1c1c1c1c/").status_code == 404


# --- Portal ---------------------------------------------------------------------------------


def test_portal_requires_login_and_a_member(visitor, plain_client):
    url = reverse("shop_portal:product_list")
    assert visitor.get(url).status_code == 302
    assert plain_client.get(url).status_code == 403


def test_member_sees_only_their_products_and_stock(member_client, bowl, honey, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = member_client.get(reverse("shop_portal:product_list"))
    assert "Bol en hêtre" in response.text and "Miel de montagne" not in response.text
    assert member_client.get(reverse("shop_portal:product_detail", args=[honey.slug])).status_code == 404
    assert member_client.get(reverse("shop_portal:product_update", args=[honey.slug])).status_code == 404


def test_member_creates_a_product_and_bad_price_is_refused(member_client, crafts_category):
    url = reverse("shop_portal:product_create")
    data = {
        "name": "Toupie",
        "category": crafts_category.pk,
        "price": "8.555",
        "vat_rate": "20.00",
        "is_active": "on",
    }
    response = member_client.post(url, data)
    assert "2 chiffres après la virgule" in response.text
    assert "Toupie" in response.text
    data["price"] = "8.50"
    response = member_client.post(url, data)
    assert response.status_code == 302


def test_member_requests_a_deposit_and_staff_receive_it(member_client, staff_client, bowl):
    response = member_client.post(reverse("shop_portal:deposit_request"), {f"qty_{bowl.pk}": "4"})
    slip = DepositSlip.objects.get()
    assert response["Location"] == reverse("shop_portal:deposit_detail", args=[slip.reference])
    response = staff_client.post(
        reverse("shop_staff:deposit_detail", args=[slip.reference]),
        {f"received_{bowl.pk}": "4", "action": "receive"},
    )
    assert response.status_code == 302
    assert product_stock(product=bowl) == 9


def test_other_member_cannot_see_a_deposit_slip(other_client, member, member_user, bowl):
    slip = services.deposit_request(member=member, actor=member_user, quantities={bowl.pk: 1})
    assert other_client.get(reverse("shop_portal:deposit_detail", args=[slip.reference])).status_code == 404


def test_member_sees_own_closed_statements_only(member_client, other_client, bowl, staff_user):
    period = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    sell_on(period, quantities={bowl.pk: 1}, seller=staff_user)
    services.statement_close_month(period=period, actor=staff_user)
    url = reverse("shop_portal:statement_detail", args=[f"{period:%Y-%m}"])
    assert member_client.get(url).status_code == 200
    assert other_client.get(url).status_code == 404
    pdf = member_client.get(reverse("shop_portal:statement_pdf", args=[f"{period:%Y-%m}"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    csv = member_client.get(reverse("shop_portal:statement_csv", args=[f"{period:%Y-%m}"]))
    assert "Bol en hêtre" in csv.content.decode()


def test_member_sales_page_lists_own_lines(member_client, bowl, honey, staff_user):
    services.sale_create(quantities={bowl.pk: 1, honey.pk: 1}, payment_method="card", seller=staff_user)
    response = member_client.get(reverse("shop_portal:sales"))
    assert "Bol en hêtre" in response.text and "Miel de montagne" not in response.text


# --- Staff ----------------------------------------------------------------------------------

STAFF_URLS = [
    "shop_staff:counter",
    "shop_staff:sale_list",
    "shop_staff:order_list",
    "shop_staff:deposit_list",
    "shop_staff:product_list",
    "shop_staff:closing_list",
    "shop_staff:statement_list",
    "shop_staff:dashboard",
]


@pytest.mark.parametrize("name", STAFF_URLS)
def test_staff_pages_refuse_anonymous_members_and_coordinators(
    name, visitor, member_client, coordinator_client
):
    url = reverse(name)
    assert visitor.get(url).status_code == 302
    assert member_client.get(url).status_code == 403
    assert coordinator_client.get(url).status_code == 403


@pytest.mark.parametrize("name", STAFF_URLS)
def test_staff_pages_render_for_office_staff(name, staff_client, bowl):
    assert staff_client.get(reverse(name)).status_code == 200


def test_counter_scan_then_checkout_records_a_sale(staff_client, bowl):
    staff_client.post(reverse("shop_staff:counter_scan"), {"q": "3760000000017"})
    staff_client.post(reverse("shop_staff:counter_line"), {"product": bowl.pk, "quantity": "2"})
    response = staff_client.get(reverse("shop_staff:counter"))
    assert "70,00" in response.text
    response = staff_client.post(reverse("shop_staff:counter_checkout"), {"payment_method": "card"})
    sale = Sale.objects.get()
    assert response["Location"] == reverse("shop_staff:receipt", args=[sale.reference])
    assert sale.total == Decimal("70.00")
    assert "Bol en hêtre" in staff_client.get(response["Location"]).text


def test_counter_htmx_search_and_out_of_stock_message(staff_client, bowl):
    response = staff_client.get(reverse("shop_staff:counter_search"), {"q": "hêtre"}, HTTP_HX_REQUEST="true")
    assert "BOL-HETRE" in response.text
    staff_client.post(reverse("shop_staff:counter_line"), {"product": bowl.pk, "quantity": "6"})
    response = staff_client.post(
        reverse("shop_staff:counter_checkout"), {"payment_method": "cash"}, HTTP_HX_REQUEST="true"
    )
    assert "Stock insuffisant" in response.text
    assert Sale.objects.count() == 0


def test_staff_reverse_a_ticket_needs_a_reason(staff_client, bowl, staff_user):
    sale = services.sale_create(quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user)
    url = reverse("shop_staff:sale_reverse", args=[sale.reference])
    assert "Indiquez un motif" in staff_client.post(url, {"reason": ""}).text
    assert staff_client.post(url, {"reason": "Client a changé d'avis"}).status_code == 302
    assert Sale.objects.filter(kind="reversal").count() == 1


def test_staff_mark_ready_then_collect_an_order(staff_client, bowl):
    order = services.order_create(
        basket={bowl.pk: 1}, name="Léa", email="lea@example.org", phone="0612345678"
    )
    staff_client.post(reverse("shop_staff:order_action", args=[order.reference, "prete"]))
    response = staff_client.post(
        reverse("shop_staff:order_action", args=[order.reference, "retiree"]), {"payment_method": "cheque"}
    )
    order.refresh_from_db()
    assert order.status == Order.Status.COLLECTED
    assert response["Location"] == reverse("shop_staff:receipt", args=[order.sale.reference])


def test_staff_close_the_day_and_the_month(staff_client, bowl, staff_user):
    services.sale_create(quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user)
    staff_client.post(reverse("shop_staff:closing_list"), {"day": timezone.localdate().isoformat()})
    assert "35,00" in staff_client.get(reverse("shop_staff:closing_list")).text
    period = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    sell_on(period, quantities={bowl.pk: 1}, seller=staff_user)
    staff_client.post(reverse("shop_staff:statement_list"), {"period": f"{period:%Y-%m}", "action": "close"})
    statement = Statement.objects.get()
    assert statement.status == Statement.Status.CLOSED
    url = reverse("shop_staff:statement_detail", args=[statement.member.slug, f"{period:%Y-%m}"])
    staff_client.post(url, {"action": "paid"})
    statement.refresh_from_db()
    assert statement.status == Statement.Status.PAID


def test_stock_correction_without_reason_keeps_input(staff_client, bowl):
    url = reverse("shop_staff:product_stock", args=[bowl.slug])
    response = staff_client.post(url, {"kind": "correction", "quantity": "-2", "reason": ""})
    assert "Indiquez un motif" in response.text and 'value="-2"' in response.text
    assert product_stock(product=bowl) == 5


def test_dashboard_query_count_is_bounded(
    staff_client, member, crafts_category, staff_user, django_assert_max_num_queries
):
    products = [ProductFactory(member=member, category=crafts_category, stock=50) for _ in range(5)]
    for product in products:
        for _ in range(3):
            services.sale_create(quantities={product.pk: 1}, payment_method="card", seller=staff_user)
    with django_assert_max_num_queries(16):
        response = staff_client.get(reverse("shop_staff:dashboard"), {"granularity": "day"})
    assert response.status_code == 200
    csv = staff_client.get(reverse("shop_staff:dashboard_csv"))
    assert csv["Content-Type"].startswith("text/csv")


def test_footfall_entry(staff_client):
    response = staff_client.post(
        reverse("shop_staff:footfall"), {"day": timezone.localdate().isoformat(), "visitors": "120"}
    )
    assert response.status_code == 302


def test_home_member_portal_and_staff_pages_show_shop_sections(
    visitor, member_client, staff_client, bowl, member
):
    assert "Bol en hêtre" in visitor.get("/").text
    assert "Bol en hêtre" in visitor.get(member.get_absolute_url()).text
    assert "unités en rayon" in member_client.get(reverse("pages:portal_home")).text
    assert "Boutique aujourd" in staff_client.get(reverse("pages:staff_home")).text


def _fill_shop(member, category, staff_user, count):
    for _ in range(count):
        product = ProductFactory(member=member, category=category, stock=5)
        sale = services.sale_create(quantities={product.pk: 1}, payment_method="cash", seller=staff_user)
        services.order_create(basket={product.pk: 1}, name="Léa", email="lea@example.org", phone="0612345678")
        services.deposit_request(member=member, actor=staff_user, quantities={product.pk: 2})
    return sale


@pytest.mark.parametrize(
    ("client_name", "url_name", "ceiling"),
    [
        ("staff_client", "shop_staff:sale_list", 12),
        ("staff_client", "shop_staff:order_list", 12),
        ("staff_client", "shop_staff:deposit_list", 12),
        ("staff_client", "shop_staff:product_list", 12),
        ("staff_client", "shop_staff:statement_list", 12),
        ("staff_client", "shop_staff:counter", 22),  # + till, session, sign-in event (JET)
        ("member_client", "shop_portal:sales", 12),
        ("member_client", "shop_portal:deposit_list", 12),
        ("member_client", "shop_portal:statement_list", 12),
    ],
)
def test_list_pages_query_count_does_not_grow_with_rows(
    request,
    client_name,
    url_name,
    ceiling,
    member,
    crafts_category,
    staff_user,
    django_assert_max_num_queries,
):
    client = request.getfixturevalue(client_name)
    _fill_shop(member, crafts_category, staff_user, 12)
    with django_assert_max_num_queries(ceiling):
        assert client.get(reverse(url_name)).status_code == 200


def test_staff_generate_draft_statements_for_a_month(staff_client, bowl, honey, staff_user):
    services.sale_create(quantities={bowl.pk: 1, honey.pk: 1}, payment_method="cash", seller=staff_user)
    period = timezone.localdate().replace(day=1)
    response = staff_client.post(
        reverse("shop_staff:statement_list"), {"period": f"{period:%Y-%m}", "action": "generate"}
    )
    assert response.status_code == 302
    assert Statement.objects.filter(period=period, status=Statement.Status.DRAFT).count() == 2
    response = staff_client.post(
        reverse("shop_staff:statement_list"), {"period": f"{period:%Y-%m}", "action": "close"}, follow=True
    )
    assert "pas terminé" in response.text
    assert not Statement.objects.exclude(status=Statement.Status.DRAFT).exists()


def test_shop_jobs_are_scheduled():
    from config.celery import collect_schedule

    tasks = {job["task"] for job in collect_schedule().values()}
    assert {"shop.tasks.release_expired_orders", "shop.tasks.send_stock_alerts"} <= tasks


def test_counter_add_with_a_bad_product_id_is_404_not_an_error(staff_client):
    assert staff_client.post(reverse("shop_staff:counter_add"), {"product": "abc"}).status_code == 404


def test_closing_list_shows_payment_methods_in_french(staff_client, bowl, staff_user):
    services.sale_create(quantities={bowl.pk: 1}, payment_method="voucher", seller=staff_user)
    assert "Bon cadeau" in staff_client.get(reverse("shop_staff:closing_list")).text


@pytest.fixture
def shop_objects(member, member_user, bowl, staff_user):
    period = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    sale = sell_on(period, quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user)
    order = services.order_create(
        basket={bowl.pk: 1}, name="Léa", email="lea@example.org", phone="0612345678"
    )
    slip = services.deposit_request(member=member, actor=member_user, quantities={bowl.pk: 2})
    services.statement_close_month(period=period, actor=staff_user)
    return {"sale": sale, "order": order, "slip": slip, "period": f"{period:%Y-%m}", "member": member}


def _staff_detail_urls(o):
    return [
        ("get", reverse("shop_staff:receipt", args=[o["sale"].reference])),
        ("get", reverse("shop_staff:sale_reverse", args=[o["sale"].reference])),
        ("get", reverse("shop_staff:order_detail", args=[o["order"].reference])),
        ("post", reverse("shop_staff:order_action", args=[o["order"].reference, "prete"])),
        ("get", reverse("shop_staff:deposit_detail", args=[o["slip"].reference])),
        ("get", reverse("shop_staff:product_stock", args=["bol-en-hetre"])),
        ("get", reverse("shop_staff:statement_detail", args=[o["member"].slug, o["period"]])),
        ("get", reverse("shop_staff:statement_pdf", args=[o["member"].slug, o["period"]])),
        ("get", reverse("shop_staff:statement_csv", args=[o["member"].slug, o["period"]])),
        ("get", reverse("shop_staff:dashboard_csv")),
        ("get", reverse("shop_staff:counter_search") + "?q=bol"),
        ("post", reverse("shop_staff:counter_scan")),
        ("post", reverse("shop_staff:counter_add")),
        ("post", reverse("shop_staff:counter_line")),
        ("post", reverse("shop_staff:counter_clear")),
        ("post", reverse("shop_staff:counter_checkout")),
        ("get", reverse("shop_staff:footfall")),
    ]


def test_staff_detail_pages_and_actions_refuse_everyone_but_office_staff(
    visitor, member_client, coordinator_client, staff_client, shop_objects
):
    for method, url in _staff_detail_urls(shop_objects):
        assert getattr(visitor, method)(url).status_code == 302, url
        assert getattr(member_client, method)(url).status_code == 403, url
        assert getattr(coordinator_client, method)(url).status_code == 403, url
        if method == "get":
            assert staff_client.get(url).status_code == 200, url
    assert Order.objects.get().status == Order.Status.RESERVED


def test_portal_pages_refuse_anonymous_and_scope_to_the_member(
    visitor, other_client, member_client, shop_objects
):
    own = [
        reverse("shop_portal:product_list"),
        reverse("shop_portal:product_create"),
        reverse("shop_portal:deposit_list"),
        reverse("shop_portal:deposit_request"),
        reverse("shop_portal:sales"),
        reverse("shop_portal:statement_list"),
    ]
    scoped = [
        reverse("shop_portal:product_detail", args=["bol-en-hetre"]),
        reverse("shop_portal:product_update", args=["bol-en-hetre"]),
        reverse("shop_portal:deposit_detail", args=[shop_objects["slip"].reference]),
        reverse("shop_portal:statement_detail", args=[shop_objects["period"]]),
        reverse("shop_portal:statement_pdf", args=[shop_objects["period"]]),
        reverse("shop_portal:statement_csv", args=[shop_objects["period"]]),
    ]
    for url in own + scoped:
        assert visitor.get(url).status_code == 302, url
        assert member_client.get(url).status_code == 200, url
    for url in scoped:
        assert other_client.get(url).status_code == 404, url
    response = other_client.get(reverse("shop_portal:statement_list"))
    assert "Atelier d" not in response.text and shop_objects["period"] not in response.text


def test_basket_update_with_a_negative_quantity_changes_nothing(visitor, bowl):
    visitor.post(reverse("shop:product_detail", args=[bowl.slug]), {"quantity": "2"})
    response = visitor.post(reverse("shop:basket"), {f"qty_{bowl.pk}": "-3"}, follow=True)
    assert "nombre entier positif" in response.text
    assert 'value="2"' in response.text
