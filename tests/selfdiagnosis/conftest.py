import pytest

from tests.factories.selfdiagnosis import (
    AssessmentFactory,
    CampaignFactory,
    OfferFactory,
    build_questionnaire,
)


@pytest.fixture
def questionnaire(db):
    return build_questionnaire()


@pytest.fixture
def offer(member):
    return OfferFactory(member=member, title="Visite de l'atelier d'Alice")


@pytest.fixture
def campaign(questionnaire):
    return CampaignFactory(questionnaire=questionnaire)


@pytest.fixture
def assessment(questionnaire, member, offer, campaign):
    """Alice's assessment of her offer, not started yet."""
    return AssessmentFactory(
        questionnaire=questionnaire,
        member=member,
        offer=offer,
        campaign=campaign,
        respondent_email="alice@example.org",
    )


@pytest.fixture
def other_assessment(questionnaire, other_member):
    return AssessmentFactory(
        questionnaire=questionnaire, member=other_member, respondent_email="bob@example.org"
    )
