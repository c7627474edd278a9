"""Pages by audience: public offer page, member portal, staff review; permission negatives."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from offers.models import Offer
from tests.factories.offers import ImportRunFactory, OfferFactory, OpeningPeriodFactory

pytestmark = pytest.mark.django_db

S = Offer.Status


# --- public -----------------------------------------------------------------------------------


def test_offer_page_shows_periods_contacts_badge_and_json_ld(visitor, member):
    offer = OfferFactory(
        title="Dégustation au rucher",
        member=member,
        kind="tasting",
        phone="04 76 00 00 00",
        badge_level="engagé",
        badge_expires_on=timezone.localdate() + dt.timedelta(days=100),
        badge_scores={"social": {"label": "Social", "score": 55, "commitments": ["Accueil de stagiaires"]}},
    )
    OpeningPeriodFactory(
        offer=offer,
        starts_on=dt.date(2030, 6, 1),
        ends_on=dt.date(2030, 9, 30),
        weekdays=[2, 5],
        opens_at=dt.time(14),
        closes_at=dt.time(18),
    )
    response = visitor.get(f"/offres/{offer.slug}/")
    content = response.content.decode()
    assert response.status_code == 200
    hours = "de 14\u00a0h\u00a000 à 18\u00a0h\u00a000"
    assert f"du 1er juin 2030 au 30 septembre 2030, mercredi et samedi, {hours}" in content
    assert "Accueil de stagiaires" in content and "04 76 00 00 00" in content
    assert member.get_absolute_url() in content
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1)
    )
    assert data["name"] == "Dégustation au rucher" and data["geo"]["latitude"] == offer.latitude


def test_imported_offer_page_shows_its_attribution(visitor):
    offer = OfferFactory(
        source="datatourisme",
        external_id="https://data.datatourisme.gouv.fr/x",
        attribution_name="Tours Val de Loire Tourisme",
        attribution_updated_on=dt.date(2020, 4, 15),
    )
    content = visitor.get(f"/offres/{offer.slug}/").content.decode()
    assert "Tours Val de Loire Tourisme" in content and "15 avril 2020" in content


@pytest.mark.parametrize("status", ["draft", "submitted", "preselected", "rejected", "archived"])
def test_unpublished_offer_page_is_not_found(visitor, status):
    offer = OfferFactory(status=status)
    assert visitor.get(f"/offres/{offer.slug}/").status_code == 404


# --- portal -----------------------------------------------------------------------------------


def test_portal_list_needs_a_member(visitor, plain_client):
    response = visitor.get("/portail/offres/")
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert plain_client.get("/portail/offres/").status_code == 403


def test_member_creates_then_submits_an_offer(member_client, member):
    response = member_client.post(
        "/portail/offres/nouvelle/",
        {
            "title": "Initiation au tournage",
            "families": ["heritage"],
            "kind": "activity",
            "short_description": "Deux heures au tour à bois.",
            "commune": member.commune.insee_code,
            "periods-TOTAL_FORMS": "2",
            "periods-INITIAL_FORMS": "0",
            "periods-0-starts_on": "2030-04-01",
            "periods-0-ends_on": "2030-10-31",
            "periods-0-weekdays": ["5"],
        },
    )
    offer = Offer.objects.get(title="Initiation au tournage")
    assert response.status_code == 302 and offer.member == member and offer.status == S.DRAFT
    assert offer.periods.get().weekdays == [5]

    member_client.post(f"/portail/offres/{offer.slug}/soumettre/")
    offer.refresh_from_db()
    assert offer.status == S.SUBMITTED


def test_bad_input_names_the_field_and_keeps_what_was_typed(member_client):
    response = member_client.post(
        "/portail/offres/nouvelle/",
        {
            "title": "Balade des sources",
            "families": ["outdoor"],
            "kind": "excursion",
            "short_description": "Une boucle facile.",
            "price_min": "30",
            "price_max": "10",
            "without_car": "on",
            "periods-TOTAL_FORMS": "2",
            "periods-INITIAL_FORMS": "0",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Le prix maximum doit être supérieur ou égal au prix minimum." in content
    assert "Précisez comment venir sans voiture." in content
    assert 'value="Balade des sources"' in content
    assert not Offer.objects.exists()


def test_another_members_offer_is_not_found(other_client, member):
    offer = OfferFactory(member=member, status=S.DRAFT)
    assert other_client.get(f"/portail/offres/{offer.slug}/modifier/").status_code == 404
    assert other_client.post(f"/portail/offres/{offer.slug}/soumettre/").status_code == 404
    offer.refresh_from_db()
    assert offer.status == S.DRAFT


def test_member_sees_the_rejection_reason(member_client, member):
    OfferFactory(member=member, title="Stage", status=S.REJECTED, rejection_reason="Photos manquantes.")
    content = member_client.get("/portail/offres/").content.decode()
    assert "Photos manquantes." in content


def test_archived_offer_cannot_be_edited_from_the_portal(member_client, member):
    offer = OfferFactory(member=member, status=S.ARCHIVED, title="Publiée")
    response = member_client.post(
        f"/portail/offres/{offer.slug}/modifier/",
        {
            "title": "Changée",
            "families": ["heritage"],
            "kind": "visit",
            "short_description": "x",
            "periods-TOTAL_FORMS": "0",
            "periods-INITIAL_FORMS": "0",
        },
    )
    assert "ne peut plus être modifiée" in response.content.decode()
    offer.refresh_from_db()
    assert offer.title == "Publiée"


# --- staff ------------------------------------------------------------------------------------


def test_staff_list_is_closed_to_anonymous_and_members(visitor, member_client):
    assert visitor.get("/staff/offres/").status_code == 302
    assert member_client.get("/staff/offres/").status_code == 403
    assert member_client.post("/staff/offres/actions/", {"action": "publish"}).status_code == 403


def test_staff_preselect_in_bulk(staff_client):
    offers = [OfferFactory(status=S.DRAFT, source="apidae", external_id=str(n)) for n in range(3)]
    response = staff_client.post(
        "/staff/offres/actions/",
        {
            "action": "preselect",
            "offers": [str(o.uuid) for o in offers[:2]],
        },
    )
    assert response.status_code == 302
    assert sorted(Offer.objects.values_list("status", flat=True)) == ["draft", "preselected", "preselected"]


def test_staff_bulk_reject_without_reason_changes_nothing(staff_client):
    offer = OfferFactory(status=S.SUBMITTED)
    staff_client.post("/staff/offres/actions/", {"action": "reject", "offers": [str(offer.uuid)]})
    offer.refresh_from_db()
    assert offer.status == S.SUBMITTED


def test_staff_reject_from_the_offer_page_needs_a_reason(staff_client):
    offer = OfferFactory(status=S.SUBMITTED)
    response = staff_client.post(f"/staff/offres/{offer.slug}/reject/", {"reason": ""})
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()
    staff_client.post(f"/staff/offres/{offer.slug}/reject/", {"reason": "Doublon d'une autre fiche."})
    offer.refresh_from_db()
    assert offer.status == S.REJECTED and offer.rejection_reason == "Doublon d'une autre fiche."


def test_staff_publish_from_the_offer_page(staff_client):
    offer = OfferFactory(status=S.PRESELECTED)
    staff_client.post(f"/staff/offres/{offer.slug}/publish/")
    offer.refresh_from_db()
    assert offer.status == S.PUBLISHED


def test_coordinator_sees_only_offers_of_their_antenna(coordinator_client, commune, other_member):
    mine = OfferFactory(title="Chez moi", commune=commune, status=S.SUBMITTED)
    theirs = OfferFactory(title="Ailleurs", commune=other_member.commune, status=S.SUBMITTED)
    response = coordinator_client.get("/staff/offres/")
    assert [o.title for o in response.context["offers"]] == ["Chez moi"]
    assert coordinator_client.get(f"/staff/offres/{theirs.slug}/").status_code == 404
    assert coordinator_client.get(f"/staff/offres/{mine.slug}/").status_code == 200


def test_import_pages_are_for_office_staff(staff_client, coordinator_client, member_client):
    run = ImportRunFactory()
    run.errors.create(external_id="42", path="objets_modifies-1.json[3]", reason="titre manquant")
    assert "titre manquant" in staff_client.get(f"/staff/offres/imports/{run.pk}/").content.decode()
    assert staff_client.get("/staff/offres/imports/").status_code == 200
    assert coordinator_client.get("/staff/offres/imports/").status_code == 403
    assert member_client.get(f"/staff/offres/imports/{run.pk}/").status_code == 403


def test_staff_list_query_count_is_bounded(staff_client, django_assert_max_num_queries):
    for n in range(3):
        OfferFactory(status=S.SUBMITTED, title=f"A{n}")
    with django_assert_max_num_queries(20) as small:
        staff_client.get("/staff/offres/")
    for n in range(30):
        OfferFactory(status=S.SUBMITTED, title=f"B{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff_client.get("/staff/offres/")


# --- composed pages ---------------------------------------------------------------------------


def test_home_member_page_portal_and_staff_home_show_offer_sections(
    visitor, member, member_client, staff_client
):
    OfferFactory(title="Rucher ouvert", member=member, families=["food"])
    OfferFactory(title="Brouillon caché", member=member, status=S.DRAFT)
    assert "Rucher ouvert" in visitor.get("/").content.decode()
    page = visitor.get(member.get_absolute_url()).content.decode()
    assert "Rucher ouvert" in page and "Brouillon caché" not in page
    assert "Mes offres touristiques" in member_client.get("/portail/").content.decode()
    assert "Offres à relire" in staff_client.get("/staff/").content.decode()


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 160, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


def _offer_post(**extra):
    data = {
        "title": "Atelier vannerie",
        "families": ["heritage"],
        "kind": "activity",
        "short_description": "Tresser son panier.",
        "periods-TOTAL_FORMS": "0",
        "periods-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_member_uploads_a_verified_photo(member_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("panier.png", _png(), content_type="image/png")
    member_client.post("/portail/offres/nouvelle/", _offer_post(image=upload, image_alt="Un panier en osier"))
    image = Offer.objects.get().images.get()
    assert image.alt == "Un panier en osier" and image.image.name.endswith(".png")


def test_a_fake_photo_is_refused_and_nothing_is_saved(member_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("panier.png", b"pas une image", content_type="image/png")
    response = member_client.post(
        "/portail/offres/nouvelle/", _offer_post(image=upload, image_alt="Un panier")
    )
    assert "pas une image valide" in response.content.decode()
    assert not Offer.objects.exists()
