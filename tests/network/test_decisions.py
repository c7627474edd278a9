"""Staff review: accept (member + invitation), capacity and waitlist, refuse, request info,
coordinator scoping, and a freed place pointing to the first waitlisted applicant."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from network import services
from network.exceptions import (
    ApplicationAlreadyDecided,
    CapacityReached,
    NotYourAntenna,
    ReasonRequired,
)
from network.models import ApplicationDocument, Member, MembershipApplication, User
from tests.factories.network import ApplicationFactory, CapacityRuleFactory, CommuneFactory, MemberFactory

from .conftest import pdf_upload

pytestmark = pytest.mark.django_db


def _detail(application):
    return reverse("network_staff:application_detail", kwargs={"reference": application.reference})


def test_accepting_creates_member_and_invites_user_who_sets_password(
    staff_client, staff_user, commune, honey, charter, client, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(
        commune=commune,
        crafts=[honey],
        business_name="Miel des Cimes",
        contact_name="Zoé Arnaud",
        email="zoe@miel.example",
        language="fr",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_detail(application), {"action": "accept", "message": "Bienvenue !"})
    assert response.status_code == 302
    application.refresh_from_db()
    member = application.member
    assert application.status == "accepted" and application.decided_by == staff_user
    assert member.status == Member.Status.ACTIVE and member.slug == "miel-des-cimes"
    assert list(member.crafts.all()) == [honey] and member.antenna == commune.antenna
    user = User.objects.get(email="zoe@miel.example")
    assert user.member == member and not user.has_usable_password()
    assert user.emailaddress_set.get().verified
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("Bienvenue dans le réseau" in s for s in subjects)
    invitation = next(m for m in mail.outbox if "portail" in m.subject)
    link = re.search(r"https?://[^/]+(/comptes/password/reset/key/\S+/)", invitation.body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url, {"password1": "Une-bonne-phrase-2026", "password2": "Une-bonne-phrase-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Une-bonne-phrase-2026")


def test_accept_is_refused_when_capacity_reached_and_nothing_changes(staff_client, commune, honey):
    CapacityRuleFactory(antenna=commune.antenna, craft=honey, max_members=1)
    MemberFactory(commune=commune, crafts=[honey])
    application = ApplicationFactory(commune=commune, crafts=[honey])
    response = staff_client.post(_detail(application), {"action": "accept"})
    assert response.status_code == 200
    assert str(CapacityReached.message)[:40] in response.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted" and application.member is None
    assert Member.objects.count() == 1


def test_capacity_counts_only_active_members_of_that_craft_and_antenna(
    staff_user, commune, honey, other_member
):
    CapacityRuleFactory(antenna=commune.antenna, craft=honey, max_members=1)
    MemberFactory(commune=commune, crafts=[honey], status=Member.Status.LEFT)
    MemberFactory(commune=commune)  # another craft
    other_member.crafts.add(honey)  # another antenna
    application = ApplicationFactory(commune=commune, crafts=[honey])
    member = services.application_accept(application=application, actor=staff_user)
    assert member.status == Member.Status.ACTIVE


def test_antenna_wide_capacity_applies_to_every_craft(staff_user, commune):
    CapacityRuleFactory(antenna=commune.antenna, craft=None, max_members=1)
    MemberFactory(commune=commune)
    with pytest.raises(CapacityReached):
        services.application_accept(application=ApplicationFactory(commune=commune), actor=staff_user)


def test_full_craft_goes_to_waitlist_with_positions(
    staff_client, staff_user, commune, honey, django_capture_on_commit_callbacks
):
    CapacityRuleFactory(antenna=commune.antenna, craft=honey, max_members=0)
    first = ApplicationFactory(commune=commune, crafts=[honey])
    second = ApplicationFactory(commune=commune, crafts=[honey])
    services.application_waitlist(application=first, actor=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(_detail(second), {"action": "waitlist", "message": ""})
    second.refresh_from_db()
    assert second.status == "waitlisted"
    assert "position 2" in mail.outbox[-1].body
    page = staff_client.get(reverse("network_staff:application_list")).content.decode()
    assert "n° 1" in page and "n° 2" in page


def test_refusing_without_reason_is_refused_and_changes_nothing(staff_client, commune):
    application = ApplicationFactory(commune=commune)
    response = staff_client.post(_detail(application), {"action": "refuse", "message": "  "})
    assert str(ReasonRequired.message) in response.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted" and application.decision_message == ""
    assert not mail.outbox


def test_refusal_sends_the_edited_reason(staff_client, commune, django_capture_on_commit_callbacks):
    application = ApplicationFactory(commune=commune, email="kevin@souvenirs.example")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            _detail(application), {"action": "refuse", "message": "Revente de produits importés."}
        )
    application.refresh_from_db()
    assert application.status == "refused"
    assert mail.outbox[-1].to == ["kevin@souvenirs.example"]
    assert "Revente de produits importés." in mail.outbox[-1].body


def test_request_info_then_decided_twice_is_idempotent(staff_user, commune):
    application = ApplicationFactory(commune=commune)
    services.application_request_info(application=application, actor=staff_user, message="Votre SIRET ?")
    application.refresh_from_db()
    assert application.status == "info_requested"
    services.application_refuse(application=application, actor=staff_user, reason="Pas de réponse.")
    with pytest.raises(ApplicationAlreadyDecided):
        services.application_refuse(application=application, actor=staff_user, reason="Encore")
    with pytest.raises(ApplicationAlreadyDecided):
        services.application_accept(application=application, actor=staff_user)


def test_coordinator_decides_only_for_their_antenna(
    coordinator_client, coordinator_user, commune, other_antenna
):
    mine = ApplicationFactory(commune=commune)
    theirs = ApplicationFactory(commune=CommuneFactory(antenna=other_antenna))
    page = coordinator_client.get(reverse("network_staff:application_list")).content.decode()
    assert mine.reference in page and theirs.reference not in page
    assert coordinator_client.get(_detail(theirs)).status_code == 404
    assert coordinator_client.post(_detail(theirs), {"action": "accept"}).status_code == 404
    with pytest.raises(NotYourAntenna):
        services.application_accept(application=theirs, actor=coordinator_user)
    theirs.refresh_from_db()
    assert theirs.status == "submitted"
    coordinator_client.post(_detail(mine), {"action": "accept"})
    mine.refresh_from_db()
    assert mine.status == "accepted"


def test_member_leaving_shows_first_waitlisted_applicant(staff_client, staff_user, commune, honey):
    CapacityRuleFactory(antenna=commune.antenna, craft=honey, max_members=1)
    member = MemberFactory(commune=commune, crafts=[honey])
    first = ApplicationFactory(commune=commune, crafts=[honey], business_name="Premier en attente")
    ApplicationFactory(commune=commune, crafts=[honey], business_name="Second en attente")
    services.application_waitlist(application=first, actor=staff_user)
    url = reverse("network_staff:member_detail", kwargs={"slug": member.slug})
    response = staff_client.post(url, {"status": "left"}, follow=True)
    assert "Premier en attente" in response.content.decode()
    home = staff_client.get(reverse("network_staff:application_list")).content.decode()
    assert "Places libérées avec une liste d" in home and first.reference in home
    # The freed place can now be given to the first applicant.
    services.application_accept(application=first, actor=staff_user)


def test_staff_decision_views_need_staff(visitor, member_client, plain_client, commune):
    application = ApplicationFactory(commune=commune)
    for url in (_detail(application), reverse("network_staff:application_list")):
        assert visitor.get(url).status_code == 302
        assert member_client.get(url).status_code == 403
        assert plain_client.get(url).status_code == 403
    assert member_client.post(_detail(application), {"action": "accept"}).status_code == 403
    assert MembershipApplication.objects.get().status == "submitted"


def test_evidence_is_served_to_staff_only(staff_client, visitor, member_client, commune):
    application = ApplicationFactory(commune=commune)
    doc = ApplicationDocument.objects.create(
        application=application, kind="siret", file=pdf_upload(), original_name="kbis.pdf"
    )
    url = reverse(
        "network_staff:application_document", kwargs={"reference": application.reference, "pk": doc.pk}
    )
    response = staff_client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert visitor.get(url).status_code == 302
    assert member_client.get(url).status_code == 403
