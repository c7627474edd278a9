"""A class books a visit of the house, with a members' workshop through the group request flow."""

import pytest
from django.core import mail
from django.urls import reverse

from places.models import SchoolVisit, Space, SpaceBooking
from tests.factories.places import SpaceFactory
from tests.factories.workshops import WorkshopFactory
from workshops.models import GroupRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def exhibition(db):
    return SpaceFactory(
        slug="exposition", name="Espace d'exposition", kind=Space.Kind.EXHIBITION, capacity=40
    )


@pytest.fixture
def school_workshop(member):
    return WorkshopFactory(member=member, slug="rucher", title="Une matinée au rucher", audiences=["schools"])


def _data(when, workshop=None, **kw):
    return {
        "school": "École du Bourg",
        "level": "cycle3",
        "headcount": "26",
        "teachers": "Mme Durand",
        "contact_name": "Claire Durand",
        "email": "ecole@example.org",
        "phone": "",
        "day": when.isoformat(),
        "half_day": "morning",
        "workshop": workshop.pk if workshop else "",
        "message": "Projet abeilles",
        **kw,
    }


def test_class_books_a_visit_with_a_workshop_and_staff_approve_it(
    visitor, staff_client, exhibition, school_workshop, tuesday, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(reverse("places:school_visit"), _data(tuesday, school_workshop))
    visit = SchoolVisit.objects.get()
    assert response.status_code == 302 and response["Location"] == visit.booking.get_status_url()
    assert visit.booking.space == exhibition and visit.booking.status == "requested"
    assert visit.booking.requester == "school" and visit.booking.headcount == 26
    group = GroupRequest.objects.get()
    assert visit.group_request == group and group.workshop == school_workshop and group.group_type == "school"
    assert group.size == 26 and "Espace d'exposition" in group.preferred_dates
    # The school got the acknowledgement; the artisan heard of the workshop request.
    assert {m.to[0] for m in mail.outbox} >= {"ecole@example.org"}
    assert len(mail.outbox) >= 2
    status = visitor.get(visit.booking.get_status_url()).content.decode()
    assert "CM1 – CM2" in status and "Une matinée au rucher" in status
    detail = reverse("places_staff:request_detail", args=[visit.booking.public_id])
    assert "Mme Durand" in staff_client.get(detail).content.decode()
    staff_client.post(detail, {"action": "approve"})
    assert SpaceBooking.objects.get().status == "confirmed"


def test_visit_without_workshop(visitor, exhibition, tuesday):
    visitor.post(reverse("places:school_visit"), _data(tuesday))
    visit = SchoolVisit.objects.get()
    assert visit.group_request is None and GroupRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"level": ""}, "level"),
        ({"headcount": "90"}, "headcount"),
        ({"teachers": ""}, "teachers"),
        ({"half_day": ""}, "half_day"),
        ({"day": "2020-01-07"}, "day"),
        ({"email": "ecole"}, "email"),
    ],
)
def test_bad_visit_input_books_nothing(visitor, exhibition, school_workshop, tuesday, overrides, field):
    response = visitor.post(reverse("places:school_visit"), _data(tuesday, school_workshop, **overrides))
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert "École du Bourg" in response.content.decode()
    assert SchoolVisit.objects.count() == SpaceBooking.objects.count() == GroupRequest.objects.count() == 0


def test_a_workshop_not_for_schools_cannot_be_chosen(visitor, exhibition, member, tuesday):
    adults_only = WorkshopFactory(member=member, audiences=["adults"])
    response = visitor.post(reverse("places:school_visit"), _data(tuesday, adults_only))
    assert response.status_code == 400 and response.context["form"].errors.get("workshop")


def test_no_exhibition_space_no_visit(visitor, tuesday):
    response = visitor.post(reverse("places:school_visit"), _data(tuesday))
    assert response.status_code == 400
    assert "Les visites scolaires ne sont pas ouvertes pour le moment." in response.content.decode()
