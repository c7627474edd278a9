"""« En cours d'examen »: taking an application in charge, shown to the applicant; paginated queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network import services
from network.exceptions import ApplicationAlreadyOpen, ApplicationNotReviewable, NotYourAntenna
from network.models import MembershipApplication
from tests.factories.network import ApplicationFactory, CommuneFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

Status = MembershipApplication.Status
LIST = reverse("network_staff:application_list")


def _take(application: MembershipApplication) -> str:
    return reverse("network_staff:application_take_charge", kwargs={"reference": application.reference})


def _detail(application: MembershipApplication) -> str:
    return reverse("network_staff:application_detail", kwargs={"reference": application.reference})


def test_taking_in_charge_moves_to_under_review_and_records_the_reviewer(staff_client, staff_user, commune):
    application = ApplicationFactory(commune=commune)
    page = staff_client.get(_detail(application)).content.decode().replace("&#x27;", "'")
    assert "Prendre en charge" in page and "Personne n'examine encore" in page
    response = staff_client.post(_take(application))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW
    assert application.reviewer == staff_user and application.review_started_at is not None
    page = staff_client.get(_detail(application)).content.decode()
    assert "Prise en charge par Nathalie" in page and "Prendre en charge" not in page


def test_applicant_sees_under_review_on_the_status_page(visitor, staff_user, commune):
    application = ApplicationFactory(commune=commune)
    html = visitor.get(application.get_status_url()).content.decode().replace("&#x27;", "'")
    assert "attend d'être prise en charge" in html
    services.application_take_charge(application=application, actor=staff_user)
    html = visitor.get(application.get_status_url()).content.decode().replace("&#x27;", "'")
    assert "en cours d'examen par l'équipe de l'antenne" in html
    assert "Nathalie" not in html  # staff names stay internal


def test_taking_in_charge_twice_is_idempotent_and_another_staff_can_take_over(staff_user, commune):
    application = ApplicationFactory(commune=commune)
    first = services.application_take_charge(application=application, actor=staff_user)
    started = first.review_started_at
    again = services.application_take_charge(application=application, actor=staff_user)
    assert again.review_started_at == started
    colleague = StaffUserFactory(email="colleague@example.org")
    taken = services.application_take_charge(application=application, actor=colleague)
    assert taken.reviewer == colleague and taken.status == Status.UNDER_REVIEW


@pytest.mark.parametrize(
    "status", [Status.INFO_REQUESTED, Status.WAITLISTED, Status.ACCEPTED, Status.REFUSED]
)
def test_taking_in_charge_is_refused_outside_the_queue(staff_client, staff_user, commune, status):
    application = ApplicationFactory(commune=commune, status=status)
    with pytest.raises(ApplicationNotReviewable):
        services.application_take_charge(application=application, actor=staff_user)
    response = staff_client.post(_take(application), follow=True)
    assert str(ApplicationNotReviewable.message) in response.content.decode().replace("&#x27;", "'")
    application.refresh_from_db()
    assert application.status == status and application.reviewer is None


def test_under_review_application_can_be_decided_and_keeps_its_reviewer(staff_user, commune):
    application = ApplicationFactory(commune=commune)
    services.application_take_charge(application=application, actor=staff_user)
    member = services.application_accept(application=application, actor=staff_user)
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED and application.member == member
    assert application.reviewer == staff_user


def test_reply_to_an_info_request_goes_back_to_its_reviewer(staff_user, commune):
    application = ApplicationFactory(commune=commune)
    services.application_take_charge(application=application, actor=staff_user)
    services.application_request_info(application=application, actor=staff_user, message="Votre SIRET ?")
    services.application_reply(application=application, reply="Le voici : 123")
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW and application.reviewer == staff_user


def test_under_review_application_still_blocks_a_second_one_with_the_same_email(staff_user, commune, honey):
    application = ApplicationFactory(commune=commune, email="same@example.org")
    services.application_take_charge(application=application, actor=staff_user)
    with pytest.raises(ApplicationAlreadyOpen):
        services.application_submit(
            business_name="Doublon",
            contact_name="X",
            email="SAME@example.org",
            commune=commune,
            crafts=[honey],
            description="…",
            answers=[],
        )


def test_coordinator_takes_in_charge_only_in_their_antenna(
    coordinator_client, coordinator_user, commune, other_antenna
):
    theirs = ApplicationFactory(commune=CommuneFactory(antenna=other_antenna))
    assert coordinator_client.post(_take(theirs)).status_code == 404
    with pytest.raises(NotYourAntenna):
        services.application_take_charge(application=theirs, actor=coordinator_user)
    mine = ApplicationFactory(commune=commune)
    coordinator_client.post(_take(mine))
    mine.refresh_from_db()
    assert mine.reviewer == coordinator_user


def test_take_charge_view_needs_staff(visitor, member_client, other_client, plain_client, commune):
    application = ApplicationFactory(commune=commune)
    assert visitor.post(_take(application)).status_code == 302
    for client in (member_client, other_client, plain_client):
        assert client.post(_take(application)).status_code == 403
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_application_list_is_paginated_with_bounded_queries(
    staff_client, staff_user, commune, django_assert_max_num_queries
):
    for _ in range(3):
        services.application_take_charge(application=ApplicationFactory(commune=commune), actor=staff_user)
    with django_assert_max_num_queries(30) as small:
        response = staff_client.get(LIST)
    assert "Nathalie" in response.content.decode()
    for _ in range(60):
        ApplicationFactory(commune=commune)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = staff_client.get(LIST)
    assert len(response.context["applications"]) == 50
    assert response.context["page"].paginator.count == 63
    second = staff_client.get(LIST, {"page": 2})
    assert len(second.context["applications"]) == 13


def test_application_list_filters_by_who_took_them_in_charge(staff_client, staff_user, commune):
    mine = ApplicationFactory(commune=commune, business_name="Prise par moi")
    services.application_take_charge(application=mine, actor=staff_user)
    theirs = ApplicationFactory(commune=commune, business_name="Prise par une collègue")
    services.application_take_charge(application=theirs, actor=StaffUserFactory(email="coll@example.org"))
    ApplicationFactory(commune=commune, business_name="Personne encore")

    def names(review):
        return {a.business_name for a in staff_client.get(LIST, {"review": review}).context["applications"]}

    assert names("mine") == {"Prise par moi"}
    assert names("nobody") == {"Personne encore"}
    assert len(names("")) == 3
