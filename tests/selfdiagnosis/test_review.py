"""Staff review: comments per criterion, request changes, validate → badge on the offer."""

import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from offers.models import Offer
from selfdiagnosis import exceptions as e
from selfdiagnosis import services
from selfdiagnosis.exceptions import SelfDiagnosisError
from selfdiagnosis.models import Assessment, Criterion
from tests.factories.selfdiagnosis import answer, fill_all, submit

pytestmark = pytest.mark.django_db


def review_url(assessment):
    return reverse("selfdiagnosis_staff:assessment_review", kwargs={"public_id": assessment.public_id})


@pytest.fixture
def submitted(assessment):
    fill_all(assessment)
    submit(assessment)
    assessment.refresh_from_db()
    return assessment


def test_request_changes_cycle_lets_the_respondent_edit_and_sign_again(
    submitted, staff_user, django_capture_on_commit_callbacks
):
    criterion = Criterion.objects.get(dimension__questionnaire=submitted.questionnaire, code="eau")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_request_changes(
            assessment=submitted,
            reviewer=staff_user,
            comment="Merci de préciser.",
            criterion_comments={criterion.pk: "Quels équipements ?"},
        )
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.CHANGES_REQUESTED
    assert submitted.criterion_reviews.get().comment == "Quels équipements ?"
    assert mail.outbox[0].to == ["alice@example.org"]
    assert submitted.token in mail.outbox[0].body
    answer(submitted, "eau-oui", "non")
    submit(submitted, signer_name="Alice M.")
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED
    assert submitted.signatures.count() == 2
    assert submitted.signatures.first().signer_name == "Alice M."


def test_validation_gives_the_offer_its_badge_and_moves_it_to_assessed(submitted, staff_user, offer):
    services.assessment_validate(assessment=submitted, reviewer=staff_user)
    submitted.refresh_from_db()
    offer.refresh_from_db()
    assert submitted.status == Assessment.Status.VALIDATED
    assert submitted.badge_level == "exemplaire"
    assert (submitted.badge_expires_on - timezone.localdate()).days == 365
    assert offer.status == Offer.Status.ASSESSED
    assert offer.badge_level == "Exemplaire"
    assert offer.badge_expires_on == submitted.badge_expires_on
    assert offer.badge_scores["social"]["commitments"] == ["Fait rencontrer les habitants"]
    assert offer.badge_scores["environnement"]["label"] == "Environnement"


def test_validation_with_a_dimension_at_zero_gives_no_badge(assessment, staff_user, offer):
    fill_all(assessment, fournisseurs="jamais")
    submit(assessment)
    services.assessment_validate(assessment=assessment, reviewer=staff_user)
    assessment.refresh_from_db()
    offer.refresh_from_db()
    assert assessment.scores["economie-locale"] == 0
    assert assessment.badge_level == ""
    assert offer.badge_level == ""
    assert not offer.has_badge


def test_validation_keeps_a_published_offer_published(submitted, staff_user, offer):
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.PUBLISHED)
    services.assessment_validate(assessment=submitted, reviewer=staff_user)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED
    assert offer.has_badge


def test_only_a_submitted_assessment_can_be_reviewed(assessment, staff_user):
    with pytest.raises(SelfDiagnosisError) as exc:
        services.assessment_validate(assessment=assessment, reviewer=staff_user)
    assert exc.value.message == e.NOT_SUBMITTED


def test_validating_twice_is_refused_and_changes_nothing(submitted, staff_user):
    services.assessment_validate(assessment=submitted, reviewer=staff_user)
    with pytest.raises(SelfDiagnosisError):
        services.assessment_validate(assessment=submitted, reviewer=staff_user)


# --- the review page ----------------------------------------------------------------------------


def test_review_page_shows_answers_evidence_and_scores(staff_client, submitted):
    response = staff_client.get(review_url(submitted))
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "J'économise l'eau." in page
    assert "voir le justificatif" in page
    assert "/ 100" in page
    evidence = staff_client.get(
        reverse(
            "selfdiagnosis_staff:evidence",
            kwargs={"public_id": submitted.public_id, "code": "rencontre-echange"},
        )
    )
    assert evidence.status_code == 200


def test_review_page_requests_changes_with_a_comment_per_criterion(staff_client, submitted):
    criterion = Criterion.objects.get(dimension__questionnaire=submitted.questionnaire, code="eau")
    response = staff_client.post(
        review_url(submitted),
        {"decision": "changes", "comment": "", f"criterion_{criterion.pk}": "Précisez."},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.CHANGES_REQUESTED
    respondent = html.unescape(
        staff_client.get(
            reverse("selfdiagnosis:section", kwargs={"token": submitted.token, "code": "environnement"})
        ).content.decode()
    )
    assert "Précisez." in respondent


def test_requesting_changes_without_any_comment_is_refused(staff_client, submitted):
    response = staff_client.post(review_url(submitted), {"decision": "changes", "comment": ""})
    assert response.status_code == 400
    assert "Expliquez ce qu'il faut modifier" in html.unescape(response.content.decode())
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED


def test_review_page_validates(staff_client, submitted):
    response = staff_client.post(review_url(submitted), {"decision": "validate", "comment": "Bravo"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.VALIDATED
    assert submitted.review_comment == "Bravo"


def test_review_page_is_for_staff_only(visitor, member_client, plain_client, coordinator_client, submitted):
    assert visitor.get(review_url(submitted)).status_code == 302
    assert member_client.get(review_url(submitted)).status_code == 403
    assert plain_client.get(review_url(submitted)).status_code == 403
    assert member_client.post(review_url(submitted), {"decision": "validate"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED
    assert coordinator_client.get(review_url(submitted)).status_code == 200


def test_staff_can_extend_an_expired_link(staff_client, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(token_expires_at=timezone.now())
    staff_client.post(review_url(assessment), {"action": "extend"})
    assessment.refresh_from_db()
    assert not assessment.link_expired


def test_a_coordinator_reviews_only_their_antennas_assessments(
    coordinator_client, submitted, other_assessment
):
    assert coordinator_client.get(review_url(submitted)).status_code == 200
    assert coordinator_client.get(review_url(other_assessment)).status_code == 404
    listing = html.unescape(
        coordinator_client.get(reverse("selfdiagnosis_staff:campaign_list")).content.decode()
    )
    assert submitted.subject_label in listing
    Assessment.objects.filter(pk=other_assessment.pk).update(status=Assessment.Status.SUBMITTED)
    listing = html.unescape(
        coordinator_client.get(reverse("selfdiagnosis_staff:campaign_list")).content.decode()
    )
    assert other_assessment.subject_label not in listing
