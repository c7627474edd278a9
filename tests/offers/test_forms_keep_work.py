"""Issue 11 point 7 (part): the offer and workshop forms place the location with a pin on a map
(hidden coordinates, no latitude/longitude to type), and a chosen photo that a form with errors
could not keep is announced instead of silently dropped."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from offers.models import Offer
from tests.badinput.test_offers import _offer
from tests.badinput.test_workshops import _workshop_data
from tests.factories.network import CraftFactory
from tests.factories.selfdiagnosis import png_upload
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

LOST = "La photo choisie n'a pas été gardée avec les erreurs du formulaire"


def _visible_coordinate_inputs(page: str) -> list[str]:
    return [
        tag
        for tag in re.findall(r"<input[^>]*>", page)
        if re.search(r'name="(latitude|longitude)"', tag) and 'type="hidden"' not in tag
    ]


@pytest.mark.parametrize("url", ["offers_portal:offer_create", "workshops_portal:workshop_create"])
def test_location_is_a_pin_on_a_map_not_typed_coordinates(member_client, url):
    page = member_client.get(reverse(url)).content.decode()
    assert "data-pin-map" in page and "common/pin_map.js" in page
    assert _visible_coordinate_inputs(page) == []
    assert ">Latitude<" not in page and ">Longitude<" not in page


def test_offer_pin_position_is_saved(member_client, member):
    data = _offer(member.commune, latitude="45.3402", longitude="5.8143")
    response = member_client.post(reverse("offers_portal:offer_create"), data)
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.latitude == pytest.approx(45.3402) and offer.longitude == pytest.approx(5.8143)


def test_offer_form_with_an_error_says_the_chosen_photo_must_be_chosen_again(member_client, member):
    data = _offer(member.commune, title="", image=png_upload("scierie.png"), image_alt="La scie")
    page = member_client.post(reverse("offers_portal:offer_create"), data).content.decode()
    assert LOST in page
    assert Offer.objects.count() == 0


def test_offer_form_with_an_error_and_no_photo_says_nothing_about_photos(member_client, member):
    page = member_client.post(reverse("offers_portal:offer_create"), _offer(member.commune, title=""))
    assert LOST not in page.content.decode()


def test_workshop_form_with_an_error_says_the_chosen_photo_must_be_chosen_again(member_client, member):
    craft = CraftFactory(name="Tournage", slug="tournage")
    data = _workshop_data(craft, member.commune, title="", photo=png_upload("bol.png"), photo_alt="Un bol")
    page = member_client.post(reverse("workshops_portal:workshop_create"), data).content.decode()
    assert LOST in page
    assert Workshop.objects.count() == 0
