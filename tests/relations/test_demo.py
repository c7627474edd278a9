"""Done when: the demo's segment counts 6, its campaign reaches only consenting addresses
through a real SMTP server, each with a working one-click unsubscribe."""

from __future__ import annotations

import pytest
from django.test import Client

from network import demo as network_demo
from network.models import Contact
from relations import demo, selectors, services
from relations.models import Campaign, CampaignRecipient, Segment
from workshops import demo as workshops_demo

pytestmark = pytest.mark.django_db


def test_demo_segment_campaign_and_smtp_log(smtp, django_capture_on_commit_callbacks):
    network_demo.load()
    workshops_demo.load()
    demo.load()
    demo.load()  # idempotent
    segment = Segment.objects.get(name=demo.SEGMENT_NAME)
    assert selectors.segment_count(segment.filters) == 6
    campaign = Campaign.objects.get(name=demo.CAMPAIGN_NAME)
    assert campaign.workshops.count() == 2 and campaign.promo_code.code == "HIVER26"
    assert campaign.voucher_offer and campaign.voucher_workshop in campaign.workshops.all()
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_start(campaign=campaign, actor=None)
    assert smtp.to() == sorted(
        [
            "camille.roux@example.org",
            "hugo.bernard@example.org",
            "jonas.weber@example.de",
            "lotte.peeters@example.be",
            "nina.faure@example.org",
        ]
    )
    skipped = CampaignRecipient.objects.get(status="skipped")
    assert skipped.email == "malo.durand@gmailcom" and skipped.reason == "adresse mal formée"
    client = Client(enforce_csrf_checks=True)
    for rcpts, message in smtp.messages:
        link = message["List-Unsubscribe"].strip()[1:-1]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert (
            f"/bons-cadeaux/?atelier={campaign.voucher_workshop.slug}"
            in message.get_body(("plain",)).get_content()
        )
        assert (
            client.post(
                link.replace("https://maillage.example", ""), {"List-Unsubscribe": "One-Click"}
            ).status_code
            == 200
        )
        assert not Contact.objects.get(email=rcpts[0]).marketing_consent
