"""Every email of the self-assessment has a text and an HTML part, in the respondent's language."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from selfdiagnosis import services, tasks
from selfdiagnosis.models import Assessment, Campaign
from tests.factories.network import UserFactory
from tests.factories.selfdiagnosis import OfferFactory, fill_all, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def languages(monkeypatch):
    """Record the language each email is rendered in (and still send it)."""
    seen = []
    real = tasks.send_templated_email

    def recording(**kwargs):
        seen.append((kwargs["template"], kwargs.get("language")))
        return real(**kwargs)

    monkeypatch.setattr(tasks, "send_templated_email", recording)
    return seen


def _html(message) -> str:
    (content, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return content


def test_every_email_has_a_text_and_an_html_part(
    assessment, staff_user, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFICATION_EMAILS = ["office@example.org"]
    steps = [
        lambda: tasks.send_invitation(assessment.pk),
        lambda: tasks.send_reminder(assessment.pk),
        lambda: submit(fill_all(assessment)),
        lambda: services.assessment_request_changes(
            assessment=assessment, reviewer=staff_user, comment="Précisez <l'eau>."
        ),
        lambda: submit(assessment),
        lambda: services.assessment_validate(assessment=assessment, reviewer=staff_user),
        lambda: services.assessment_renew(previous=Assessment.objects.get(pk=assessment.pk)),
    ]
    for step in steps:
        with django_capture_on_commit_callbacks(execute=True):
            step()
    subjects = [m.subject for m in mail.outbox]
    # invitation, reminder, to staff, changes requested, to staff, validated, renewal
    assert len(mail.outbox) == 7, subjects
    assert "Autodiagnostic à relire : Visite de l'atelier d'Alice" in subjects[2]
    for message in mail.outbox:
        body = _html(message)
        assert body.strip().startswith("<p>")
        if message.to == [assessment.respondent_email]:
            assert "/autodiagnostic/r/" in body
    staff = next(m for m in mail.outbox if m.to == ["office@example.org"])
    assert reverse(
        "selfdiagnosis_staff:assessment_review", kwargs={"public_id": assessment.public_id}
    ) in _html(staff)
    changes = next(m for m in mail.outbox if "modifications" in m.subject)
    # The reviewer's comment is escaped in HTML, verbatim in text.
    assert "Précisez &lt;l&#x27;eau&gt;." in _html(changes)
    assert "Précisez <l'eau>." in changes.body


def test_a_member_is_written_to_in_their_account_language(
    campaign, member, languages, django_capture_on_commit_callbacks
):
    UserFactory(member=member, language="en")
    offer = OfferFactory(member=member)
    with django_capture_on_commit_callbacks(execute=True):
        (created,) = services.campaign_invite(
            campaign=campaign, invitations=services.invitations_for_offers([offer]), actor=None
        )
    assert created.language == "en"
    assert languages == [("selfdiagnosis/invitation", "en")]


def test_a_provider_without_account_gets_the_campaigns_language_and_keeps_it_on_renewal(
    questionnaire, staff_user, languages, django_capture_on_commit_callbacks
):
    campaign = services.campaign_create(
        title="Printemps",
        questionnaire=questionnaire,
        deadline=timezone.localdate() + dt.timedelta(days=30),
        language="en",
        actor=staff_user,
    )
    offer = OfferFactory(member=None, provider_name="Gîte des Cimes", email="gite@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        (created,) = services.campaign_invite(
            campaign=campaign, invitations=services.invitations_for_offers([offer]), actor=None
        )
        fill_all(created)
        submit(created)
        services.assessment_validate(assessment=created, reviewer=staff_user)
        renewal = services.assessment_renew(previous=Assessment.objects.get(pk=created.pk))
    assert campaign.language == "en"
    assert created.language == renewal.language == "en"
    respondent = [lang for template, lang in languages if template != "selfdiagnosis/submitted_staff"]
    assert respondent == ["en", "en", "en"]  # invitation, validated, renewal


def test_default_language_is_french_and_staff_are_written_to_in_the_site_language(
    assessment, languages, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFICATION_EMAILS = ["office@example.org"]
    assert assessment.language == "fr"
    with django_capture_on_commit_callbacks(execute=True):
        fill_all(assessment)
        submit(assessment)
    assert languages == [("selfdiagnosis/submitted_staff", settings.LANGUAGE_CODE)]


def test_campaign_form_offers_the_email_language(staff_client, questionnaire):
    page = staff_client.get(reverse("selfdiagnosis_staff:campaign_create")).content.decode()
    assert 'name="language"' in page
    staff_client.post(
        reverse("selfdiagnosis_staff:campaign_create"),
        {
            "title": "Spring",
            "questionnaire": questionnaire.pk,
            "deadline": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "reminder_days": "7",
            "language": "en",
        },
    )
    assert settings.LANGUAGE_CODE == "fr"
    assert Campaign.objects.get(title="Spring").language == "en"


def test_staff_can_correct_the_email_language_in_the_admin(assessment, campaign):
    from allauth.mfa.models import Authenticator
    from django.test import Client

    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=root, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(root)
    page = client.get(reverse("admin:selfdiagnosis_assessment_change", args=[assessment.pk])).content.decode()
    assert '<select name="language"' in page
    page = client.get(
        reverse("admin:selfdiagnosis_campaign_changelist") + "?language__exact=fr"
    ).content.decode()
    assert campaign.title in page
