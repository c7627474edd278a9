"""Content in the visitor's language: imported translations, texts members write in English,
French as the fallback (said on the page), and the English search."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from network.models import Craft
from offers.importers import run_import
from offers.models import Offer
from shop.models import Product
from tests.factories.offers import OfferFactory
from tests.factories.shop import CategoryFactory
from tests.factories.workshops import WorkshopFactory
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent.parent / "offers" / "data"


def _english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def _published(offer: Offer) -> Offer:
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.PUBLISHED)
    offer.refresh_from_db()
    return offer


def test_apidae_import_keeps_the_english_texts(data_dir, client):
    run_import(target=str(data_dir / "apidae" / "hot_fr_en.json"))
    offer = _published(Offer.objects.get(external_id="898922"))

    assert offer.short_description == "short desc fr"
    assert offer.short_description_en == "short desc en"
    assert "short desc fr" in client.get(offer.get_absolute_url()).content.decode()
    english = _english(client).get(offer.get_absolute_url()).content.decode()
    assert '<p class="lead">short desc en</p>' in english
    assert "Original text in French" not in english


def test_datatourisme_import_keeps_each_language_of_a_language_map():
    run_import(target=str(DATA / "datatourisme_mixed"))
    offer = Offer.objects.get(external_id="https://data.example.org/38/atelier-elise")

    assert offer.title == 'Atelier d\'Élise & fils <poterie> "grès"'
    assert offer.title_en == "Élise & Sons' <pottery> workshop"
    assert offer.short_description_en == "Throwing and glazing."
    # Only languages really given: no German invented from the French.
    assert offer.title_de is None


def test_an_english_visitor_sees_the_french_original_with_a_note(client):
    offer = OfferFactory(title="Four à pain du hameau", short_description="Cuisson au feu de bois le samedi.")

    english = _english(client).get(offer.get_absolute_url()).content.decode()

    assert "Cuisson au feu de bois le samedi." in english
    assert "Original text in French" in english
    assert 'lang="fr">Four à pain du hameau</h1>' in english


def test_the_english_search_finds_english_titles_with_english_stemming(client):
    OfferFactory(title="Atelier de tournage", title_en="Woodturning workshops for families")
    OfferFactory(title="Fromagerie du col")

    english = _english(client).get(reverse("offers:search"), {"q": "workshop"}).content.decode()
    assert "Woodturning workshops for families" in english
    assert "Fromagerie du col" not in english


def test_the_french_search_still_finds_french_words(client):
    OfferFactory(title="Atelier de tournage", title_en="Woodturning workshops")
    html = client.get(reverse("offers:search"), {"q": "tournage"}).content.decode()
    assert "Atelier de tournage" in html


def test_an_artisan_writes_the_workshop_in_english_from_the_portal(member_client, member, commune):
    response = member_client.post(
        reverse("workshops_portal:workshop_create"),
        {
            "title": "Bol en frêne",
            "title_en": "Ash-wood bowl",
            "summary_en": "Turn your own bowl",
            "craft": member.crafts.first().pk,
            "description": "Tournage d'un bol.",
            "description_en": "Turning a bowl on the lathe.",
            "duration_minutes": "150",
            "price": "40",
            "min_participants": "2",
            "max_participants": "6",
            "min_age": "10",
            "languages": ["fr", "en"],
            "audiences": ["adults"],
            "commune": commune.pk,
            "cancellation_deadline_hours": "48",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    workshop = Workshop.objects.get(title="Bol en frêne")
    assert workshop.title_en == "Ash-wood bowl" and workshop.description_en == "Turning a bowl on the lathe."

    form = member_client.get(
        reverse("workshops_portal:workshop_update", args=[workshop.slug])
    ).content.decode()
    assert 'value="Ash-wood bowl"' in form and 'lang="en"' in form

    visitor = _english(Client())
    page = visitor.get(workshop.get_absolute_url()).content.decode()
    assert "Ash-wood bowl" in page and "Turning a bowl on the lathe." in page
    assert "Original text in French" not in page
    assert "Bol en frêne" in Client().get(workshop.get_absolute_url()).content.decode()


def test_a_workshop_without_english_falls_back_to_french_on_the_catalogue(client, member):
    WorkshopFactory(member=member, title="Vannerie d'osier")
    english = _english(client).get(reverse("workshops:catalogue")).content.decode()
    assert 'lang="fr">Vannerie d&#x27;osier</a>' in english


def test_a_member_names_a_product_in_english(member_client, member):
    category = CategoryFactory()
    response = member_client.post(
        reverse("shop_portal:product_create"),
        {
            "name": "Miel de sapin",
            "name_en": "Fir honey",
            "category": category.pk,
            "price": "8.50",
            "vat_rate": "5.50",
            "low_stock_threshold": "2",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    product = Product.objects.get(name="Miel de sapin")
    assert product.name_en == "Fir honey" and product.description_en is None


def test_craft_english_names_are_translations():
    craft = Craft.objects.create(name="Tournage sur bois", slug="tournage", name_en="Woodturning")
    craft.refresh_from_db()
    assert craft.i18n == {"name_en": "Woodturning"}
    from django.utils import translation

    with translation.override("en"):
        assert craft.name_i18n == "Woodturning"
    with translation.override("fr"):
        assert craft.name_i18n == "Tournage sur bois"


def test_staff_name_a_craft_in_english_in_the_admin():
    from tests.conftest import _with_totp
    from tests.factories.network import UserFactory

    admin_client = Client()
    admin_client.force_login(
        _with_totp(UserFactory(email="root@example.org", is_staff=True, is_superuser=True))
    )
    response = admin_client.post(
        reverse("admin:network_craft_add"), {"name": "Vannerie", "slug": "vannerie", "name_en": "Basketry"}
    )
    assert response.status_code == 302
    assert Craft.objects.get(slug="vannerie").i18n == {"name_en": "Basketry"}
    page = admin_client.get(reverse("admin:network_craft_changelist")).content.decode()
    assert "Basketry" in page


def test_admin_forms_show_the_enabled_languages_only():
    from tests.conftest import _with_totp
    from tests.factories.network import UserFactory

    admin_client = Client()
    admin_client.force_login(
        _with_totp(UserFactory(email="root@example.org", is_staff=True, is_superuser=True))
    )
    offer = OfferFactory(title_en="Bread oven")
    workshop = WorkshopFactory()
    offer_form = admin_client.get(reverse("admin:offers_offer_change", args=[offer.pk])).content.decode()
    workshop_form = admin_client.get(
        reverse("admin:workshops_workshop_change", args=[workshop.pk])
    ).content.decode()

    assert 'name="title_en"' in offer_form and 'value="Bread oven"' in offer_form
    assert 'name="title_i18n"' not in offer_form and 'name="title_de"' not in offer_form
    assert 'name="description_en"' in workshop_form
