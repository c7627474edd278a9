"""Issue 11 point 10: type mappings are edited by the French labels of families and audiences
(boxes to tick, not internal codes typed in a text field) and the list shows those labels."""

from __future__ import annotations

import pytest
from django.urls import reverse

from offers.models import TypeMapping

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(staff_user, client):
    # staff_user carries the second factor the admin requires.
    staff_user.is_superuser = True
    staff_user.save()
    client.force_login(staff_user)
    return client


def test_list_shows_french_labels_not_codes(superuser_client):
    TypeMapping.objects.create(
        source="apidae", code="ZZ_ESSAI_LIBELLES", families=["food"], audiences=["families"]
    )
    page = superuser_client.get(reverse("admin:offers_typemapping_changelist")).content.decode()
    assert '<td class="field-families_fr">Gastronomie</td>' in page
    assert '<td class="field-audiences_fr">Familles</td>' in page


def test_form_offers_labelled_boxes_and_saves_the_codes(superuser_client):
    url = reverse("admin:offers_typemapping_add")
    page = superuser_client.get(url).content.decode()
    assert 'type="checkbox" name="families" value="food"' in page
    assert "Gastronomie" in page
    response = superuser_client.post(
        url,
        {
            "source": "apidae",
            "code": "ZZ_ESSAI_LIBELLES",
            "label": "",
            "families": ["food", "heritage"],
            "kind": "",
            "audiences": ["families"],
            "accessibility": "",
            "priority": "100",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mapping = TypeMapping.objects.get(code="ZZ_ESSAI_LIBELLES")
    assert sorted(mapping.families) == ["food", "heritage"]
    assert mapping.audiences == ["families"]


def test_an_unknown_code_is_refused(superuser_client):
    response = superuser_client.post(
        reverse("admin:offers_typemapping_add"),
        {"source": "apidae", "code": "X", "families": ["nourriture"], "priority": "100"},
    )
    assert response.status_code == 200
    assert not TypeMapping.objects.filter(code="X").exists()
