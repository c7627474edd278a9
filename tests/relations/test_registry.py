"""The leak: one consent registry for every export (and every send, see test_campaigns)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network import selectors, services
from network.models import ConsentPurpose, Contact
from tests.factories.workshops import BookingFactory

pytestmark = pytest.mark.django_db


def _visitor(session, email, *, consent=True):
    BookingFactory(session=session, email=email, consent_contact=True)
    return services.contact_record(email=email, name="Zoé", source="workshops.booking", consent=consent)


def test_registry_news_needs_consent_not_withdrawn_and_a_deliverable_address(session):
    from django.utils import timezone

    ok = _visitor(session, "ok@example.org")
    gone = _visitor(session, "gone@example.org")
    never = _visitor(session, "never@example.org", consent=None)
    bounced = _visitor(session, "bounced@example.org")
    services.contact_withdraw_consent(contact=gone, source="test")
    Contact.objects.filter(pk=bounced.pk).update(undeliverable_at=timezone.now())
    news = set(selectors.contact_reachable(purpose=ConsentPurpose.NEWS).values_list("email", flat=True))
    assert news == {"ok@example.org"}
    surveys = set(selectors.contact_reachable(purpose=ConsentPurpose.SURVEYS).values_list("email", flat=True))
    assert surveys == {"ok@example.org", "gone@example.org", "never@example.org"}
    services.contact_withdraw_consent(contact=never, source="test", purpose=ConsentPurpose.SURVEYS)
    assert not selectors.email_reachable(email="never@example.org", purpose=ConsentPurpose.SURVEYS)
    assert ok.consent_events.get().legal_basis == "consent"
    with pytest.raises(ValueError):
        selectors.contact_reachable(purpose="anything")


def test_workshops_csv_trusts_the_registry_not_the_tick_box_and_gives_unsubscribe_links(
    staff_client, coordinator_client, session
):
    kept = _visitor(session, "kept@example.org")
    gone = _visitor(session, "gone@example.org")
    services.contact_withdraw_consent(contact=gone, source="network.unsubscribe")
    text = staff_client.get(reverse("workshops_staff:contacts_csv")).content.decode("utf-8-sig")
    assert "kept@example.org" in text and "gone@example.org" not in text
    assert f"http://testserver/reseau/desinscription/{kept.unsubscribe_token}/" in text or (
        kept.get_unsubscribe_url() in text
    )
    # The coordinator of the workshop's antenna gets the same filtered rows.
    coordinator_text = coordinator_client.get(reverse("workshops_staff:contacts_csv")).content.decode()
    assert "gone@example.org" not in coordinator_text


def test_unsubscribed_person_is_in_no_csv_export(staff_client, session):
    gone = _visitor(session, "gone@example.org")
    _visitor(session, "kept@example.org")
    services.contact_withdraw_consent(token=gone.unsubscribe_token, source="network.unsubscribe")
    for url in (reverse("workshops_staff:contacts_csv"), reverse("network_staff:contact_export")):
        text = staff_client.get(url).content.decode("utf-8-sig")
        assert "kept@example.org" in text, url
        assert "gone@example.org" not in text, url
