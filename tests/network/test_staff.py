"""Staff pages: members list and CSV export, member detail, inventory; scoping and negatives."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from network import demo, selectors
from network.models import CharterSignature, Commune, Member, MembershipApplication
from tests.factories.network import (
    ApplicationFactory,
    CapacityRuleFactory,
    CommuneFactory,
    CraftFactory,
    MemberFactory,
)

pytestmark = pytest.mark.django_db

MEMBERS = reverse("network_staff:member_list")
EXPORT = reverse("network_staff:member_export")
INVENTORY = reverse("network_staff:inventory")
STAFF_URLS = [
    MEMBERS,
    EXPORT,
    INVENTORY,
    reverse("network_staff:charter_status"),
    reverse("network_staff:application_list"),
]


def test_staff_pages_negatives(visitor, member_client, plain_client, member):
    urls = STAFF_URLS + [reverse("network_staff:member_detail", kwargs={"slug": member.slug})]
    for url in urls:
        assert visitor.get(url).status_code == 302, url
        assert member_client.get(url).status_code == 403, url
        assert plain_client.get(url).status_code == 403, url


def test_staff_pages_render_for_staff_and_coordinators(staff_client, coordinator_client, member, charter):
    for client in (staff_client, coordinator_client):
        for url in STAFF_URLS:
            assert client.get(url).status_code == 200, url


def test_member_list_is_scoped_for_coordinators(staff_client, coordinator_client, member, other_member):
    assert "Atelier de Bob" in staff_client.get(MEMBERS).content.decode()
    html = coordinator_client.get(MEMBERS).content.decode()
    assert "Atelier d&#x27;Alice" in html and "Atelier de Bob" not in html
    url = reverse("network_staff:member_detail", kwargs={"slug": other_member.slug})
    assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url, {"status": "left"}).status_code == 404
    other_member.refresh_from_db()
    assert other_member.status == Member.Status.ACTIVE


def test_member_list_query_count_is_bounded(staff_client, commune, charter, django_assert_max_num_queries):
    for _ in range(3):
        MemberFactory(commune=commune)
    with django_assert_max_num_queries(30) as few:
        staff_client.get(MEMBERS)
    for _ in range(30):
        MemberFactory(commune=commune)
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(MEMBERS)


def test_csv_export_follows_filters(staff_client, commune, member, charter):
    MemberFactory(name="Ancien membre", commune=commune, status=Member.Status.LEFT)
    response = staff_client.get(EXPORT, {"status": "active"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = [line.split(";") for line in text.strip().splitlines()]
    assert rows[0][0] == "Nom" and len(rows) == 2
    assert rows[1][0] == "Atelier d'Alice" and rows[1][-1] == "non"


def test_inventory_highlights_gaps_and_capacity(staff_client, antenna, other_antenna, commune):
    honey = CraftFactory(name="Miel", slug="miel")
    CraftFactory(name="Vannerie", slug="vannerie")
    MemberFactory(commune=commune, crafts=[honey])
    CapacityRuleFactory(antenna=antenna, craft=honey, max_members=1)
    response = staff_client.get(INVENTORY)
    rows = {row.craft.name: [count for _a, count, _cap in row.cells] for row in response.context["rows"]}
    assert rows["Miel"] == [0, 1] and rows["Vannerie"] == [0, 0]  # Chartreuse Sud, Cœur de Chartreuse
    html = response.content.decode()
    assert 'class="num full">1 / 1' in html and 'class="num gap">0' in html


def test_member_status_change_needs_a_free_place_to_reactivate(staff_client, commune):
    craft = CraftFactory()
    CapacityRuleFactory(antenna=commune.antenna, craft=craft, max_members=1)
    suspended = MemberFactory(commune=commune, crafts=[craft], status=Member.Status.SUSPENDED)
    MemberFactory(commune=commune, crafts=[craft])
    url = reverse("network_staff:member_detail", kwargs={"slug": suspended.slug})
    response = staff_client.post(url, {"status": "active"})
    assert "La capacité est atteinte" in response.content.decode()
    suspended.refresh_from_db()
    assert suspended.status == Member.Status.SUSPENDED


def test_import_communes_from_official_layout(tmp_path, antenna):
    CommuneFactory(
        insee_code="38442",
        name="Saint-Pierre-de-Chartreuse",
        postcode="38000",
        antenna=antenna,
        latitude=45.0,
        longitude=5.0,
    )
    call_command("import_communes", antenna=antenna.slug)
    kept = Commune.objects.get(insee_code="38442")
    assert kept.name == "Saint-Pierre-de-Chartreuse" and kept.postcode == "38380"
    assert (kept.latitude, kept.longitude) == (45.3419, 5.8156)
    created = Commune.objects.get(insee_code="38446")
    assert created.name == "Saint-Pierre-d'Entremont" and created.antenna == antenna
    assert Commune.objects.count() == 18


def test_import_communes_reports_bad_rows_and_keeps_good_ones(tmp_path, capsys):
    path = tmp_path / "codes.csv"
    path.write_text(
        "#Code_commune_INSEE;Nom_de_la_commune;Code_postal;Libellé_d_acheminement;Ligne_5;_geopoint\n"
        "38075;CHAPAREILLAN;38530;CHAPAREILLAN;;45.4650,5.9917\n"
        "XX;NULLE PART;00000;;;1,1\n"
        "38511;LE TOUVET;38660;LE TOUVET;;\n",
        encoding="utf-8",
    )
    call_command("import_communes", str(path))
    out = capsys.readouterr()
    assert list(Commune.objects.values_list("name", flat=True)) == ["Chapareillan"]
    assert "ligne 3 : code INSEE invalide" in out.err and "ligne 4 (38511)" in out.err
    assert "1 créée(s)" in out.out and "2 erreur(s)" in out.out


def test_application_list_query_count_is_bounded(staff_client, commune, django_assert_max_num_queries):
    for status in ("submitted", "waitlisted", "info_requested"):
        ApplicationFactory(commune=commune, status=status)
    with django_assert_max_num_queries(40) as few:
        staff_client.get(reverse("network_staff:application_list"))
    for i in range(30):
        ApplicationFactory(commune=commune, status=("submitted", "waitlisted")[i % 2])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse("network_staff:application_list"))
    assert len(response.context["applications"]) == 33


def test_demo_data_is_idempotent_and_shows_a_full_network():
    demo.load()
    counts = (Member.objects.count(), MembershipApplication.objects.count(), CharterSignature.objects.count())
    demo.load()
    assert (
        Member.objects.count(),
        MembershipApplication.objects.count(),
        CharterSignature.objects.count(),
    ) == counts
    assert MembershipApplication.objects.filter(status="waitlisted").count() >= 2
    assert MembershipApplication.objects.filter(status="submitted").exists()
    assert selectors.charter_current().number == 2
    assert selectors.members_without_current_signature().exists()
    tourneur = Member.objects.get(slug="atelier-du-tourneur")
    assert not selectors.member_has_signed_current_charter(tourneur)


def test_admin_action_marks_member_left_and_points_to_waitlist(staff_client, commune):
    craft = CraftFactory()
    CapacityRuleFactory(antenna=commune.antenna, craft=craft, max_members=1)
    member = MemberFactory(commune=commune, crafts=[craft])
    waiting = ApplicationFactory(commune=commune, crafts=[craft], status="waitlisted")
    response = staff_client.post(
        reverse("admin:network_member_changelist"),
        {"action": "mark_left", "_selected_action": [member.pk]},
        follow=True,
    )
    member.refresh_from_db()
    assert member.status == Member.Status.LEFT
    assert waiting.reference in response.content.decode()


def test_coordinator_sees_only_their_antenna_in_the_admin(coordinator_client, member, other_member):
    response = coordinator_client.get(reverse("admin:network_member_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Atelier d&#x27;Alice" in html and "Atelier de Bob" not in html
    url = reverse("admin:network_member_change", args=[other_member.pk])
    assert coordinator_client.get(url).status_code in (302, 404)


def test_csv_export_neutralises_formulas(staff_client, commune):
    MemberFactory(name='=HYPERLINK("http://evil")', commune=commune)
    text = staff_client.get(EXPORT).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
