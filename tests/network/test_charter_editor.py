"""Charter drafting on a staff page: lines, reordering without JavaScript, automatic numbering,
signed versions untouched, a diff preview, and publishing only after a confirmation."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import ActionLog
from network import services
from network.models import CharterVersion
from tests.factories.network import CharterVersionFactory

pytestmark = pytest.mark.django_db

DRAFT = reverse("network_staff:charter_draft")
PUBLISH = reverse("network_staff:charter_draft_publish")


@pytest.fixture
def current(db):
    return CharterVersionFactory(
        number=1,
        title="Charte du réseau",
        preamble="Nous fabriquons ici.",
        commitments=["Je fabrique moi-même.", "J'accueille le public.", "Je respecte la saison."],
    )


def _post(client, commitments, **extra):
    data = {
        "title": "Charte du réseau",
        "preamble": "Nous fabriquons ici.",
        "changes_summary": "",
        "effective_on": "2031-01-01",
        "commitment": commitments,
        **extra,
    }
    return client.post(DRAFT, data)


def test_editor_starts_from_a_copy_of_the_current_version(staff_client, current):
    html = staff_client.get(DRAFT).content.decode()
    assert "version 2" in html
    for text in current.commitments:
        assert text.replace("'", "&#x27;") in html
    assert 'name="commitment"' in html
    assert "{" not in html.split("<main", 1)[1].split("</form>", 1)[0].replace("{%", "")  # no raw JSON


def test_saving_creates_the_next_version_and_leaves_the_signed_one_alone(staff_client, staff_user, current):
    new_lines = ["J'accueille le public.", "Je fabrique moi-même.", "Je limite les emballages."]
    response = _post(staff_client, [*new_lines, ""])
    assert response.status_code == 302
    draft = CharterVersion.objects.get(number=2)
    assert draft.published_at is None
    assert draft.commitments == new_lines
    signed = list(current.commitments)
    current.refresh_from_db()
    assert current.commitments == signed
    # A second save updates the same draft: no third version.
    _post(staff_client, ["Je fabrique moi-même.", "Une seule ligne."])
    assert CharterVersion.objects.count() == 2
    assert CharterVersion.objects.get(number=2).commitments == ["Je fabrique moi-même.", "Une seule ligne."]
    assert ActionLog.objects.filter(action="network.charter.drafted", actor=staff_user).count() == 1


def test_up_and_down_buttons_reorder_without_saving(staff_client, current):
    lines = ["Premier.", "Deuxième.", "Troisième."]
    html = _post(staff_client, lines, move="down-1").content.decode()
    assert html.index("Deuxième.") < html.index("Premier.") < html.index("Troisième.")
    assert "pensez à enregistrer" in html
    html = _post(staff_client, lines, move="up-3").content.decode()
    assert html.index("Premier.") < html.index("Troisième.") < html.index("Deuxième.")
    html = _post(staff_client, lines, move="remove-2").content.decode()
    assert "Deuxième." not in html
    assert not CharterVersion.objects.filter(number=2).exists()


def test_preview_shows_members_the_diff_against_the_current_version(staff_client, current):
    _post(staff_client, ["Je fabrique moi-même.", "J'accueille le public.", "Je limite les emballages."])
    html = staff_client.get(DRAFT).content.decode()
    assert "entre la version 1 et la version 2" in html
    assert 'class="diff-added"><strong>Nouveau :</strong> Je limite les emballages.' in html
    removed = '<span class="visually-hidden">Supprimé : </span>Je respecte la saison.'
    assert f'class="diff-removed">{removed}' in html
    assert "devra signer la version 2" in html or "devront signer la version 2" in html


def test_bad_input_names_the_field_and_keeps_the_lines(staff_client, current):
    response = _post(staff_client, ["Ma ligne gardée.", ""], title="", effective_on="demain")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ma ligne gardée." in html
    assert "Ce champ est obligatoire" in html and "Saisissez une date valide" in html
    response = _post(staff_client, ["", "  "])
    assert "Engagements : indiquez au moins un engagement." in response.content.decode()
    response = _post(staff_client, ["Même ligne.", "même  ligne."])
    assert "Engagement 2 : il figure déjà plus haut." in response.content.decode()
    assert not CharterVersion.objects.filter(number=2).exists()


def test_publishing_needs_the_confirmation_then_asks_members_to_sign(
    staff_client, current, member, django_capture_on_commit_callbacks
):
    _post(staff_client, ["Je fabrique moi-même.", "Nouveau."])
    deadline = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = staff_client.post(PUBLISH, {"sign_deadline": deadline})
    assert response.status_code == 200
    assert "Confirmation : cochez la case pour publier." in response.content.decode()
    assert CharterVersion.objects.get(number=2).published_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(PUBLISH, {"sign_deadline": deadline, "confirm": "on"})
    assert response.status_code == 302
    v2 = CharterVersion.objects.get(number=2)
    assert v2.is_published
    # The next draft starts from v2 and becomes v3; v2 cannot be edited any more.
    assert "version 3" in staff_client.get(DRAFT).content.decode()


def test_draft_service_never_touches_published_versions(staff_user, current):
    draft = services.charter_draft_save(
        actor=staff_user,
        title="T",
        preamble="",
        commitments=[" a  b ", "", "c"],
        changes_summary="",
        effective_on=datetime.date(2031, 1, 1),
    )
    assert (draft.number, draft.commitments) == (2, ["a b", "c"])
    current.refresh_from_db()
    assert current.title != "T"


def test_coordinators_cannot_draft_or_publish(coordinator_client, current):
    assert coordinator_client.get(DRAFT).status_code == 403
    assert coordinator_client.post(DRAFT, {"title": "x"}).status_code == 403
    assert coordinator_client.post(PUBLISH, {"confirm": "on"}).status_code == 403
    assert not CharterVersion.objects.filter(number=2).exists()
    CharterVersionFactory(number=2, published_at=None)
    discard = reverse("network_staff:charter_draft_discard")
    assert coordinator_client.get(discard).status_code == 403
    assert coordinator_client.post(discard).status_code == 403
    assert CharterVersion.objects.filter(number=2).exists()


def test_draft_pages_refuse_anonymous_and_members(visitor, member_client, plain_client, current):
    for url in (DRAFT, PUBLISH):
        assert visitor.get(url).status_code == 302
        assert member_client.post(url, {"title": "x"}).status_code == 403
        assert plain_client.get(url).status_code == 403


@pytest.fixture
def superuser_client(staff_user, client):
    staff_user.is_superuser = True
    staff_user.save()
    client.force_login(staff_user)
    return client


def test_admin_edits_commitments_one_per_line_not_as_json(superuser_client, current):
    draft = CharterVersionFactory(number=2, published_at=None, commitments=["Ligne A.", "Ligne B."])
    url = reverse("admin:network_charterversion_change", args=[draft.pk])
    page = superuser_client.get(url).content.decode()
    assert "Ligne A.\nLigne B.</textarea>" in page
    assert "[&quot;Ligne A." not in page
    form = {
        "number": "2",
        "title": "Charte",
        "commitments": "Ligne B.\n\n  Ligne   A. \n",
        "effective_on": "2031-01-01",
    }
    response = superuser_client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.commitments == ["Ligne B.", "Ligne A."]
    response = superuser_client.post(url, {**form, "commitments": "  \n "})
    assert "Engagements : indiquez au moins un engagement." in response.content.decode()


def test_abandoning_the_draft_asks_first_and_keeps_the_signed_version(staff_client, current):
    _post(staff_client, ["Je fabrique moi-même.", "Brouillon à jeter."])
    url = reverse("network_staff:charter_draft_discard")
    page = staff_client.get(url).content.decode()
    assert "Abandonner le brouillon de la version 2 ?" in page
    assert CharterVersion.objects.filter(number=2).exists()
    assert staff_client.post(url).status_code == 302
    assert list(CharterVersion.objects.values_list("number", flat=True)) == [1]
    assert ActionLog.objects.filter(action="network.charter.draft_discarded").exists()


def test_eclaireur_charter_admin_takes_commitments_one_per_line(superuser_client):
    from community.models import EclaireurCharter

    url = reverse("admin:community_eclaireurcharter_add")
    response = superuser_client.post(
        url, {"number": "7", "title": "Charte des éclaireurs", "commitments": "J'accueille.\n\nJe partage.\n"}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert EclaireurCharter.objects.get(number=7).commitments == ["J'accueille.", "Je partage."]
