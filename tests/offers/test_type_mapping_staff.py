"""Issue 11 point 10: type mappings on staff pages (not only the admin): French labels, the number
of offers per type, the types no mapping covers, editing re-maps offers, deleting confirms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from common.models import ActionLog
from offers.models import Offer, TypeMapping
from tests.factories.offers import OfferFactory

pytestmark = pytest.mark.django_db

LIST = reverse("offers_staff:type_mapping_list")
CREATE = reverse("offers_staff:type_mapping_create")


def _imported(*types, status=Offer.Status.PUBLISHED):
    return OfferFactory(
        source="apidae",
        external_id=f"ext-{'-'.join(types)}-{status}",
        source_types=list(types),
        status=status,
    )


@pytest.fixture
def tasting(db):
    return TypeMapping.objects.create(
        source="apidae", code="ZZ_DEGUST", families=["food"], kind="tasting", audiences=["families"]
    )


def test_list_shows_labels_and_offer_counts(staff_client, tasting):
    _imported("ZZ_DEGUST")
    _imported("zz_degust", "ZZ_FERME")
    _imported("ZZ_DEGUST", status=Offer.Status.ARCHIVED)
    html = staff_client.get(LIST).content.decode()
    row = html.split("ZZ_DEGUST</a>", 1)[1].split("</tr>", 1)[0]
    assert "Gastronomie" in row and "Dégustation" in row and "Familles" in row
    assert ">food<" not in row
    assert '<td class="num">2</td>' in row
    # A type met in offers without a mapping is listed with its count and a link to map it.
    unmapped = html.split("sans correspondance", 1)[1]
    assert "ZZ_FERME" in unmapped
    assert f"{CREATE}?source=apidae&amp;code=ZZ_FERME" in unmapped


def test_list_query_count_does_not_grow_with_offers(staff_client, tasting, django_assert_max_num_queries):
    for n in range(15):
        _imported("ZZ_DEGUST", f"TYPE_{n}")
    with django_assert_max_num_queries(12):
        assert staff_client.get(LIST).status_code == 200


def test_create_from_an_unmapped_type_remaps_offers_and_logs(staff_client, staff_user):
    offer = _imported("ZZ_FERME")
    page = staff_client.get(CREATE + "?source=apidae&code=ZZ_FERME").content.decode()
    assert 'value="ZZ_FERME"' in page and 'type="checkbox" name="families" value="heritage"' in page
    response = staff_client.post(
        CREATE,
        {
            "source": "apidae",
            "code": "ZZ_FERME",
            "families": ["outdoor"],
            "kind": "activity",
            "priority": "50",
        },
    )
    mapping = TypeMapping.objects.get(code="ZZ_FERME")
    assert response.status_code == 302 and response.url == reverse(
        "offers_staff:type_mapping_edit", args=[mapping.pk]
    )
    offer.refresh_from_db()
    assert offer.families == ["outdoor"] and offer.kind == "activity"
    log = ActionLog.objects.get(action="offers.type_mapping.created")
    assert log.actor == staff_user and log.data["offers"] == 1
    page = staff_client.get(response.url).content.decode()
    assert "Correspondance de type créée" in page and "Nathalie" in page
    assert "1 offre importée (hors archivées) porte ce type." in page


def test_edit_changes_offers_and_the_trail_says_what_was_before(staff_client, tasting):
    offer = _imported("ZZ_DEGUST")
    from offers import services

    services.offer_apply_type_mappings(source="apidae")
    url = reverse("offers_staff:type_mapping_edit", args=[tasting.pk])
    staff_client.post(
        url,
        {
            "source": "apidae",
            "code": "ZZ_DEGUST",
            "families": ["wine"],
            "kind": "tasting",
            "priority": "100",
        },
    )
    offer.refresh_from_db()
    assert offer.families == ["wine"]
    page = staff_client.get(url).content.decode()
    assert "Correspondance de type modifiée" in page
    assert "Gastronomie" in page.split("Historique", 1)[1]


def test_bad_input_names_the_field_and_keeps_the_input(staff_client, tasting):
    response = staff_client.post(
        CREATE,
        {
            "source": "apidae",
            "code": "zz_degust",
            "label": "gardé",
            "families": ["food"],
            "priority": "abc",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez un nombre entier" in html and 'value="gardé"' in html
    response = staff_client.post(CREATE, {"source": "apidae", "code": "zz_degust", "priority": "1"})
    assert "Code ou libellé à la source : une correspondance existe déjà" in response.content.decode()
    response = staff_client.post(
        CREATE, {"source": "apidae", "code": "X", "families": ["nope"], "priority": "1"}
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not TypeMapping.objects.filter(code__in=["zz_degust", "X"]).exists()


def test_delete_asks_for_confirmation_with_the_count(staff_client, tasting):
    offer = _imported("ZZ_DEGUST")
    url = reverse("offers_staff:type_mapping_delete", args=[tasting.pk])
    page = staff_client.get(url).content.decode()
    assert "1 offre importée de Apidae porte ce type" in page and "Confirmer la suppression" in page
    assert TypeMapping.objects.filter(pk=tasting.pk).exists()
    assert staff_client.post(url).status_code == 302
    assert not TypeMapping.objects.filter(pk=tasting.pk).exists()
    offer.refresh_from_db()
    assert offer.families == []
    assert ActionLog.objects.filter(action="offers.type_mapping.deleted", object_id=str(tasting.pk)).exists()


def test_type_mapping_pages_are_for_office_staff_only(
    visitor, member_client, plain_client, coordinator_client, tasting
):
    urls = [
        LIST,
        CREATE,
        reverse("offers_staff:type_mapping_edit", args=[tasting.pk]),
        reverse("offers_staff:type_mapping_delete", args=[tasting.pk]),
    ]
    for url in urls:
        assert visitor.get(url).status_code == 302, url
        assert member_client.get(url).status_code == 403, url
        assert plain_client.get(url).status_code == 403, url
        assert coordinator_client.get(url).status_code == 403, url
        assert (
            coordinator_client.post(url, {"source": "apidae", "code": "Z", "priority": "1"}).status_code
            == 403
        )
    assert not TypeMapping.objects.filter(code="Z").exists()
    assert TypeMapping.objects.filter(pk=tasting.pk).exists()
