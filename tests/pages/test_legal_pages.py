"""Legal and contact pages: present on a fresh database, edited by office staff (not code), linked
from every page and every e-mail; offices' details and opening hours."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from network.models import Office
from pages.models import LegalPage
from tests.factories.network import UserFactory

pytestmark = pytest.mark.django_db

LEGAL_URLS = ["/mentions-legales/", "/conditions-de-vente/", "/confidentialite/", "/accessibilite/"]


@pytest.fixture
def main_office(antenna):
    return Office.objects.create(
        name="Office de tourisme d'Entremont & <Cie>",
        legal_name="Association Maillage",
        legal_form="Association loi 1901",
        is_main=True,
        address="Place de la Mairie",
        postcode="38380",
        city="Saint-Pierre-de-Chartreuse",
        phone="04 76 88 62 08",
        email="accueil@example.org",
        opening_hours="Lundi–samedi : 9 h 00 – 12 h 30",
        siret="81234567800016",
        vat_number="FR40812345678",
        publication_director="Marie Girard",
    )


@pytest.mark.parametrize("url", LEGAL_URLS)
def test_every_legal_page_exists_on_a_fresh_database(visitor, url):
    response = visitor.get(url)
    assert response.status_code == 200
    assert "<h2>" in response.content.decode()


def test_legal_notice_names_the_publisher_from_the_main_office(visitor, main_office):
    html = visitor.get("/mentions-legales/").content.decode()
    for text in (
        "Association Maillage",
        "Association loi 1901",
        "81234567800016",
        "FR40812345678",
        "Marie Girard",
    ):
        assert text in html


def test_accessibility_statement_and_footer_give_the_compliance_state(visitor):
    html = visitor.get("/accessibilite/").content.decode()
    assert "partiellement conforme" in html
    home = visitor.get("/").content.decode()
    assert "Accessibilité : partiellement conforme" in home
    for url in ["/contact/", *LEGAL_URLS]:
        assert f'href="{url}"' in home


def test_contact_page_lists_offices_with_hours(visitor, main_office, other_antenna):
    Office.objects.create(
        name="Point d'accueil du Sappey", antenna=other_antenna, opening_hours="Mercredi : 9 h 30"
    )
    html = visitor.get("/contact/").content.decode()
    assert "Office de tourisme d&#x27;Entremont &amp; &lt;Cie&gt;" in html
    assert "Lundi–samedi : 9 h 00 – 12 h 30" in html and "Point d&#x27;accueil du Sappey" in html
    assert 'href="tel:0476886208"' in html


def test_pages_read_in_english(visitor):
    visitor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = visitor.get("/conditions-de-vente/").content.decode()
    assert "Terms and conditions of sale" in html and "Right of withdrawal" in html


def test_office_staff_edit_a_legal_page_and_the_site_shows_it(staff_client, staff_user):
    url = reverse("pages:legal_edit", args=["mentions-legales"])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url,
        {
            "title": "Mentions légales",
            "body": "## Hébergeur\nOVH & Cie, 2 rue Kellermann, Roubaix",
            "title_en": "Legal notice",
        },
    )
    assert response.status_code == 302
    page = LegalPage.objects.get(slug="mentions-legales")
    assert page.updated_by == staff_user and page.title_en == "Legal notice"
    html = Client().get("/mentions-legales/").content.decode()
    assert "<h2>Hébergeur</h2>" in html and "OVH &amp; Cie" in html


def test_a_script_in_a_legal_text_is_shown_as_text(staff_client):
    staff_client.post(
        reverse("pages:legal_edit", args=["confidentialite"]),
        {"title": "Confidentialité", "body": "<script>alert(1)</script>"},
    )
    html = Client().get("/confidentialite/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_accessibility_state_is_edited_and_the_footer_follows(staff_client):
    staff_client.post(
        reverse("pages:legal_edit", args=["accessibilite"]),
        {"title": "Déclaration d'accessibilité", "body": "Texte.", "compliance": "full"},
    )
    assert "Accessibilité : totalement conforme" in Client().get("/").content.decode()


def test_empty_title_is_refused_with_a_french_message_and_keeps_the_text(staff_client):
    before = LegalPage.objects.get(slug="conditions-de-vente").body
    response = staff_client.post(
        reverse("pages:legal_edit", args=["conditions-de-vente"]), {"title": "", "body": "Mon nouveau texte"}
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Ce champ est obligatoire" in html and "Mon nouveau texte" in html
    assert LegalPage.objects.get(slug="conditions-de-vente").body == before


def test_staff_add_an_office_and_make_it_the_main_one(staff_client, main_office):
    response = staff_client.post(
        reverse("pages:office_create"),
        {
            "name": "Office du Granier",
            "is_main": "on",
            "phone": "04 79 00 00 00",
            "postcode": "73670",
            "city": "Entremont",
            "siret": "812 345 678 00099",
            "vat_number": "fr40 812345678",
            "position": "1",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    new = Office.objects.get(name="Office du Granier")
    assert new.is_main and new.siret == "81234567800099" and new.vat_number == "FR40812345678"
    main_office.refresh_from_db()
    assert not main_office.is_main


def test_bad_office_details_are_named_and_nothing_changes(staff_client, main_office):
    response = staff_client.post(
        reverse("pages:office_edit", args=[main_office.pk]),
        {
            "name": "Renommé",
            "phone": "abc",
            "siret": "123",
            "vat_number": "XX1",
            "latitude": "95",
            "position": "0",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    for message in ("numéro de téléphone valide", "14 chiffres", "FR suivi de 11", "entre -90 et 90"):
        assert message in html
    assert 'value="Renommé"' in html
    main_office.refresh_from_db()
    assert main_office.name != "Renommé"


@pytest.mark.parametrize(
    "url_name,kwargs",
    [
        ("pages:site_settings", {}),
        ("pages:legal_edit", {"slug": "mentions-legales"}),
        ("pages:office_create", {}),
    ],
)
def test_site_settings_need_office_staff(url_name, kwargs, visitor, member_client, coordinator_client):
    url = reverse(url_name, kwargs=kwargs)
    assert visitor.get(url).status_code == 302
    assert member_client.get(url).status_code == 403
    assert coordinator_client.get(url).status_code == 403
    assert member_client.post(url, {"title": "Piraté", "body": "x", "name": "Piraté"}).status_code == 403
    assert not Office.objects.filter(name="Piraté").exists()
    assert not LegalPage.objects.filter(title="Piraté").exists()


def test_every_email_ends_with_the_office_and_the_legal_links(settings):
    from common.emails import send_templated_email

    settings.SITE_URL = "https://maillage.example"
    UserFactory()
    send_templated_email(
        template="shop/stock_alert", to=["office@example.org"], context={"products": [], "member": None}
    )
    [message] = mail.outbox
    assert "https://maillage.example/conditions-de-vente/" in message.body
    assert "https://maillage.example/confidentialite/" in message.body
    assert "https://maillage.example/contact/" in message.body


def test_staff_home_links_to_the_site_settings_for_office_staff_only(staff_client, coordinator_client):
    assert 'href="/staff/site/"' in staff_client.get("/staff/").content.decode()
    assert 'href="/staff/site/"' not in coordinator_client.get("/staff/").content.decode()
