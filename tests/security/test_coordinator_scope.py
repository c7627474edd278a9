"""Antenna coordinators are staff for their own antennas only.

- pages for network-wide office staff refuse coordinators (403);
- staff pages about an object: a coordinator opens their antenna's objects, gets 403/404 for another
  antenna's on GET and POST, and their POST changes nothing.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from common.access import OfficeStaffRequiredMixin
from network.models import ApplicationDocument
from selfdiagnosis.models import Questionnaire
from tests.factories.network import ApplicationFactory
from tests.factories.offers import OfferFactory
from tests.factories.selfdiagnosis import AssessmentFactory, answer, build_questionnaire, pdf_upload
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory
from tests.security.test_url_inventory import (
    INTRUDER_POST,
    STAFF,
    _dummy_kwargs,
    _patterns,
    _refusals,
    _snapshot,
)
from workshops.models import GroupRequest


def _application(member):
    application = ApplicationFactory(commune=member.commune)
    return {"reference": application.reference}, application


def _application_document(member):
    application = ApplicationFactory(commune=member.commune)
    document = ApplicationDocument.objects.create(
        application=application, kind=ApplicationDocument.Kind.SIRET, file=pdf_upload("kbis.pdf")
    )
    return {"reference": application.reference, "pk": document.pk}, document


def _member(member):
    return {"slug": member.slug}, member


def _offer(member):
    offer = OfferFactory(member=member)
    return {"slug": offer.slug}, offer


def _offer_transition(member):
    offer = OfferFactory(member=member)
    return {"slug": offer.slug, "action": "archive"}, offer


def _questionnaire():
    return Questionnaire.objects.filter(code="test", version=1).first() or build_questionnaire()


def _assessment(member):
    assessment = AssessmentFactory(member=member, questionnaire=_questionnaire())
    return {"public_id": assessment.public_id}, assessment


def _evidence(member):
    assessment = AssessmentFactory(member=member, questionnaire=_questionnaire())
    answer(assessment, "rencontre-echange", "oui", evidence=pdf_upload())
    return {"public_id": assessment.public_id, "code": "rencontre-echange"}, assessment


def _session(member):
    session = SessionFactory(workshop=WorkshopFactory(member=member))
    return {"public_id": session.public_id}, session


def _booking(member):
    booking = BookingFactory(session=SessionFactory(workshop=WorkshopFactory(member=member)))
    return {"reference": booking.reference}, booking


def _contact(member):
    from network import services as network_services

    booking = BookingFactory(session=SessionFactory(workshop=WorkshopFactory(member=member)))
    contact = network_services.contact_record(email=booking.email, source="workshops.booking")
    return {"pk": contact.pk}, contact


def _group_request(member):
    group = GroupRequest.objects.create(
        workshop=WorkshopFactory(member=member),
        group_type=GroupRequest.GroupType.SCHOOL,
        contact_name="M. Roux",
        email="roux@example.org",
        size=15,
        preferred_dates="Juin",
    )
    return {"public_id": group.public_id}, group


def _walk(member):
    from tests.factories.community import WalkRequestFactory

    walk = WalkRequestFactory(antenna=member.commune.antenna)
    return {"public_id": walk.public_id}, walk


def _eclaireur(member):
    from tests.factories.community import CharterFactory, EclaireurFactory

    eclaireur = EclaireurFactory(commune=member.commune, status="pending", charter=CharterFactory())
    return {"public_id": eclaireur.public_id}, eclaireur


def _recommendation(member):
    from tests.factories.community import CharterFactory, EclaireurFactory, RecommendationFactory

    eclaireur = EclaireurFactory(commune=member.commune, charter=CharterFactory())
    recommendation = RecommendationFactory(eclaireur=eclaireur)
    return {"public_id": recommendation.public_id}, recommendation


# Staff pages about one object of an antenna → builder of such an object for a given member.
SCOPED = {
    "network_staff:application_detail": _application,
    "network_staff:application_document": _application_document,
    "network_staff:application_take_charge": _application,
    "network_staff:member_detail": _member,
    "offers_staff:offer_detail": _offer,
    "offers_staff:offer_transition": _offer_transition,
    "offers_staff:offer_link_member": _offer,
    "selfdiagnosis_staff:assessment_review": _assessment,
    "selfdiagnosis_staff:evidence": _evidence,
    "workshops_staff:session_detail": _session,
    "workshops_staff:booking_detail": _booking,
    "workshops_staff:group_request_propose": _group_request,
    "community_staff:walk_assign": _walk,
    "community_staff:eclaireur_approve": _eclaireur,
    "community_staff:recommendation_moderate": _recommendation,
    "relations_staff:contact_detail": _contact,
}
# Staff pages with a key that is not tied to an antenna (the whole network's campaign, a questionnaire).
# The desk's stay confirmation is keyed by a random UUID shown only to the staff member who checked out.
NOT_ANTENNA_SCOPED = {
    "selfdiagnosis_staff:campaign_detail",
    "selfdiagnosis_staff:questionnaire_preview",
    "pages:desk_stay_confirmation",
    # The Maison is the office's one house, shared by every antenna; trainings are the office's
    # resource centre for the whole network.
    "places_staff:request_detail",
    "training_staff:attendance",
    # A segment is a saved filter of the whole network; its count is scoped to the coordinator
    # (relations.selectors.contacts_for_user) and only office staff save one.
    "relations_staff:segment_edit",
}


def _office_only(name: str) -> bool:
    return issubclass(_patterns()[name].callback.view_class, OfficeStaffRequiredMixin)


def test_every_staff_page_about_an_object_is_scoped_or_office_only():
    with_keys = {n for n in STAFF if _patterns()[n].pattern.converters and not _office_only(n)}
    assert with_keys - set(SCOPED) - NOT_ANTENNA_SCOPED == set(), "add the new staff page to SCOPED"
    assert set(SCOPED) <= with_keys


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n in STAFF if _office_only(n)))
def test_office_pages_refuse_coordinators(name, coordinator_client):
    url = reverse(name, kwargs=_dummy_kwargs(_patterns()[name]))
    assert coordinator_client.get(url).status_code == 403
    assert coordinator_client.post(url).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SCOPED))
def test_coordinator_sees_only_their_antennas_objects(
    name, member, other_member, coordinator_client, staff_client, django_capture_on_commit_callbacks
):
    view = _patterns()[name].callback.view_class
    own_kwargs, _own = SCOPED[name](member)
    kwargs, watched = SCOPED[name](other_member)
    url = reverse(name, kwargs=kwargs)
    if hasattr(view, "get"):
        assert coordinator_client.get(reverse(name, kwargs=own_kwargs)).status_code == 200
        assert staff_client.get(url).status_code == 200

    before = _snapshot(watched)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        got = coordinator_client.get(url).status_code
        posted = coordinator_client.post(url, INTRUDER_POST).status_code
    assert got in _refusals(view, "get"), (url, got)
    assert posted in _refusals(view, "post"), (url, posted)
    assert callbacks == []
    assert _snapshot(watched) == before


def _other_antenna_data(other_member):
    """Things of the other antenna, each carrying the marker "Zorglub" somewhere visible."""
    ApplicationFactory(commune=other_member.commune, business_name="Zorglub candidat")
    OfferFactory(member=other_member, title="Zorglub offre")
    workshop = WorkshopFactory(member=other_member, title="Zorglub atelier")
    booking = BookingFactory(
        session=SessionFactory(workshop=workshop), name="Zorglub visiteur", consent_contact=True
    )
    from network import services as network_services  # the consent registry decides (issue 14)

    network_services.contact_record(email=booking.email, source="workshops.booking", consent=True)
    GroupRequest.objects.create(
        workshop=workshop,
        group_type=GroupRequest.GroupType.SCHOOL,
        organisation="Zorglub école",
        contact_name="Mme Zorglub",
        email="zorglub@example.org",
        size=10,
        preferred_dates="Mai",
    )
    other_member.name = "Zorglub membre"
    other_member.save(update_fields=["name"])


LISTS = [
    "network_staff:application_list",
    "network_staff:member_list",
    "network_staff:member_export",
    "offers_staff:offer_list",
    "workshops_staff:contacts_csv",
    "workshops_staff:group_request_list",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_lists_and_exports_show_a_coordinator_only_their_antennas(
    name, other_member, coordinator_client, staff_client
):
    _other_antenna_data(other_member)
    url = reverse(name)
    assert "Zorglub" in staff_client.get(url).content.decode()
    response = coordinator_client.get(url)
    assert response.status_code == 200
    assert "Zorglub" not in response.content.decode()


@pytest.mark.django_db
def test_campaign_page_shows_a_coordinator_only_their_antennas_assessments(
    other_member, coordinator_client, staff_client
):
    from tests.factories.selfdiagnosis import CampaignFactory

    campaign = CampaignFactory(questionnaire=_questionnaire())
    AssessmentFactory(
        campaign=campaign,
        questionnaire=campaign.questionnaire,
        member=other_member,
        respondent_name="Zorglub Martin",
        respondent_email="zorglub@example.org",
    )
    url = reverse("selfdiagnosis_staff:campaign_detail", kwargs={"public_id": campaign.public_id})
    assert "zorglub" in staff_client.get(url).content.decode().lower()
    response = coordinator_client.get(url)
    assert response.status_code == 200
    assert "zorglub" not in response.content.decode().lower()


@pytest.mark.django_db
def test_coordinator_admin_shows_only_their_antennas(member, other_member, coordinator_client):
    application = ApplicationFactory(commune=other_member.commune, business_name="Zorglub candidat")
    members = coordinator_client.get("/admin/network/member/").content.decode()
    assert member.name.replace("'", "&#x27;") in members and other_member.name not in members
    for url in (
        f"/admin/network/member/{other_member.pk}/change/",
        f"/admin/network/membershipapplication/{application.pk}/change/",
    ):
        response = coordinator_client.get(url)
        assert response.status_code in (302, 404), url
        body = response.content.decode()
        assert "Zorglub" not in body and other_member.name not in body
    assert coordinator_client.get(f"/admin/network/member/{member.pk}/change/").status_code == 200
