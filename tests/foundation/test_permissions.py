import pytest
from django.contrib.auth.models import Group

from common.access import COORDINATOR_GROUP, OFFICE_STAFF_GROUP

pytestmark = pytest.mark.django_db


def test_office_staff_may_use_the_admin_of_every_app():
    office = Group.objects.get(name=OFFICE_STAFF_GROUP)
    labels = set(office.permissions.values_list("content_type__app_label", flat=True))
    assert {"network", "offers", "shop", "workshops", "selfdiagnosis"} <= labels


def test_coordinators_get_no_rights_outside_the_network():
    coordinator = Group.objects.get(name=COORDINATOR_GROUP)
    labels = set(coordinator.permissions.values_list("content_type__app_label", flat=True))
    assert labels <= {"network"}


def test_office_staff_open_the_shop_admin(staff_client):
    assert staff_client.get("/admin/").status_code == 200
    assert staff_client.get("/admin/offers/offer/").status_code == 200
