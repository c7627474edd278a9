"""Bad input on the offers' forms: the member's offer with its opening periods (portal); reject,
bulk actions and the admin import upload (staff)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from offers.models import Offer, OpeningPeriod
from tests.factories.offers import OfferFactory

from .helpers import SCRIPT, assert_kept, assert_redisplayed, fake_image, snapshot

pytestmark = pytest.mark.django_db

PERIODS_EMPTY = {
    "periods-TOTAL_FORMS": "2",
    "periods-INITIAL_FORMS": "0",
    "periods-MIN_NUM_FORMS": "0",
    "periods-MAX_NUM_FORMS": "12",
}


def _offer(where, **overrides):
    data = {
        "title": "Visite de la scierie",
        "families": ["heritage"],
        "kind": "visit",
        "short_description": "Le bois du massif, de la grume à la planche.",
        "description": SCRIPT,
        "commune": where.insee_code,
        "price_min": "5",
        "price_max": "8",
        "duration_minutes": "90",
        **PERIODS_EMPTY,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Ce champ est obligatoire"),
        ("title", "T" * 256, "au plus 255 caractères"),
        ("families", [], "Ce champ est obligatoire"),
        ("kind", "safari", "Sélectionnez un choix valide"),
        ("short_description", "s" * 401, "au plus 400 caractères"),
        ("commune", "99999", "Sélectionnez un choix valide"),
        ("price_min", "-5", "supérieure ou égale à 0"),
        ("price_min", "5.555", "pas plus de 2 chiffres après la virgule"),
        ("price_max", "2", "Le prix maximum doit être supérieur ou égal au prix minimum"),
        ("duration_minutes", "0", "supérieure ou égale à 5"),
        ("duration_minutes", "999999", "inférieure ou égale à 20160"),
        ("latitude", "91", "inférieure ou égale à 90"),
        ("email", "scierie@", "adresse de courriel valide"),
        ("website", "pas une adresse", "URL valide"),
        ("transport_note", "", "Précisez comment venir sans voiture"),
    ],
)
def test_offer_create_bad_field_creates_nothing(member_client, member, field, value, message):
    data = _offer(member.commune, **{field: value})
    if field == "transport_note":
        data["without_car"] = "on"
    if field == "latitude":
        data["longitude"] = "5.8"
    response = member_client.post(reverse("offers_portal:offer_create"), data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    if field != "title":
        assert_kept(page, "Visite de la scierie")
    assert SCRIPT not in page
    assert Offer.objects.count() == 0


def test_offer_create_fake_photo_is_named_by_its_file(member_client, member):
    data = _offer(member.commune, image=fake_image("scierie.jpg"), image_alt="La scie")
    response = member_client.post(reverse("offers_portal:offer_create"), data)
    page = assert_redisplayed(
        response, field="image", label="Photo", message="« scierie.jpg » n'est pas une image valide"
    )
    assert_kept(page, "Visite de la scierie", "La scie")
    assert Offer.objects.count() == 0


@pytest.mark.parametrize(
    ("period", "field", "message"),
    [
        ({"starts_on": "2030-06-30", "ends_on": "2030-06-01"}, "ends_on", "La date de fin doit suivre"),
        (
            {"starts_on": "2030-06-01", "ends_on": "2030-06-30", "opens_at": "18:00", "closes_at": "09:00"},
            "closes_at",
            "L'heure de fermeture doit suivre",
        ),
        ({"starts_on": "30/02/2030", "ends_on": "2030-06-30"}, "starts_on", "Saisissez une date valide"),
        (
            {"starts_on": "2030-06-01", "ends_on": "2030-06-30", "weekdays": ["9"]},
            "weekdays",
            "Sélectionnez un choix valide",
        ),
    ],
)
def test_offer_update_bad_period_changes_nothing(member_client, member, period, field, message):
    offer = OfferFactory(
        member=member, status=Offer.Status.DRAFT, published_at=None, title="Visite de la scierie"
    )
    before = snapshot(Offer, OpeningPeriod)
    data = _offer(member.commune, title="Nouveau titre", **{f"periods-0-{k}": v for k, v in period.items()})
    response = member_client.post(reverse("offers_portal:offer_update", args=[offer.slug]), data)
    label = str(response.context["formset"].forms[0][field].label)
    page = assert_redisplayed(response, field=field, label=label, message=message)
    assert_kept(page, "Nouveau titre", period["starts_on"])
    assert snapshot(Offer, OpeningPeriod) == before


def test_staff_reject_without_reason_keeps_the_offer(staff_client, member):
    offer = OfferFactory(member=member, status=Offer.Status.SUBMITTED, published_at=None)
    before = snapshot(Offer)
    response = staff_client.post(
        reverse("offers_staff:offer_transition", args=[offer.slug, "reject"]), {"reason": "   "}
    )
    assert_redisplayed(response, field="reason", label="Motif du refus", message="Ce champ est obligatoire")
    assert snapshot(Offer) == before


def test_staff_bulk_reject_without_reason_names_the_field_and_changes_nothing(staff_client, member):
    offer = OfferFactory(member=member, status=Offer.Status.SUBMITTED, published_at=None)
    before = snapshot(Offer)
    response = staff_client.post(
        reverse("offers_staff:offer_bulk"),
        {"action": "reject", "offers": [str(offer.uuid)], "reason": ""},
        follow=True,
    )
    assert "Motif (pour un refus) : Indiquez le motif du refus." in response.content.decode()
    assert snapshot(Offer) == before


def test_staff_bulk_unknown_action_changes_nothing(staff_client, member):
    offer = OfferFactory(member=member, status=Offer.Status.SUBMITTED, published_at=None)
    before = snapshot(Offer)
    response = staff_client.post(
        reverse("offers_staff:offer_bulk"), {"action": "detruire", "offers": [str(offer.uuid)]}, follow=True
    )
    assert "Action : Sélectionnez un choix valide" in response.content.decode()
    assert snapshot(Offer) == before


def test_admin_import_upload_of_a_wrong_file_type_records_no_run(staff_user, staff_client):
    from django.contrib.auth.models import Permission
    from django.core.files.uploadedfile import SimpleUploadedFile

    from offers.models import ImportRun

    staff_user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_importrun", "change_importrun"])
    )
    response = staff_client.post(
        reverse("admin:offers_importrun_upload"),
        {"file": SimpleUploadedFile("offres.xlsx", b"PK\x03\x04 pas un export"), "url": "", "source": ""},
    )
    assert_redisplayed(
        response, field="file", label="Fichier (zip ou JSON)", message="Envoyez un fichier .zip ou .json"
    )
    assert ImportRun.objects.count() == 0


def test_admin_import_upload_of_a_bad_url_records_no_run(staff_user, staff_client):
    from django.contrib.auth.models import Permission

    from offers.models import ImportRun

    staff_user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_importrun", "change_importrun"])
    )
    response = staff_client.post(
        reverse("admin:offers_importrun_upload"), {"url": "ftp//apidae", "source": "x"}
    )
    page = assert_redisplayed(response, field="url", label="ou adresse (URL)", message="URL valide")
    assert_redisplayed(response, field="source", label="Format", message="Sélectionnez un choix valide")
    assert_kept(page, "ftp//apidae")
    assert ImportRun.objects.count() == 0


def test_admin_import_upload_with_neither_file_nor_url_records_no_run(staff_user, staff_client):
    from django.contrib.auth.models import Permission

    from offers.models import ImportRun

    staff_user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_importrun", "change_importrun"])
    )
    response = staff_client.post(reverse("admin:offers_importrun_upload"), {"url": "", "source": "apidae"})
    assert response.status_code == 200
    assert "Choisissez un fichier ou indiquez une adresse." in response.content.decode()
    assert ImportRun.objects.count() == 0
