"""List and search pages given garbage in their query string (unknown choices, huge numbers, dates
out of range, a script in the search box) answer their page, never a 500, never the raw script."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

GARBAGE = {
    "q": "<script>x</script>" + "é" * 3000,
    "craft": "999999",
    "antenna": "zz",
    "commune": "abc",
    "near": "-1",
    "lat": "1e400",
    "lon": "nan",
    "date_from": "9999-12-31",
    "date_to": "0001-01-01",
    "price_max": "-1e309",
    "audience": "aliens",
    "family": ["x", "y"],
    "kind": "zz",
    "minutes": "abc",
    "status": "zz",
    "source": "zz",
    "review": "zz",
    "consent": "zz",
    "sort": "zz",
    "order": "zz",
    "mois": "2024-13",
    "start": "abc",
    "end": "9999-99-99",
    "granularity": "x",
    "distance": "1e999",
    "when": "zz",
    "show": "zz",
}
PUBLIC = [
    "network:directory",
    "offers:search",
    "workshops:catalogue",
    "shop:catalogue",
    "pages:home",
    "pages:stay",
]
STAFF = [
    "network_staff:application_list",
    "network_staff:member_list",
    "network_staff:member_export",
    "network_staff:contact_list",
    "network_staff:contact_export",
    "network_staff:inventory",
    "offers_staff:offer_list",
    "offers_staff:import_list",
    "shop_staff:sale_list",
    "shop_staff:order_list",
    "shop_staff:deposit_list",
    "shop_staff:product_list",
    "shop_staff:statement_list",
    "shop_staff:dashboard",
    "shop_staff:closing_list",
    "shop_staff:counter_search",
    "workshops_staff:desk",
    "workshops_staff:figures",
    "workshops_staff:review_list",
    "workshops_staff:group_request_list",
    "workshops_staff:contacts_csv",
    "selfdiagnosis_staff:campaign_list",
    "selfdiagnosis_staff:synthesis",
    "selfdiagnosis_staff:office_synthesis",
    "pages:desk_stay",
    "pages:staff_home",
]
PORTAL = [
    "offers_portal:offer_list",
    "shop_portal:product_list",
    "shop_portal:sales",
    "shop_portal:deposit_list",
    "shop_portal:statement_list",
    "workshops_portal:workshop_list",
    "workshops_portal:review_list",
    "workshops_portal:group_request_list",
    "selfdiagnosis_portal:assessment_list",
    "pages:portal_home",
]

SCRIPT = "<script>x</script>"


@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_survive_garbage_parameters(visitor, commune, name):
    response = visitor.get(reverse(name), GARBAGE)
    assert response.status_code == 200, name
    assert SCRIPT not in response.content.decode()


@pytest.mark.parametrize("name", STAFF)
def test_staff_pages_survive_garbage_parameters(staff_client, commune, name):
    response = staff_client.get(reverse(name), GARBAGE)
    assert response.status_code == 200, name
    assert SCRIPT not in response.content.decode()


@pytest.mark.parametrize("name", PORTAL)
def test_portal_pages_survive_garbage_parameters(member_client, name):
    response = member_client.get(reverse(name), GARBAGE)
    assert response.status_code == 200, name
    assert SCRIPT not in response.content.decode()


@pytest.mark.parametrize("name", PUBLIC + STAFF)
def test_each_garbage_parameter_alone_is_survived(staff_client, commune, name):
    """Alone, a bad value is not hidden behind another one that already emptied the list."""
    failing = [
        key
        for key, value in GARBAGE.items()
        if staff_client.get(reverse(name), {key: value}).status_code != 200
    ]
    assert not failing, (name, failing)


@pytest.mark.parametrize("name", PUBLIC + STAFF + PORTAL)
def test_a_page_number_that_does_not_exist_is_a_404_or_the_last_page(
    member_client, staff_client, name, commune
):
    """ListView answers 404 for a page that does not exist; the other lists show their last page."""
    client = member_client if name in PORTAL else staff_client
    for page in ("99999999999999999999", "abc", "-1"):
        assert client.get(reverse(name), {"page": page}).status_code in (200, 404), (name, page)
