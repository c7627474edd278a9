"""Bad input on the self-assessment's forms: answers and signature (respondent's link); campaign,
invitations and review (staff)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from selfdiagnosis.models import Answer, Assessment, Campaign
from tests.factories.selfdiagnosis import AssessmentFactory, CampaignFactory, build_questionnaire, fill_all

from .helpers import SCRIPT, assert_kept, assert_redisplayed, fake_image, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(db):
    return build_questionnaire()


@pytest.fixture
def assessment(questionnaire, member):
    return AssessmentFactory(questionnaire=questionnaire, member=member, respondent_email="alice@example.org")


def _section(assessment, code):
    return reverse("selfdiagnosis:section", kwargs={"token": assessment.token, "code": code})


@pytest.mark.parametrize(
    ("value", "message"),
    [("150", "100"), ("-4", "0"), ("beaucoup", "Saisissez un nombre")],
)
def test_number_answer_out_of_range_is_not_saved(visitor, assessment, value, message):
    response = visitor.post(
        _section(assessment, "environnement"),
        {"eau-oui-value": "oui", "matieres-part-value": value, "mobilite-info-value": "oui"},
    )
    page = assert_redisplayed(response, field="value", label="Part de matières bio", message=message)
    assert_kept(page, value)
    assert not Answer.objects.filter(indicator__code="matieres-part").exists()


def test_fake_evidence_is_named_by_its_file_and_not_saved(visitor, assessment):
    response = visitor.post(
        _section(assessment, "social"),
        {"rencontre-echange-value": "oui", "rencontre-echange-evidence": fake_image("preuve.jpg")},
    )
    assert_redisplayed(response, field="evidence", label="Justificatif", message="« preuve.jpg »")
    assert not Answer.objects.filter(indicator__code="rencontre-echange", evidence__gt="").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("signer_name", "", "Ce champ est obligatoire"),
        ("signer_role", "r" * 161, "au plus 160 caractères"),
        ("accepted", "", "Cochez la déclaration sur l'honneur pour signer"),
    ],
)
def test_sign_with_bad_field_does_not_submit(visitor, assessment, field, value, message):
    fill_all(assessment)
    before = snapshot(Assessment)
    data = {"signer_name": "Alice Martin", "signer_role": "gérante", "accepted": "on", "action_plan": SCRIPT}
    if value:
        data[field] = value
    else:
        data.pop(field)
    response = visitor.post(reverse("selfdiagnosis:sign", kwargs={"token": assessment.token}), data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    if field != "signer_name":
        assert_kept(page, "Alice Martin")
    assert SCRIPT not in page
    assert snapshot(Assessment) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Ce champ est obligatoire"),
        ("deadline", "2020-01-01", "La date limite doit être dans le futur"),
        ("deadline", "2099-01-01", "dans moins d'un an"),
        ("deadline", "demain", "Saisissez une date valide"),
        ("reminder_days", "7, -2", "« -2 » n'est pas un nombre de jours entre 1 et 180"),
        ("reminder_days", "7, 500", "« 500 » n'est pas un nombre de jours"),
        ("questionnaire", "999999", "Sélectionnez un choix valide"),
    ],
)
def test_campaign_create_bad_field_creates_nothing(staff_client, questionnaire, field, value, message):
    data = {
        "title": "Campagne d'automne",
        "questionnaire": questionnaire.pk,
        "deadline": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "reminder_days": "7, 14",
        "message": "Bonjour",
        "language": "fr",
    }
    data[field] = value
    response = staff_client.post(reverse("selfdiagnosis_staff:campaign_create"), data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    if field != "title":
        assert_kept(page, "Campagne d'automne")
    assert Campaign.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "repondant@", "adresse de courriel valide"),
        ("email", "", "Ce champ est obligatoire"),
        ("organisation", "", "Ce champ est obligatoire"),
        ("organisation", "o" * 201, "au plus 200 caractères"),
    ],
)
def test_invite_by_email_bad_field_invites_nobody(staff_client, questionnaire, field, value, message):
    campaign = CampaignFactory(questionnaire=questionnaire)
    data = {
        "action": "invite_email",
        "organisation": "Gîte des Cimes",
        "name": "Jeanne Roux",
        "email": "jeanne@example.org",
    }
    data[field] = value
    url = reverse("selfdiagnosis_staff:campaign_detail", args=[campaign.public_id])
    response = staff_client.post(url, data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["email_form"][field].label), message=message
    )
    assert_kept(page, "Jeanne Roux")
    assert Assessment.objects.count() == 0


def test_review_asking_changes_without_comment_changes_nothing(staff_client, assessment):
    from tests.factories.selfdiagnosis import submit

    submit(fill_all(assessment))
    before = snapshot(Assessment)
    url = reverse("selfdiagnosis_staff:assessment_review", args=[assessment.public_id])
    response = staff_client.post(url, {"decision": "changes", "comment": " "})
    assert response.status_code == 400
    assert "Expliquez ce qu&#x27;il faut modifier" in response.content.decode()
    assert snapshot(Assessment) == before


def test_invite_offers_with_nothing_chosen_invites_nobody(staff_client, questionnaire):
    campaign = CampaignFactory(questionnaire=questionnaire)
    url = reverse("selfdiagnosis_staff:campaign_detail", args=[campaign.public_id])
    response = staff_client.post(url, {"action": "invite_offers"})
    assert response.status_code == 400
    assert "Cochez au moins une offre ou choisissez un membre." in response.content.decode()
    assert Assessment.objects.count() == 0


def test_invite_offers_with_unknown_ids_invites_nobody(staff_client, questionnaire):
    campaign = CampaignFactory(questionnaire=questionnaire)
    url = reverse("selfdiagnosis_staff:campaign_detail", args=[campaign.public_id])
    response = staff_client.post(url, {"action": "invite_offers", "offers": ["999999"], "members": ["abc"]})
    assert_redisplayed(
        response, field="offers", label="Offres présélectionnées", message="Sélectionnez un choix valide"
    )
    assert Assessment.objects.count() == 0


def test_na_without_reason_is_not_saved(visitor, assessment):
    response = visitor.post(
        _section(assessment, "environnement"), {"eau-oui-na": "on", "eau-oui-na_reason": ""}
    )
    assert response.status_code == 400
    assert not Answer.objects.filter(indicator__code="eau-oui").exists()
