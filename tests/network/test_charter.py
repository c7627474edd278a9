"""The charter: public page and history, publishing asks members to sign, signing shows what
changed, reminders go once, missed deadlines are flagged (never deleted)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from network import selectors, services
from network.exceptions import CharterAlreadyPublished, CharterVersionOutdated
from network.models import CharterSignature, Member
from network.tasks import send_charter_sign_requests
from tests.factories.network import CharterVersionFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

PORTAL_CHARTER = reverse("network_portal:charter")


def _v2(**kwargs):
    return CharterVersionFactory(
        number=2,
        published_at=None,
        commitments=[
            "Je fabrique moi-même ce que je vends.",
            "Mes matières premières sont locales ou biologiques.",
            "Je limite les emballages.",
        ],
        changes_summary="Nouvel engagement sur les emballages.",
        **kwargs,
    )


def test_public_charter_shows_current_version_and_history(visitor, charter, staff_user):
    v2 = _v2()
    services.charter_version_publish(
        version=v2, actor=staff_user, sign_deadline=timezone.localdate() + datetime.timedelta(days=30)
    )
    html = visitor.get(reverse("network:charter")).content.decode()
    assert "Je limite les emballages." in html and "Version 1" in html
    old = visitor.get(reverse("network:charter_version", kwargs={"number": 1})).content.decode()
    assert "Ancienne version" in old and "Je ne revends aucun produit importé." in old
    assert visitor.get(reverse("network:charter_version", kwargs={"number": 9})).status_code == 404


def test_draft_version_is_not_public(visitor, charter):
    _v2()
    assert visitor.get(reverse("network:charter_version", kwargs={"number": 2})).status_code == 404
    assert selectors.charter_current() == charter


def test_publishing_asks_every_active_member_to_sign_once(
    staff_user, member_user, other_member_user, django_capture_on_commit_callbacks
):
    MemberFactory(status=Member.Status.LEFT, email="gone@example.org")
    v2 = _v2()
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        services.charter_version_publish(version=v2, actor=staff_user, sign_deadline=deadline)
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bob@example.org"]
    assert all("v2" in m.subject for m in mail.outbox)
    with pytest.raises(CharterAlreadyPublished):
        services.charter_version_publish(version=v2, actor=staff_user, sign_deadline=deadline)
    # A retried task does not email anyone twice.
    send_charter_sign_requests(v2.pk)
    assert len(mail.outbox) == 2


def test_charter_request_goes_to_member_accounts_rather_than_contact_address(
    staff_user, member, django_capture_on_commit_callbacks
):
    UserFactory(email="english@example.org", member=member, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.charter_version_publish(
            version=_v2(), actor=staff_user, sign_deadline=timezone.localdate() + datetime.timedelta(days=9)
        )
    assert [m.to for m in mail.outbox] == [["english@example.org"]]


def test_member_signs_seeing_what_changed(member_client, member, member_user, charter, staff_user):
    services.charter_sign(member=member, user=member_user, version=charter)
    v2 = _v2()
    services.charter_version_publish(
        version=v2, actor=staff_user, sign_deadline=timezone.localdate() + datetime.timedelta(days=30)
    )
    portal_home = member_client.get(reverse("pages:portal_home")).content.decode()
    assert "Charte à signer" in portal_home
    html = member_client.get(PORTAL_CHARTER).content.decode()
    assert "Ce qui change entre la version 1" in html
    assert 'class="diff-added"><strong>Nouveau :</strong> Je limite les emballages.' in html
    assert 'class="diff-removed"' in html and "Je ne revends aucun produit importé." in html
    response = member_client.post(PORTAL_CHARTER, {"version": 2}, REMOTE_ADDR="203.0.113.9")
    assert "Cochez la case" in response.content.decode()
    assert not CharterSignature.objects.filter(version=v2).exists()
    member_client.post(PORTAL_CHARTER, {"version": 2, "confirm": "on"}, REMOTE_ADDR="203.0.113.9")
    signature = CharterSignature.objects.get(version=v2)
    assert signature.member == member and signature.signer == member_user
    assert signature.ip_address == "203.0.113.9"
    assert selectors.member_has_signed_current_charter(member)
    # Double-click: still one signature.
    member_client.post(PORTAL_CHARTER, {"version": 2, "confirm": "on"})
    assert CharterSignature.objects.filter(version=v2).count() == 1
    assert "Charte à signer" not in member_client.get(reverse("pages:portal_home")).content.decode()


def test_signing_an_outdated_version_is_refused(member, member_user, charter, staff_user):
    services.charter_version_publish(version=_v2(), actor=staff_user, sign_deadline=timezone.localdate())
    with pytest.raises(CharterVersionOutdated):
        services.charter_sign(member=member, user=member_user, version=charter)


def test_posting_a_stale_version_number_signs_nothing(member_client, charter, staff_user):
    services.charter_version_publish(version=_v2(), actor=staff_user, sign_deadline=timezone.localdate())
    response = member_client.post(PORTAL_CHARTER, {"version": 1, "confirm": "on"}, follow=True)
    assert "La charte a changé" in response.content.decode()
    assert not CharterSignature.objects.exists()


def test_reminders_are_sent_once_and_late_members_are_flagged(
    member, member_user, other_member, staff_user, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    v2 = _v2()
    services.charter_version_publish(
        version=v2, actor=staff_user, sign_deadline=today + datetime.timedelta(days=20)
    )
    services.charter_sign(member=other_member, user=None, version=v2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.charter_send_reminders(today=today + datetime.timedelta(days=10)) == 1
        assert services.charter_send_reminders(today=today + datetime.timedelta(days=11)) == 0
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert services.charter_flag_overdue(today=today + datetime.timedelta(days=20)) == 0
    assert services.charter_flag_overdue(today=today + datetime.timedelta(days=21)) == 1
    member.refresh_from_db()
    assert member.charter_overdue_since == today + datetime.timedelta(days=20)
    assert member.status == Member.Status.ACTIVE
    services.charter_sign(member=member, user=member_user, version=v2)
    member.refresh_from_db()
    assert member.charter_overdue_since is None


def test_staff_see_who_has_not_signed(staff_client, member, other_member, charter, coordinator_client):
    services.charter_sign(member=other_member, user=None, version=charter)
    html = staff_client.get(reverse("network_staff:charter_status")).content.decode()
    assert member.name.replace("'", "&#x27;") in html and "Atelier de Bob" not in html
    assert "Publier une nouvelle version" in html
    coord = coordinator_client.get(reverse("network_staff:charter_status")).content.decode()
    assert "Publier une nouvelle version" not in coord


def test_staff_publish_from_the_page(staff_client, charter):
    v2 = _v2()
    response = staff_client.post(
        reverse("network_staff:charter_publish"), {"version": v2.pk, "sign_deadline": "2030-01-31"}
    )
    assert response.status_code == 302
    v2.refresh_from_db()
    assert v2.is_published and v2.sign_deadline == datetime.date(2030, 1, 31)


def test_bad_publish_form_names_the_field(staff_client, charter):
    v2 = _v2()
    response = staff_client.post(reverse("network_staff:charter_publish"), {"version": v2.pk})
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()
    v2.refresh_from_db()
    assert not v2.is_published


def test_charter_pages_permissions(visitor, plain_client, member_client, coordinator_client):
    assert visitor.get(PORTAL_CHARTER).status_code == 302
    assert plain_client.get(PORTAL_CHARTER).status_code == 403
    for url in (reverse("network_staff:charter_status"),):
        assert visitor.get(url).status_code == 302
        assert member_client.get(url).status_code == 403
        assert plain_client.get(url).status_code == 403
    publish = reverse("network_staff:charter_publish")
    assert member_client.post(publish, {}).status_code == 403
    assert coordinator_client.post(publish, {}).status_code == 403


def test_member_page_shows_signed_version(visitor, member, member_user, charter):
    assert "pas encore signée" in visitor.get(member.get_absolute_url()).content.decode()
    services.charter_sign(member=member, user=member_user, version=charter)
    assert "Charte du réseau signée (version 1)" in visitor.get(member.get_absolute_url()).content.decode()


def test_emails_use_each_account_language(
    staff_user, member, monkeypatch, django_capture_on_commit_callbacks
):
    UserFactory(email="english@example.org", member=member, language="en")
    UserFactory(email="francais@example.org", member=member, language="fr")
    sent = []
    monkeypatch.setattr("network.tasks.send_templated_email", lambda **kwargs: sent.append(kwargs))
    with django_capture_on_commit_callbacks(execute=True):
        services.charter_version_publish(
            version=_v2(), actor=staff_user, sign_deadline=timezone.localdate() + datetime.timedelta(days=9)
        )
    assert sorted((m["to"][0], m["language"]) for m in sent) == [
        ("english@example.org", "en"),
        ("francais@example.org", "fr"),
    ]
    assert all(m["template"] == "network/charter_request" for m in sent)
