"""Business-scope criteria are answered once per professional and reused by each of their offer
assessments; offer-scope criteria stay per offer; each signature keeps what it signed."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from selfdiagnosis import selectors, services
from selfdiagnosis.models import Answer, Assessment
from tests.factories.selfdiagnosis import (
    AssessmentFactory,
    OfferFactory,
    answer,
    fill_all,
    pdf_upload,
    submit,
)

pytestmark = pytest.mark.django_db


def value(assessment, code):
    row = Answer.objects.filter(assessment=assessment, indicator__code=code).select_related("choice").first()
    return row.display_value if row else None


def text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def second(questionnaire, member, assessment):
    """Alice's assessment of her second offer, open at the same time as ``assessment``."""
    return AssessmentFactory(
        questionnaire=questionnaire,
        member=member,
        offer=OfferFactory(member=member, title="Stage de tournage"),
        campaign=assessment.campaign,
        respondent_email="alice@example.org",
    )


def test_a_business_answer_applies_to_every_open_assessment_of_the_professional(
    assessment, second, other_assessment, questionnaire, member
):
    business = AssessmentFactory(questionnaire=questionnaire, member=member)  # the member itself
    saved = answer(assessment, "eau-oui", "oui")
    assert saved.shared_with == 2
    assert value(second, "eau-oui") == value(business, "eau-oui") == "Oui"
    assert value(other_assessment, "eau-oui") is None  # another professional
    second.refresh_from_db()
    assert second.status == Assessment.Status.IN_PROGRESS
    # Changed from the other offer: changed everywhere, still one answer per assessment.
    answer(second, "eau-oui", "non")
    assert value(assessment, "eau-oui") == value(business, "eau-oui") == "Non"
    assert Answer.objects.filter(indicator__code="eau-oui").count() == 3


def test_offer_scope_answers_stay_per_offer(assessment, second):
    saved = answer(assessment, "mobilite-info", "oui")
    assert saved.shared_with == 0
    assert value(second, "mobilite-info") is None


def test_evidence_and_not_applicable_are_shared_too(assessment, second):
    answer(assessment, "rencontre-echange", "oui", evidence=pdf_upload("animation.pdf"))
    shared = Answer.objects.get(assessment=second, indicator__code="rencontre-echange")
    assert (
        shared.evidence.name
        == Answer.objects.get(assessment=assessment, indicator__code="rencontre-echange").evidence.name
    )
    answer(second, "matieres-part", not_applicable=True, na_reason="Pas de matières premières")
    assert value(assessment, "matieres-part") == "Non concerné : Pas de matières premières"


def test_a_signed_assessment_keeps_what_it_signed(assessment, second):
    submit(fill_all(assessment))
    signature = assessment.signatures.get()
    assert value(second, "fournisseurs-100km") == "Toujours"
    answer(second, "fournisseurs-100km", "jamais")
    assert value(assessment, "fournisseurs-100km") == "Toujours"
    signature.refresh_from_db()
    signed = {row["indicator"]: row["answer"] for row in signature.answers_snapshot}
    assert signed["fournisseurs-100km"] == "Toujours"
    # The second offer signs its own snapshot, with the answer changed since.
    fill_all(second, fournisseurs="jamais")
    submit(second)
    signed = {row["indicator"]: row["answer"] for row in second.signatures.get().answers_snapshot}
    assert signed["fournisseurs-100km"] == "Jamais"
    assert "mobilite-info" in signed


def test_changes_requested_on_one_offer_reopen_only_that_one(assessment, second, staff_user):
    submit(fill_all(assessment))
    submit(fill_all(second))
    services.assessment_request_changes(assessment=assessment, reviewer=staff_user, comment="Précisez.")
    saved = answer(assessment, "eau-oui", "non")
    assert saved.shared_with == 0
    assert value(second, "eau-oui") == "Oui"


def test_an_expired_or_withdrawn_sibling_is_left_alone(assessment, second, questionnaire, member):
    Assessment.objects.filter(pk=second.pk).update(token_expires_at=timezone.now() - dt.timedelta(days=1))
    withdrawn = AssessmentFactory(
        questionnaire=questionnaire, member=member, status=Assessment.Status.WITHDRAWN
    )
    assert answer(assessment, "eau-oui", "oui").shared_with == 0
    assert value(second, "eau-oui") is None
    assert value(withdrawn, "eau-oui") is None


def test_an_external_provider_shares_by_email(questionnaire):
    first, other = (
        AssessmentFactory(
            questionnaire=questionnaire,
            respondent_kind="provider",
            offer=OfferFactory(member=None, provider_name="Gîte des Cimes"),
            respondent_email=email,
        )
        for email in ("gite@example.org", "GITE@example.org")
    )
    stranger = AssessmentFactory(
        questionnaire=questionnaire, respondent_kind="provider", offer=OfferFactory(member=None)
    )
    answer(first, "eau-oui", "oui")
    assert value(other, "eau-oui") == "Oui"
    assert value(stranger, "eau-oui") is None


def test_a_new_invitation_is_prefilled_with_the_business_answers_only(assessment, campaign, member):
    fill_all(assessment)
    offer = OfferFactory(member=member, title="Atelier du soir")
    (new,) = services.campaign_invite(
        campaign=campaign, invitations=services.invitations_for_offers([offer]), actor=None
    )
    assert value(new, "eau-oui") == "Oui"
    assert value(new, "fournisseurs-100km") == "Toujours"
    assert value(new, "mobilite-info") is None  # about the offer: answered per offer
    assert new.status == Assessment.Status.INVITED
    sections = selectors.assessment_sections(new)
    assert selectors.assessment_progress(sections) > 0


def test_the_section_page_says_the_answer_is_shared_and_the_autosave_confirms_it(visitor, assessment, second):
    page = text(
        visitor.get(
            reverse("selfdiagnosis:section", kwargs={"token": assessment.token, "code": "environnement"})
        )
    )
    assert "répondez une seule fois, la réponse vaut aussi pour votre autre autodiagnostic en cours" in page
    assert "« Stage de tournage »" in page
    # The offer-scope criterion carries no such note: only the two business ones do.
    assert page.count("Question sur votre entreprise") == 2
    overview = text(visitor.get(reverse("selfdiagnosis:respond", kwargs={"token": assessment.token})))
    assert "Vous avez un autre autodiagnostic en cours." in overview
    response = visitor.post(
        reverse("selfdiagnosis:autosave", kwargs={"token": assessment.token, "code": "eau-oui"}),
        {"eau-oui-value": "oui"},
        HTTP_HX_REQUEST="true",
    )
    assert "(aussi pour votre autre autodiagnostic)" in text(response)
    assert value(second, "eau-oui") == "Oui"


def test_the_section_page_of_a_lone_assessment_has_no_shared_note(visitor, assessment):
    page = text(
        visitor.get(
            reverse("selfdiagnosis:section", kwargs={"token": assessment.token, "code": "environnement"})
        )
    )
    assert "Question sur votre entreprise" not in page


def test_the_sign_page_says_the_signature_covers_this_offer_only(visitor, assessment, second):
    page = text(visitor.get(reverse("selfdiagnosis:sign", kwargs={"token": assessment.token})))
    assert "Vous signez pour « Visite de l'atelier d'Alice » seulement." in page
    assert "Votre autre autodiagnostic en cours garde vos réponses communes et se signe à part." in page
