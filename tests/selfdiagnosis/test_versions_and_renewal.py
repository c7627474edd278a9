"""Questionnaire versions (frozen once published, answers mapped) and yearly renewal."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from selfdiagnosis import services
from selfdiagnosis.exceptions import SelfDiagnosisError
from selfdiagnosis.models import (
    Answer,
    Assessment,
    Choice,
    Criterion,
    Indicator,
    IndicatorMapping,
    Questionnaire,
)
from tests.factories.selfdiagnosis import fill_all, submit

pytestmark = pytest.mark.django_db


def test_default_questionnaires_install_once_with_about_fifteen_criteria(db):
    first = services.questionnaire_install_defaults()
    again = services.questionnaire_install_defaults()
    assert [q.pk for q in first] == [q.pk for q in again]
    professional = Questionnaire.objects.get(code="offre-bienveillante")
    assert professional.status == Questionnaire.Status.PUBLISHED
    criteria = Criterion.objects.filter(dimension__questionnaire=professional)
    assert 14 <= criteria.count() <= 18
    assert set(criteria.values_list("dimension__code", flat=True)) == {
        "environnement",
        "economie-locale",
        "social",
    }
    assert all(c.public_label for c in criteria)
    office = Questionnaire.objects.get(code="diagnostic-office")
    assert set(office.dimensions.values_list("code", flat=True)) == {
        "organisation",
        "equipe",
        "budget",
        "missions",
        "outils",
    }


def test_a_published_questionnaire_is_frozen(questionnaire):
    indicator = questionnaire.indicators.first()
    indicator.statement = "Autre chose"
    with pytest.raises(ValidationError):
        indicator.full_clean()
    with pytest.raises(ValidationError):
        questionnaire.dimensions.first().full_clean()


def test_publishing_an_empty_questionnaire_is_refused(db):
    empty = Questionnaire.objects.create(code="vide", title="Vide", statement="x")
    with pytest.raises(SelfDiagnosisError):
        services.questionnaire_publish(questionnaire=empty, actor=None)


def test_a_new_version_is_a_draft_copy_mapped_to_the_old_indicators(questionnaire):
    new = services.questionnaire_new_version(source=questionnaire, actor=None)
    assert (new.version, new.status, new.previous) == (2, Questionnaire.Status.DRAFT, questionnaire)
    assert new.indicators.count() == questionnaire.indicators.count()
    assert IndicatorMapping.objects.filter(target__questionnaire=new).count() == new.indicators.count()
    services.questionnaire_publish(questionnaire=new, actor=None)
    questionnaire.refresh_from_db()
    assert questionnaire.status == Questionnaire.Status.ARCHIVED


@pytest.fixture
def validated(assessment, staff_user):
    fill_all(assessment, fournisseurs="parfois", matieres="30")
    submit(assessment)
    return services.assessment_validate(assessment=assessment, reviewer=staff_user)


def test_renewal_is_prefilled_with_last_years_answers(validated):
    renewal = services.assessment_renew(previous=validated, send=False)
    copied = {a.indicator.code: a for a in renewal.answers.select_related("indicator", "choice")}
    assert copied["fournisseurs-100km"].choice.code == "parfois"
    assert copied["matieres-part"].number_value == 30
    assert (
        copied["rencontre-echange"].evidence.name
        == validated.answers.get(indicator__code="rencontre-echange").evidence.name
    )
    assert renewal.previous == validated
    assert renewal.status == Assessment.Status.INVITED
    with pytest.raises(SelfDiagnosisError):
        services.assessment_renew(previous=validated, send=False)


def test_renewal_on_a_new_version_maps_answers_to_the_new_indicators(validated):
    new = services.questionnaire_new_version(source=validated.questionnaire, actor=None)
    # the new version renames a choice code and narrows a number range: only compatible values carry over
    indicator = new.indicators.get(code="fournisseurs-100km")
    Choice.objects.filter(indicator=indicator, code="parfois").update(code="souvent")
    Indicator.objects.filter(pk=new.indicators.get(code="matieres-part").pk).update(number_max=20)
    eau = new.indicators.get(code="eau-oui")
    Indicator.objects.filter(pk=eau.pk).update(code="eau-economes")
    services.questionnaire_publish(questionnaire=new, actor=None)
    renewal = services.assessment_renew(previous=validated, send=False)
    assert renewal.questionnaire == new
    copied = {a.indicator.code: a for a in renewal.answers.select_related("indicator", "choice")}
    assert copied["eau-economes"].bool_value is True  # renamed indicator, answer carried through the mapping
    assert copied["fournisseurs-100km"].choice is None
    assert copied["matieres-part"].number_value is None


def test_expiring_badges_trigger_a_renewal_invitation_once(validated, django_capture_on_commit_callbacks):
    Assessment.objects.filter(pk=validated.pk).update(
        badge_expires_on=timezone.localdate() + dt.timedelta(days=10)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.badges_renew_expiring() == 1
        assert services.badges_renew_expiring() == 0
    renewal = Assessment.objects.get(previous=validated)
    assert renewal.answers.count() == validated.answers.count()
    assert len(mail.outbox) == 1
    assert "renouvelez" in mail.outbox[0].subject
    assert renewal.token in mail.outbox[0].body


def test_renewal_page_asks_for_an_action_plan_and_stores_it(visitor, validated):
    renewal = services.assessment_renew(previous=validated, send=False)
    sign_url = reverse("selfdiagnosis:sign", kwargs={"token": renewal.token})
    assert "plan d'action" in visitor.get(sign_url).content.decode().replace("&#x27;", "'")
    response = visitor.post(
        sign_url,
        {
            "signer_name": "Alice",
            "signer_role": "gérante",
            "accepted": "on",
            "action_plan": "Installer des mousseurs.",
        },
    )
    assert response.status_code == 302
    renewal.refresh_from_db()
    assert renewal.status == Assessment.Status.SUBMITTED
    assert renewal.action_plan == "Installer des mousseurs."


def test_validating_a_renewal_supersedes_the_previous_badge(validated, staff_user):
    renewal = services.assessment_renew(previous=validated, send=False)
    submit(renewal)
    services.assessment_validate(assessment=renewal, reviewer=staff_user)
    validated.refresh_from_db()
    assert validated.badge_expires_on <= timezone.localdate()
    assert Answer.objects.filter(assessment=renewal).count() == validated.answers.count()
