"""Issue 11 point 12: capacity rules and decision templates edited on staff pages (coordinators
read their antennas' rules only), destructive actions confirmed, and the audit trail readable
in French on the object pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from common.audit import audit_entries_for, log_action
from common.models import ActionLog
from network import services
from network.models import CapacityRule, DecisionTemplate
from tests.factories.network import CapacityRuleFactory, CraftFactory

pytestmark = pytest.mark.django_db

CAPACITY = reverse("network_staff:capacity_list")
TEMPLATES = reverse("network_staff:template_list")


def test_office_staff_set_a_capacity_rule_and_replace_it(staff_client, staff_user, antenna, honey):
    response = staff_client.post(CAPACITY, {"antenna": antenna.pk, "craft": honey.pk, "max_members": "3"})
    assert response.status_code == 302
    staff_client.post(CAPACITY, {"antenna": antenna.pk, "craft": honey.pk, "max_members": "5"})
    rule = CapacityRule.objects.get(antenna=antenna, craft=honey)
    assert rule.max_members == 5
    html = staff_client.get(CAPACITY).content.decode()
    assert "Miel" in html and "<td>5</td>" in html
    entries = audit_entries_for(rule)
    assert entries[0].label == "Règle de capacité enregistrée"
    assert ("maximum", "5") in entries[0].details and entries[0].actor == str(staff_user)


def test_capacity_bad_input_names_the_field_and_keeps_the_input(staff_client, antenna, honey):
    response = staff_client.post(CAPACITY, {"antenna": antenna.pk, "craft": honey.pk, "max_members": "-2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nombre maximum de membres actifs" in html and "supérieure ou égale à 0" in html
    assert 'value="-2"' in html
    assert not CapacityRule.objects.exists()


def test_coordinator_reads_only_their_antennas_rules_and_cannot_change_them(
    coordinator_client, antenna, other_antenna, honey
):
    own = CapacityRuleFactory(antenna=antenna, craft=honey, max_members=4)
    CapacityRuleFactory(antenna=other_antenna, craft=CraftFactory(name="Vannerie", slug="vannerie"))
    html = coordinator_client.get(CAPACITY).content.decode()
    assert "Miel" in html and "Vannerie" not in html
    assert "Fixer une limite" not in html and "Supprimer" not in html
    posted = coordinator_client.post(
        CAPACITY, {"antenna": antenna.pk, "craft": honey.pk, "max_members": "40"}
    )
    assert posted.status_code == 403
    own.refresh_from_db()
    assert own.max_members == 4
    delete = reverse("network_staff:capacity_delete", args=[own.pk])
    assert coordinator_client.post(delete).status_code == 403
    assert CapacityRule.objects.filter(pk=own.pk).exists()


def test_capacity_delete_confirms_first(staff_client, antenna, honey):
    rule = CapacityRuleFactory(antenna=antenna, craft=honey, max_members=2)
    url = reverse("network_staff:capacity_delete", args=[rule.pk])
    page = staff_client.get(url).content.decode()
    assert "Supprimer une règle de capacité ?" in page and "Confirmer la suppression" in page
    assert CapacityRule.objects.filter(pk=rule.pk).exists()
    assert staff_client.post(url).status_code == 302
    assert not CapacityRule.objects.filter(pk=rule.pk).exists()
    assert ActionLog.objects.filter(action="network.capacity.deleted", object_id=str(rule.pk)).exists()


def test_decision_templates_are_created_edited_and_deleted_on_staff_pages(staff_client, staff_user):
    response = staff_client.post(TEMPLATES, {"kind": "refuse", "title": "Zone couverte", "body": "Bonjour,"})
    assert response.status_code == 302
    template = DecisionTemplate.objects.get(title="Zone couverte")
    edit = reverse("network_staff:template_edit", args=[template.pk])
    staff_client.post(edit, {"kind": "refuse", "title": "Zone couverte", "body": "Bonjour, désolé."})
    template.refresh_from_db()
    assert template.body == "Bonjour, désolé."
    page = staff_client.get(edit).content.decode()
    assert "Modèle de réponse créé" in page and "Modèle de réponse modifié" in page
    delete = reverse("network_staff:template_delete", args=[template.pk])
    assert "Confirmer la suppression" in staff_client.get(delete).content.decode()
    assert DecisionTemplate.objects.filter(pk=template.pk).exists()
    staff_client.post(delete)
    assert not DecisionTemplate.objects.filter(pk=template.pk).exists()


def test_decision_template_bad_input_names_the_field(staff_client):
    DecisionTemplate.objects.create(kind="refuse", title="Déjà là", body="x")
    response = staff_client.post(TEMPLATES, {"kind": "refuse", "title": "Déjà là", "body": "Mon texte gardé"})
    html = response.content.decode()
    assert "Titre : un modèle de ce type porte déjà ce titre." in html and "Mon texte gardé" in html
    response = staff_client.post(TEMPLATES, {"kind": "bidon", "title": "", "body": "Texte"})
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html and "Ce champ est obligatoire" in html
    assert DecisionTemplate.objects.count() == 1


def test_decision_templates_are_office_only(coordinator_client):
    template = DecisionTemplate.objects.create(kind="info", title="Pièces", body="x")
    for url in (
        TEMPLATES,
        reverse("network_staff:template_edit", args=[template.pk]),
        reverse("network_staff:template_delete", args=[template.pk]),
    ):
        assert coordinator_client.get(url).status_code == 403
        assert coordinator_client.post(url, {"kind": "info", "title": "T", "body": "b"}).status_code == 403
    assert DecisionTemplate.objects.filter(pk=template.pk).exists()


def test_member_page_shows_who_changed_the_status_in_french(staff_client, staff_user, member):
    services.member_set_status(member=member, status="suspended", actor=staff_user)
    html = staff_client.get(reverse("network_staff:member_detail", args=[member.slug])).content.decode()
    trail = html.split("Historique", 1)[1]
    assert "Statut modifié" in trail and "Nathalie" in trail
    assert "network.member" not in trail


def test_unknown_actions_are_still_shown_readably(staff_user, member):
    log_action(staff_user, "network.member.something_new", member, reason="essai")
    entry = audit_entries_for(member)[0]
    assert entry.label == "Something new" and ("motif", "essai") in entry.details


def test_staff_pages_negatives(visitor, member_client, plain_client, antenna, honey):
    rule = CapacityRuleFactory(antenna=antenna, craft=honey)
    template = DecisionTemplate.objects.create(kind="info", title="Pièces", body="x")
    urls = [
        CAPACITY,
        TEMPLATES,
        reverse("network_staff:capacity_delete", args=[rule.pk]),
        reverse("network_staff:template_edit", args=[template.pk]),
        reverse("network_staff:template_delete", args=[template.pk]),
    ]
    for url in urls:
        assert visitor.get(url).status_code == 302, url
        assert member_client.get(url).status_code == 403, url
        assert member_client.post(url).status_code == 403, url
        assert plain_client.get(url).status_code == 403, url
    assert CapacityRule.objects.filter(pk=rule.pk).exists()


def test_offer_page_trail_links_a_member_author_to_their_staff_page(staff_client, member, member_user):
    from offers import services as offer_services
    from tests.factories.offers import OfferFactory

    offer = OfferFactory(member=member, status="draft")
    offer_services.offer_submit(offer=offer, actor=member_user)
    html = staff_client.get(reverse("offers_staff:offer_detail", args=[offer.slug])).content.decode()
    trail = html.split("Historique", 1)[1]
    assert "Offre soumise à l&#x27;office" in trail or "Offre soumise à l'office" in trail
    assert reverse("network_staff:member_detail", args=[member.slug]) in trail


def test_booking_page_trail_shows_codes_as_labels(staff_client, staff_user):
    from common.audit import log_action as record
    from tests.factories.workshops import BookingFactory

    booking = BookingFactory()
    record(staff_user, "workshops.booking.attendance", booking, attendance="present")
    html = staff_client.get(
        reverse("workshops_staff:booking_detail", args=[booking.reference])
    ).content.decode()
    trail = html.split("Historique", 1)[1]
    assert "Présence notée" in trail and "présence : " in trail
    assert "présence : present" not in trail
