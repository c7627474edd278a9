"""Imported offers linked to members on a staff decision, and the member's preview of a draft."""

import pytest

from common.models import ActionLog
from network.models import Member
from offers.exceptions import AlreadyLinked, NotSuggested
from offers.importers import run_import
from offers.models import Offer
from offers.selectors import offer_member_suggestions
from offers.services import offer_link_member
from tests.factories.network import MemberFactory
from tests.factories.offers import OfferFactory

pytestmark = pytest.mark.django_db

S = Offer.Status
CAVES = "https://data.datatourisme.gouv.fr/49/07095a75-e377-3241-a302-443474b88a74"


def _imported(**kwargs) -> Offer:
    defaults = {
        "source": "apidae",
        "external_id": "900001",
        "status": S.DRAFT,
        "provider_name": "Domaine Lelais",
        "provider_keys": ["email:vins@domainelelais.com", "siret:12345678900011"],
    }
    return OfferFactory(**{**defaults, **kwargs})


# --- suggestions and the service ----------------------------------------------------------------


def test_members_are_suggested_by_email_or_siret_never_linked_silently(member, other_member):
    member.email = "Vins@DomaineLelais.com"
    member.save(update_fields=["email"])
    other_member.siret = "12345678900011"
    other_member.save(update_fields=["siret"])
    MemberFactory(email="autre@example.org", siret="99999999900011")
    MemberFactory(email="vins@domainelelais.com", status=Member.Status.SUSPENDED, slug="suspendu")
    offer = _imported()

    assert sorted(m.slug for m in offer_member_suggestions(offer)) == ["atelier-alice", "atelier-bob"]
    offer.refresh_from_db()
    assert offer.member_id is None


def test_real_sample_contact_email_suggests_the_member(data_dir, member):
    member.email = "vins@domainelelais.com"
    member.save(update_fields=["email"])
    run_import(target=str(data_dir / "datatourisme" / "flux_2020"))
    caves = Offer.objects.get(external_id=CAVES)
    assert caves.member_id is None
    assert offer_member_suggestions(caves) == [member]


def test_link_is_idempotent_audited_and_survives_a_reimport(data_dir, member, staff_user):
    member.email = "vins@domainelelais.com"
    member.save(update_fields=["email"])
    flow = data_dir / "datatourisme" / "flux_2020"
    run_import(target=str(flow))
    caves = Offer.objects.get(external_id=CAVES)

    offer_link_member(offer=caves, member=member, actor=staff_user)
    offer_link_member(offer=caves, member=member, actor=staff_user)
    caves.refresh_from_db()
    assert caves.member == member and caves.provider_display == member.name
    assert ActionLog.objects.filter(action="offers.offer.member_linked").count() == 1
    assert offer_member_suggestions(caves) == []

    Offer.objects.filter(pk=caves.pk).update(source_modified_at=None)  # force an update
    run = run_import(target=str(flow))
    assert run.updated_count == 1
    caves.refresh_from_db()
    assert caves.member == member


def test_link_refuses_a_member_that_is_not_suggested_or_a_second_member(member, other_member, staff_user):
    member.email = "vins@domainelelais.com"
    member.save(update_fields=["email"])
    offer = _imported()
    with pytest.raises(NotSuggested):
        offer_link_member(offer=offer, member=other_member, actor=staff_user)
    offer_link_member(offer=offer, member=member, actor=staff_user)
    with pytest.raises(AlreadyLinked):
        offer_link_member(offer=offer, member=other_member, actor=staff_user)
    offer.refresh_from_db()
    assert offer.member == member


# --- staff page -------------------------------------------------------------------------------


def test_staff_page_suggests_and_links_in_one_click(staff_client, member):
    member.email = "vins@domainelelais.com"
    member.save(update_fields=["email"])
    offer = _imported()
    content = staff_client.get(f"/staff/offres/{offer.slug}/").content.decode()
    assert "Rattacher à Atelier d&#x27;Alice" in content

    response = staff_client.post(f"/staff/offres/{offer.slug}/rattacher/", {"member": member.slug})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.member == member
    assert "Rattacher à" not in staff_client.get(f"/staff/offres/{offer.slug}/").content.decode()


def test_staff_link_of_an_unsuggested_member_changes_nothing(staff_client, member, other_member):
    member.email = "vins@domainelelais.com"
    member.save(update_fields=["email"])
    offer = _imported()
    response = staff_client.post(
        f"/staff/offres/{offer.slug}/rattacher/", {"member": other_member.slug}, follow=True
    )
    assert "n&#x27;est pas proposé pour cette offre" in response.content.decode()
    offer.refresh_from_db()
    assert offer.member_id is None


def test_link_is_closed_to_anonymous_members_and_other_antennas(
    visitor, member_client, coordinator_client, member, other_member
):
    other_member.email = "vins@domainelelais.com"
    other_member.save(update_fields=["email"])
    offer = _imported(commune=other_member.commune)
    url = f"/staff/offres/{offer.slug}/rattacher/"
    assert visitor.post(url, {"member": other_member.slug}).status_code == 302  # to the login page
    assert member_client.post(url, {"member": other_member.slug}).status_code == 403
    assert coordinator_client.post(url, {"member": other_member.slug}).status_code == 404
    offer.refresh_from_db()
    assert offer.member_id is None


def test_staff_offer_page_query_count_does_not_grow_with_members(
    staff_client, member, django_assert_max_num_queries
):
    member.email = "vins@domainelelais.com"
    member.save(update_fields=["email"])
    offer = _imported()
    with django_assert_max_num_queries(30) as first:
        staff_client.get(f"/staff/offres/{offer.slug}/")
    for n in range(4):
        MemberFactory(email="vins@domainelelais.com", slug=f"homonyme-{n}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        staff_client.get(f"/staff/offres/{offer.slug}/")


# --- member preview ---------------------------------------------------------------------------


def test_member_previews_a_draft_with_a_banner_and_no_json_ld(member_client, member):
    offer = OfferFactory(member=member, status=S.DRAFT, title="Initiation au tournage")
    response = member_client.get(f"/portail/offres/{offer.slug}/apercu/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Initiation au tournage" in content and "Aperçu — brouillon" in content
    assert "application/ld+json" not in content and 'content="noindex, nofollow"' in content
    # Visitors still cannot see the draft.
    assert offer.get_absolute_url() == f"/offres/{offer.slug}/"


def test_preview_of_a_published_offer_links_to_the_public_page(member_client, member):
    offer = OfferFactory(member=member, status=S.PUBLISHED)
    content = member_client.get(f"/portail/offres/{offer.slug}/apercu/").content.decode()
    assert "Aperçu de votre offre publiée" in content and f'href="/offres/{offer.slug}/"' in content


def test_preview_is_closed_to_anonymous_other_members_and_non_members(
    visitor, other_client, plain_client, member
):
    offer = OfferFactory(member=member, status=S.DRAFT)
    url = f"/portail/offres/{offer.slug}/apercu/"
    assert visitor.get(url).status_code == 302
    assert other_client.get(url).status_code == 404
    assert plain_client.get(url).status_code == 403
    assert visitor.get(f"/offres/{offer.slug}/").status_code == 404


def test_portal_list_links_to_the_preview(member_client, member):
    offer = OfferFactory(member=member, status=S.DRAFT)
    content = member_client.get("/portail/offres/").content.decode()
    assert f"/portail/offres/{offer.slug}/apercu/" in content
