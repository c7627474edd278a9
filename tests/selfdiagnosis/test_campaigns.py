"""Campaigns: creation, invitations by email with a private link, reminders, the follow-up page."""

import datetime as dt
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from selfdiagnosis import services
from selfdiagnosis.exceptions import SelfDiagnosisError
from selfdiagnosis.models import Assessment, Campaign, RespondentKind
from tests.factories.selfdiagnosis import (
    AssessmentFactory,
    CampaignFactory,
    OfferFactory,
    answer,
    build_questionnaire,
)

pytestmark = pytest.mark.django_db


def detail_url(campaign):
    return reverse("selfdiagnosis_staff:campaign_detail", kwargs={"public_id": campaign.public_id})


def test_staff_create_a_campaign_from_the_staff_page(staff_client, questionnaire):
    deadline = timezone.localdate() + dt.timedelta(days=20)
    response = staff_client.post(
        reverse("selfdiagnosis_staff:campaign_create"),
        {
            "title": "Printemps 2027",
            "questionnaire": questionnaire.pk,
            "deadline": deadline.isoformat(),
            "reminder_days": "14, 7",
            "message": "Merci !",
        },
    )
    campaign = Campaign.objects.get()
    assert response.url == detail_url(campaign)
    assert campaign.reminder_days == [7, 14]


def test_campaign_form_names_the_bad_field_and_keeps_the_input(staff_client, questionnaire):
    response = staff_client.post(
        reverse("selfdiagnosis_staff:campaign_create"),
        {
            "title": "Printemps",
            "questionnaire": questionnaire.pk,
            "deadline": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "reminder_days": "7, bientôt",
        },
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "La date limite doit être dans le futur." in page
    assert "« bientôt » n'est pas un nombre de jours" in page
    assert 'value="Printemps"' in page
    assert not Campaign.objects.exists()


def test_a_draft_questionnaire_cannot_open_a_campaign(db):
    draft = build_questionnaire(code="brouillon", publish=False)
    with pytest.raises(SelfDiagnosisError):
        services.campaign_create(title="x", questionnaire=draft, deadline=timezone.localdate(), actor=None)


def test_inviting_offers_emails_a_private_link_to_members_and_external_providers(
    staff_client, campaign, member, django_capture_on_commit_callbacks
):
    own = OfferFactory(member=member, title="Tournage en famille")
    external = OfferFactory(
        member=None, provider_name="Gîte des Cimes", email="gite@example.org", title="Nuit au gîte"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            detail_url(campaign), {"action": "invite_offers", "offers": [own.pk, external.pk]}
        )
    assert response.status_code == 302
    by_offer = {a.offer_id: a for a in Assessment.objects.all()}
    assert by_offer[own.pk].respondent_kind == RespondentKind.MEMBER
    assert by_offer[own.pk].member == member
    assert by_offer[external.pk].respondent_kind == RespondentKind.PROVIDER
    assert by_offer[external.pk].organisation == "Gîte des Cimes"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, "gite@example.org"])
    for message in mail.outbox:
        assessment = next(a for a in by_offer.values() if a.respondent_email == message.to[0])
        assert f"/autodiagnostic/r/{assessment.token}/" in message.body


def test_inviting_the_same_offer_twice_is_refused_and_creates_nothing(staff_client, campaign, offer):
    staff_client.post(detail_url(campaign), {"action": "invite_offers", "offers": [offer.pk]})
    other = OfferFactory(member=offer.member)
    with pytest.raises(SelfDiagnosisError) as exc:
        services.campaign_invite(
            campaign=campaign, invitations=services.invitations_for_offers([other, offer]), actor=None
        )
    assert offer.title in str(exc.value.message)
    assert Assessment.objects.count() == 1


def test_an_offer_without_any_email_is_named_in_the_error(campaign):
    offer = OfferFactory(member=None, provider_name="Sans adresse", email="")
    with pytest.raises(SelfDiagnosisError) as exc:
        services.campaign_invite(
            campaign=campaign, invitations=services.invitations_for_offers([offer]), actor=None
        )
    assert offer.title in str(exc.value.message)


def test_inviting_by_email_a_tourism_office(staff_client, db):
    from selfdiagnosis.services import questionnaire_install_defaults

    office_q = next(q for q in questionnaire_install_defaults() if q.kind == "tourism_office")
    campaign = CampaignFactory(questionnaire=office_q)
    staff_client.post(
        detail_url(campaign),
        {
            "action": "invite_email",
            "organisation": "OT des Entremonts",
            "name": "Sylvie",
            "email": "direction@ot.example",
        },
    )
    assessment = Assessment.objects.get()
    assert assessment.respondent_kind == RespondentKind.TOURISM_OFFICE
    assert assessment.organisation == "OT des Entremonts"


def test_campaign_page_groups_not_started_in_progress_and_submitted(staff_client, campaign, questionnaire):
    AssessmentFactory(campaign=campaign, questionnaire=questionnaire, organisation="Pas encore")
    started = AssessmentFactory(campaign=campaign, questionnaire=questionnaire, organisation="Commencé")
    answer(started, "eau-oui", "oui")
    AssessmentFactory(
        campaign=campaign,
        questionnaire=questionnaire,
        organisation="Envoyé",
        status=Assessment.Status.SUBMITTED,
    )
    page = html.unescape(staff_client.get(detail_url(campaign)).content.decode())
    assert (
        page.index("Pas commencé")
        < page.index("Pas encore")
        < page.index("En cours")
        < page.index("Commencé")
    )
    assert page.index("Envoyé") < page.rindex("Envoyé")


def test_reminders_follow_the_campaign_days_and_are_not_sent_twice(
    campaign, questionnaire, django_capture_on_commit_callbacks
):
    invited_at = timezone.now() - dt.timedelta(days=8)
    waiting = AssessmentFactory(campaign=campaign, questionnaire=questionnaire, invited_at=invited_at)
    AssessmentFactory(campaign=campaign, questionnaire=questionnaire, invited_at=timezone.now())
    AssessmentFactory(
        campaign=campaign,
        questionnaire=questionnaire,
        invited_at=invited_at,
        status=Assessment.Status.SUBMITTED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_due() == 1
        assert services.reminders_send_due() == 0
    waiting.refresh_from_db()
    assert waiting.reminders_sent == 1
    assert [m.to for m in mail.outbox] == [[waiting.respondent_email]]
    assert "Rappel" in mail.outbox[0].subject
    # the second reminder comes at day 14
    assert services.reminders_send_due(now=timezone.now() + dt.timedelta(days=6, hours=2)) == 1
    assert services.reminders_send_due(now=timezone.now() + dt.timedelta(days=30)) == 0


def test_campaign_pages_are_for_staff_only(visitor, member_client, plain_client, campaign):
    for url in (
        reverse("selfdiagnosis_staff:campaign_list"),
        detail_url(campaign),
        reverse("selfdiagnosis_staff:campaign_create"),
    ):
        assert visitor.get(url).status_code == 302
        assert member_client.get(url).status_code == 403
        assert plain_client.get(url).status_code == 403
    assert member_client.post(detail_url(campaign), {"action": "close"}).status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN


def test_campaign_list_query_count_does_not_grow(staff_client, questionnaire, django_assert_max_num_queries):
    def load():
        with django_assert_max_num_queries(20):
            assert staff_client.get(reverse("selfdiagnosis_staff:campaign_list")).status_code == 200

    CampaignFactory(questionnaire=questionnaire)
    load()
    for _ in range(5):
        campaign = CampaignFactory(questionnaire=questionnaire)
        AssessmentFactory(
            campaign=campaign,
            questionnaire=questionnaire,
            status=Assessment.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
    load()


def test_campaign_detail_query_count_does_not_grow(
    staff_client, campaign, questionnaire, member, django_assert_max_num_queries
):
    def load():
        with django_assert_max_num_queries(25):
            assert staff_client.get(detail_url(campaign)).status_code == 200

    load()
    for _ in range(6):
        AssessmentFactory(campaign=campaign, questionnaire=questionnaire, offer=OfferFactory(member=member))
        OfferFactory()
    load()
