"""Issue 11 point 13: one rule (``common.access.can_sell_at_counter``) decides who records a
counter sale — the « Caisse » menu item, the till pages and the products of the desk stay page
agree for every staff persona — and the desk stay page speaks to the staff about the visitor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from common.access import can_sell_at_counter
from tests.conftest import _client_for, _with_totp
from tests.factories.network import UserFactory
from tests.pages.test_stay import add_product, add_seat

pytestmark = pytest.mark.django_db

COUNTER = reverse("shop_staff:counter")
DESK = reverse("pages:desk_stay")
TILL = reverse("shop_staff:till")


@pytest.fixture
def superuser(db):
    return _with_totp(UserFactory(email="root@example.org", is_staff=True, is_superuser=True))


@pytest.mark.parametrize(
    ("persona", "sells"), [("staff_user", True), ("superuser", True), ("coordinator_user", False)]
)
def test_menu_till_and_desk_stay_follow_the_same_counter_rule(request, persona, sells, session, honey):
    user = request.getfixturevalue(persona)
    client = _client_for(user)
    assert can_sell_at_counter(user) is sells

    home = client.get(reverse("pages:staff_home")).content.decode()
    menu = home.split('class="subnav subnav-staff"', 1)[1].split("</nav>", 1)[0]
    assert (f'href="{COUNTER}"' in menu) is sells
    assert (">Caisse<" in menu) is sells

    assert (client.get(COUNTER).status_code == 200) is sells
    assert (client.get(TILL).status_code == 200) is sells

    response = client.get(DESK, {"q": "miel"})
    assert response.context["sells_products"] is sells
    assert ([p.pk for p in response.context["products"]] == [honey.pk]) is sells
    added = add_product(client, honey, url="pages:desk_stay_product_add")
    assert (added.status_code == 302) is sells


def test_coordinator_gets_403_on_the_till_pages(coordinator_client):
    assert coordinator_client.get(COUNTER).status_code == 403
    assert coordinator_client.get(TILL).status_code == 403


def test_desk_stay_page_speaks_of_the_visitor_and_says_what_is_taken_now_or_later(
    staff_client, session, honey
):
    add_seat(staff_client, session, party_size=2, url="pages:desk_stay_seat_add")
    add_product(staff_client, honey, url="pages:desk_stay_product_add")

    body = staff_client.get(DESK).content.decode()

    assert "Séjour du visiteur" in body
    assert "Dans votre séjour" not in body and "Valider mon séjour" not in body
    assert "Valider le séjour" in body
    assert "remis maintenant" in body
    assert "plus tard : séance du " in body


def test_visitor_stay_page_keeps_the_visitor_wording(visitor, session):
    add_seat(visitor, session)
    body = visitor.get(reverse("pages:stay")).content.decode()
    assert "Dans votre séjour" in body and "Valider mon séjour" in body
    assert "remis maintenant" not in body and "plus tard" not in body
