"""Issue 11 point 14 (campaigns): the member picker leaves out members already invited and is a
searchable list of check boxes (no Ctrl-click), and an open campaign past its deadline says
« en retard »."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from selfdiagnosis import selectors
from selfdiagnosis.models import Assessment, Campaign
from tests.factories.selfdiagnosis import AssessmentFactory, CampaignFactory

pytestmark = pytest.mark.django_db


def detail_url(campaign):
    return reverse("selfdiagnosis_staff:campaign_detail", kwargs={"public_id": campaign.public_id})


def test_member_picker_leaves_out_members_already_invited(staff_client, campaign, member, other_member):
    AssessmentFactory(questionnaire=campaign.questionnaire, campaign=campaign, member=member)

    response = staff_client.get(detail_url(campaign))

    members = list(response.context["offers_form"].fields["members"].queryset)
    assert member not in members and other_member in members
    assert list(selectors.campaign_candidate_members(campaign=campaign)) == [other_member]


def test_a_withdrawn_invitation_can_be_sent_again(campaign, member):
    AssessmentFactory(
        questionnaire=campaign.questionnaire,
        campaign=campaign,
        member=member,
        status=Assessment.Status.WITHDRAWN,
    )
    assert member in selectors.campaign_candidate_members(campaign=campaign)


def test_member_picker_is_a_searchable_list_of_check_boxes(staff_client, campaign, member):
    page = staff_client.get(detail_url(campaign)).content.decode()
    assert '<select name="members"' not in page
    assert 'type="checkbox" name="members"' in page
    assert "data-filter-input" in page and "common/filter_list.js" in page


def test_open_campaign_past_its_deadline_is_shown_late(staff_client, questionnaire):
    late = CampaignFactory(
        questionnaire=questionnaire, title="Automne", deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    on_time = CampaignFactory(questionnaire=questionnaire, title="Hiver", deadline=timezone.localdate())
    closed = CampaignFactory(
        questionnaire=questionnaire,
        title="Été",
        deadline=timezone.localdate() - dt.timedelta(days=40),
        status=Campaign.Status.CLOSED,
    )
    assert late.is_overdue and not on_time.is_overdue and not closed.is_overdue

    listing = staff_client.get(reverse("selfdiagnosis_staff:campaign_list")).content.decode()
    rows = {title: listing.split(title, 1)[1].split("</tr>", 1)[0] for title in ("Automne", "Hiver", "Été")}
    assert "en retard" in rows["Automne"]
    assert "en retard" not in rows["Hiver"] and "en retard" not in rows["Été"]
    assert "en retard" in staff_client.get(detail_url(late)).content.decode()
