"""An antenna coordinator sees only their antennas' numbers and rows, on every staff page and CSV."""

import csv
import html
import io

import pytest
from django.urls import reverse

from selfdiagnosis import selectors, services
from selfdiagnosis.models import Campaign
from tests.factories.network import CommuneFactory
from tests.factories.selfdiagnosis import AssessmentFactory, OfferFactory, fill_all, submit

pytestmark = pytest.mark.django_db

LIST_URL = reverse("selfdiagnosis_staff:campaign_list")
SYNTHESIS_URL = reverse("selfdiagnosis_staff:synthesis")


def text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def spread(campaign, questionnaire, member, other_member, other_antenna, staff_user):
    """In the coordinator's antenna: one validated offer, one not started. In the other antenna:
    two validated offers (one of an external provider located there), one in progress."""
    ours = AssessmentFactory(
        campaign=campaign, questionnaire=questionnaire, member=member, offer=OfferFactory(member=member)
    )
    AssessmentFactory(
        campaign=campaign, questionnaire=questionnaire, member=member, offer=OfferFactory(member=member)
    )
    theirs = AssessmentFactory(
        campaign=campaign,
        questionnaire=questionnaire,
        member=other_member,
        offer=OfferFactory(member=other_member, title="Offre de l'autre antenne"),
    )
    provider_offer = OfferFactory(
        member=None,
        provider_name="Gîte lointain",
        commune=CommuneFactory(name="Loin", insee_code="73001", antenna=other_antenna),
        title="Nuit au gîte lointain",
    )
    provider = AssessmentFactory(
        campaign=campaign, questionnaire=questionnaire, respondent_kind="provider", offer=provider_offer
    )
    in_progress = AssessmentFactory(
        campaign=campaign,
        questionnaire=questionnaire,
        member=other_member,
        offer=OfferFactory(member=other_member),
    )
    services.answer_save(
        assessment=in_progress,
        indicator=questionnaire.indicators.get(code="eau-oui"),
        data=services.AnswerInput(value="oui"),
    )
    for a, fournisseurs in ((ours, "toujours"), (theirs, "jamais"), (provider, "jamais")):
        fill_all(a, fournisseurs=fournisseurs)
        submit(a)
        services.assessment_validate(assessment=a, reviewer=staff_user)
    return {"ours": ours, "theirs": theirs, "provider": provider}


def test_campaign_counters_count_only_the_coordinators_antennas(
    coordinator_user, staff_user, coordinator_client, staff_client, campaign, spread
):
    AssessmentFactory(campaign=campaign, questionnaire=campaign.questionnaire, organisation="OT sans antenne")
    (mine,) = selectors.campaign_list(coordinator_user)
    # The member's second offer is in progress: its business answers came with the first offer's.
    assert (mine.n_invited, mine.n_in_progress, mine.n_validated) == (0, 1, 1)
    (everything,) = selectors.campaign_list(staff_user)
    assert (everything.n_invited, everything.n_in_progress, everything.n_validated) == (1, 2, 3)
    page = text(coordinator_client.get(LIST_URL))
    assert "Chiffres et listes limités à votre antenne : Cœur de Chartreuse." in page
    assert "Chiffres et listes limités" not in text(staff_client.get(LIST_URL))


def test_campaign_page_lists_and_offers_only_the_coordinators_antennas(
    coordinator_client, campaign, spread, member, other_member
):
    detail = reverse("selfdiagnosis_staff:campaign_detail", kwargs={"public_id": campaign.public_id})
    spare_ours = OfferFactory(member=member, title="Offre à inviter chez nous")
    spare_theirs = OfferFactory(member=other_member, title="Offre à inviter ailleurs")
    page = text(coordinator_client.get(detail))
    assert spread["ours"].subject_label in page
    assert "Offre de l'autre antenne" not in page
    assert "Gîte lointain" not in page
    assert spare_ours.title in page
    assert spare_theirs.title not in page
    assert other_member.name not in page
    assert "Clore la campagne" not in page
    response = coordinator_client.post(detail, {"action": "invite_offers", "offers": [spare_theirs.pk]})
    assert response.status_code == 400
    assert not spare_theirs.assessments.exists()
    assert coordinator_client.post(detail, {"action": "close"}).status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN


def test_network_synthesis_and_its_csv_cover_only_the_coordinators_antennas(
    coordinator_user, coordinator_client, staff_client, spread, antenna, other_antenna
):
    data = selectors.network_synthesis(questionnaire_code="test", viewer=coordinator_user)
    assert data["respondents"] == 1
    assert [g["name"] for g in data["by_antenna"]] == [antenna.name]
    assert {r.criterion.code: r.share for r in data["criteria"]}["fournisseurs"] == 100.0

    page = text(coordinator_client.get(SYNTHESIS_URL))
    assert other_antenna.name not in page
    assert other_antenna.name in text(staff_client.get(SYNTHESIS_URL))

    response = coordinator_client.get(SYNTHESIS_URL + "?questionnaire=test&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Économie locale", "Fournisseurs locaux", "1", "1", "100,0"] in rows
    assert not any(other_antenna.name in row for row in rows)
    response = staff_client.get(SYNTHESIS_URL + "?questionnaire=test&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Économie locale", "Fournisseurs locaux", "3", "1", "33,3"] in rows


def test_review_lists_and_pages_only_the_coordinators_antennas(
    coordinator_user, coordinator_client, questionnaire, member, other_member
):
    ours = AssessmentFactory(questionnaire=questionnaire, member=member, offer=OfferFactory(member=member))
    theirs = AssessmentFactory(
        questionnaire=questionnaire, member=other_member, offer=OfferFactory(member=other_member)
    )
    for a in (ours, theirs):
        submit(fill_all(a))
    assert list(selectors.assessment_list_to_review(coordinator_user)) == [ours]
    page = text(coordinator_client.get(LIST_URL))
    assert ours.subject_label in page
    assert theirs.subject_label not in page
    review = "selfdiagnosis_staff:assessment_review"
    assert coordinator_client.get(reverse(review, kwargs={"public_id": theirs.public_id})).status_code == 404
    evidence = reverse(
        "selfdiagnosis_staff:evidence", kwargs={"public_id": theirs.public_id, "code": "rencontre-echange"}
    )
    assert coordinator_client.get(evidence).status_code == 404


def test_office_synthesis_shows_a_coordinator_no_office_outside_their_antennas(
    coordinator_client, staff_client, db
):
    office_q = next(q for q in services.questionnaire_install_defaults() if q.kind == "tourism_office")
    a = AssessmentFactory(questionnaire=office_q, respondent_kind="tourism_office", organisation="OT Loin")
    services.answer_save(
        assessment=a,
        indicator=office_q.indicators.get(code="etp-permanents"),
        data=services.AnswerInput(value="4"),
    )
    a.status = "submitted"
    a.save(update_fields=["status"])
    url = reverse("selfdiagnosis_staff:office_synthesis")
    assert "Photographie commune de 1 office." in text(staff_client.get(url))
    assert "Photographie commune de 1 office." not in text(coordinator_client.get(url))
    assert "Photographie commune de 0 office" in text(coordinator_client.get(url))


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_coordinator_pages_query_count_does_not_grow(
    coordinator_client, campaign, questionnaire, member, other_member, staff_user
):
    detail = reverse("selfdiagnosis_staff:campaign_detail", kwargs={"public_id": campaign.public_id})
    urls = [LIST_URL, detail, SYNTHESIS_URL]

    def grow():
        for owner in (member, other_member):
            a = AssessmentFactory(
                campaign=campaign, questionnaire=questionnaire, member=owner, offer=OfferFactory(member=owner)
            )
            submit(fill_all(a))
            services.assessment_validate(assessment=a, reviewer=staff_user)
            AssessmentFactory(campaign=campaign, questionnaire=questionnaire, member=owner)

    grow()
    coordinator_client.get(LIST_URL)  # the session's first request records its idle expiry
    before = [_queries(coordinator_client, url) for url in urls]
    for _ in range(3):
        grow()
    assert [_queries(coordinator_client, url) for url in urls] == before


def test_section_page_query_count_does_not_grow_with_sibling_assessments(
    visitor, assessment, questionnaire, member
):
    url = reverse("selfdiagnosis:section", kwargs={"token": assessment.token, "code": "environnement"})
    AssessmentFactory(questionnaire=questionnaire, member=member, offer=OfferFactory(member=member))
    before = _queries(visitor, url)
    for _ in range(4):
        AssessmentFactory(questionnaire=questionnaire, member=member, offer=OfferFactory(member=member))
    assert _queries(visitor, url) == before
