"""Campaigns through a real SMTP server (aiosmtpd): batching, headers, one-click unsubscribe,
no double sending after an interruption, and THE leak test."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from network import services as network_services
from network.models import Contact
from relations import exceptions as errors
from relations import services
from relations.models import Campaign, CampaignRecipient, PromoCode, Segment
from tests.factories.workshops import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """``campaign_start`` with its after-commit send run, as Celery would."""

    def _start(campaign, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.campaign_start(campaign=campaign, actor=None, **kwargs)

    return _start


def _visitor(session, email, *, consent=True, name="Zoé"):
    BookingFactory(session=session, email=email, consent_contact=bool(consent), party_size=1, children=0)
    return network_services.contact_record(
        email=email, name=name, source="workshops.booking", consent=consent
    )


@pytest.fixture
def campaign(db, staff_user, workshop):
    segment = Segment.objects.create(name="Tous", filters={})
    promo = PromoCode.objects.create(
        code="HIVER26",
        percent_off=20,
        valid_from=datetime.date(2026, 11, 1),
        valid_until=datetime.date(2027, 3, 31),
    )
    return services.campaign_create(
        actor=staff_user,
        segment=segment,
        name="Hors saison",
        subject="L'hiver des artisans",
        intro="Bonjour, revenez nous voir.",
        workshops=[workshop],
        promo_code=promo,
    )


def test_unsubscribed_person_appears_in_no_export_and_receives_no_campaign(
    start, smtp, staff_client, session, campaign
):
    _visitor(session, "kept@example.org")
    gone = _visitor(session, "gone@example.org")
    _visitor(session, "never@example.org", consent=None)
    # Unsubscribes through the one-click link of a previous message (POST, no cookie, no CSRF).
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("relations:one_click", kwargs={"token": gone.unsubscribe_token}),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    for url in (reverse("workshops_staff:contacts_csv"), reverse("network_staff:contact_export")):
        text = staff_client.get(url).content.decode("utf-8-sig")
        assert "kept@example.org" in text and "gone@example.org" not in text, url
        assert "never@example.org" not in text, url
    start(campaign)
    assert smtp.to() == ["kept@example.org"]
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT


def test_message_headers_sender_and_one_click_round_trip(start, smtp, session, campaign, workshop):
    SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(days=20), capacity=6)
    contact = _visitor(session, "lea@example.org", name="Léa d'Arc & <Co>")
    start(campaign)
    [(rcpts, message)] = smtp.messages
    one_click = f"https://maillage.example/relations/desinscription/{contact.unsubscribe_token}/"
    assert message["List-Unsubscribe"].strip() == f"<{one_click}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "noreply@" in message["From"]
    text = message.get_body(("plain",)).get_content()
    assert "HIVER26" in text and "Tourner un bol" in text and one_click in text
    assert "&#x27;" not in text and "&amp;" not in text
    # The mail client's one-click POST, as RFC 8058 describes it.
    from django.test import Client

    assert (
        Client(enforce_csrf_checks=True).post(one_click.replace("https://maillage.example", "")).status_code
        == 200
    )
    contact.refresh_from_db()
    assert not contact.marketing_consent
    assert contact.consent_events.first().source == "relations.one_click"


def test_batches_and_no_double_send_after_an_interruption(start, smtp, settings, session, campaign):
    settings.RELATIONS_CAMPAIGN_BATCH_SIZE = 2
    for i in range(5):
        _visitor(session, f"v{i}@example.org")
    smtp.fail_after = 3  # the server breaks down in the middle of the second batch
    from celery.exceptions import Retry

    with pytest.raises((OSError, Retry)):  # eager Celery: the task asks to be retried later
        start(campaign)
    assert len(smtp.messages) == 3
    statuses = list(CampaignRecipient.objects.values_list("status", flat=True))
    assert statuses.count("sent") == 3 and statuses.count("queued") == 2  # handed back, not lost
    smtp.fail_after = None
    from relations.tasks import send_campaign

    send_campaign.apply(args=[campaign.pk])
    assert smtp.to() == [f"v{i}@example.org" for i in range(5)]  # each exactly once
    send_campaign.apply(args=[campaign.pk])  # resending never doubles
    assert len(smtp.messages) == 5
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT


def test_unsubscribe_between_queueing_and_sending_is_honoured_and_bad_address_skipped(
    smtp, session, campaign
):
    _visitor(session, "a@example.org")
    late = _visitor(session, "late@example.org")
    bad = _visitor(session, "bad@example.org")
    Contact.objects.filter(pk=bad.pk).update(email="bad@@example..org")
    services.campaign_start(campaign=campaign, actor=None)  # queued; the send is after commit
    network_services.contact_withdraw_consent(contact=late, source="test")
    while services.campaign_send_batch(campaign_id=campaign.pk):
        pass
    assert smtp.to() == ["a@example.org"]
    reasons = dict(CampaignRecipient.objects.values_list("email", "reason"))
    assert reasons["bad@@example..org"] == "adresse mal formée"
    assert "désinscrit" in reasons["late@example.org"]


def test_empty_segment_cannot_be_sent_and_deleted_workshop_is_left_out(start, smtp, campaign, workshop):
    with pytest.raises(errors.CampaignEmptySegment):
        start(campaign)
    workshop.is_published = False
    workshop.save()
    _subject, text, html = services.campaign_render(campaign)
    assert "Tourner un bol" not in text and "HIVER26" in text


def test_bounce_webhook_marks_address_undeliverable(client, session):
    contact = _visitor(session, "bounce@example.org")
    import base64
    import json

    payload = [
        {"event": "hard_bounce", "email": "bounce@example.org", "ts_event": 1700000000, "message-id": "x"}
    ]
    auth = base64.b64encode(b"hook:test-secret").decode()
    response = client.post(
        "/anymail/brevo/tracking/",
        data=json.dumps(payload[0]),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )
    assert response.status_code == 200, response.content
    contact.refresh_from_db()
    assert contact.undeliverable_at is not None


def test_schedule_then_due_start(start, django_capture_on_commit_callbacks, smtp, session, campaign):
    _visitor(session, "a@example.org")
    start(campaign, at=timezone.now() + datetime.timedelta(hours=1))
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SCHEDULED and not smtp.messages
    Campaign.objects.filter(pk=campaign.pk).update(
        scheduled_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    from relations.tasks import start_due_campaigns

    with django_capture_on_commit_callbacks(execute=True):
        assert start_due_campaigns.apply().get() == 1
    assert smtp.to() == ["a@example.org"]


def test_gift_voucher_block_links_to_buying_a_voucher_for_the_chosen_workshop(
    settings, campaign, workshop, client
):
    settings.SITE_URL = "https://maillage.example"
    campaign.voucher_workshop = workshop
    campaign.voucher_offer = True
    campaign.save()
    _subject, text, html = services.campaign_render(campaign)
    link = "https://maillage.example/bons-cadeaux/?atelier=tourner-un-bol"
    assert "Offrez « Tourner un bol »" in text and link in text
    assert 'href="https://maillage.example/bons-cadeaux/?atelier=tourner-un-bol"' in html
    page = client.get(link.replace("https://maillage.example", ""))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["kind"].value() == "workshop" and form["workshop"].value() == workshop.pk
    # A workshop withdrawn from the catalogue: the block offers a voucher of any amount.
    workshop.is_published = False
    workshop.save()
    _subject, text, _html = services.campaign_render(campaign)
    assert "Offrez un atelier" in text and "?atelier=" not in text
    assert (
        client.get(link.replace("https://maillage.example", "")).context["form"]["kind"].value() == "amount"
    )


def test_campaign_without_voucher_offer_has_no_voucher_block(campaign):
    _subject, text, _html = services.campaign_render(campaign)
    assert "bons-cadeaux" not in text
