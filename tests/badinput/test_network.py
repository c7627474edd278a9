"""Bad input on the network's forms: application, profile, location, photos, colleagues, contacts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.models import Contact, Member, MemberPhoto, MembershipApplication, User

from .helpers import SCRIPT, assert_kept, assert_redisplayed, fake_image, snapshot

pytestmark = pytest.mark.django_db

APPLY = reverse("network:apply")


def _application(where, craft, charter, **overrides):
    data = {
        "business_name": "Bois de Chartreuse",
        "contact_name": "Léa Martin",
        "email": "lea@bois.example",
        "phone": "06 11 22 33 44",
        "website": "",
        "commune": f"{where.name} ({where.postcode})",
        "address": "12 route du col",
        "siret": "12345678901234",
        "crafts": [craft.pk],
        "description": "Cuillères et bols en hêtre local.",
        "consent": "on",
    }
    for number, _text in charter.numbered_commitments():
        data[f"commitment_{number}"] = "yes"
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("business_name", "", "Ce champ est obligatoire"),
        ("business_name", "B" * 161, "au plus 160 caractères"),
        ("email", "lea@", "adresse de courriel valide"),
        ("siret", "1234", "Le SIRET compte 14 chiffres"),
        ("commune", "Atlantide", "Commune inconnue : « Atlantide »"),
        ("website", "pas un site", "URL valide"),
        ("phone", "pas de téléphone", "numéro de téléphone valide"),
    ],
)
def test_application_bad_field_is_named_kept_and_creates_nothing(
    visitor, commune, honey, charter, field, value, message
):
    data = _application(commune, honey, charter, **{field: value})
    response = visitor.post(APPLY, data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    kept = [data["contact_name"], data["address"]] + ([value] if value and field != "business_name" else [])
    assert_kept(page, *kept)
    assert MembershipApplication.objects.count() == 0


def test_application_fake_photo_is_named_by_its_file_and_nothing_is_created(visitor, commune, honey, charter):
    data = _application(commune, honey, charter, doc_work1=fake_image("atelier.jpg"))
    response = visitor.post(APPLY, data)
    page = assert_redisplayed(
        response,
        field="doc_work1",
        label="Photo de votre travail",
        message="« atelier.jpg » doit être un PDF ou une image",
    )
    assert_kept(page, "Bois de Chartreuse", "lea@bois.example")
    assert MembershipApplication.objects.count() == 0


def test_application_without_consent_or_craft_names_both(visitor, commune, honey, charter):
    data = _application(commune, honey, charter, crafts=[], description=SCRIPT)
    del data["consent"]
    response = visitor.post(APPLY, data)
    assert_redisplayed(response, field="crafts", label="Savoir-faire", message="au moins un savoir-faire")
    page = assert_redisplayed(
        response, field="consent", label="J'accepte", message="Votre accord est nécessaire"
    )
    # Script typed in a text field comes back escaped, never executed.
    assert SCRIPT not in page and "&lt;script&gt;" in page
    assert MembershipApplication.objects.count() == 0


def test_profile_bad_email_keeps_input_and_changes_nothing(member_client, member):
    before = snapshot(Member)
    data = {
        "name": "Atelier d'Alice",
        "description": SCRIPT,
        "story": "",
        "contact_name": "Alice",
        "email": "alice@@exemple",
        "phone": "04 76 00 00 00",
        "website": "",
    }
    response = member_client.post(reverse("network_portal:profile"), data)
    page = assert_redisplayed(response, field="email", label="E-mail", message="adresse de courriel valide")
    assert_kept(page, "alice@@exemple", "04 76 00 00 00")
    assert SCRIPT not in page
    assert snapshot(Member) == before


def test_profile_empty_name_and_fake_photo_are_refused(member_client, member):
    before = snapshot(Member)
    data = {
        "name": "",
        "contact_name": "Alice",
        "email": "alice@example.org",
        "phone": "",
        "website": "",
        "photo": fake_image("portrait.png"),
    }
    response = member_client.post(reverse("network_portal:profile"), data)
    assert_redisplayed(response, field="name", label="Nom", message="Ce champ est obligatoire")
    assert_redisplayed(
        response,
        field="photo",
        label="Photo principale",
        message="« portrait.png » n'est pas une image valide",
    )
    assert snapshot(Member) == before


def test_profile_bad_phone_is_refused(member_client, member):
    before = snapshot(Member)
    data = {
        "name": "Atelier d'Alice",
        "contact_name": "Alice",
        "email": "alice@example.org",
        "phone": "appelez-moi",
        "website": "",
    }
    response = member_client.post(reverse("network_portal:profile"), data)
    page = assert_redisplayed(
        response, field="phone", label="Téléphone", message="numéro de téléphone valide"
    )
    assert_kept(page, "appelez-moi")
    assert snapshot(Member) == before


def test_location_unknown_commune_and_latitude_out_of_range(member_client, member):
    before = snapshot(Member)
    data = {"commune": "Nulle-Part", "address": "3 chemin des Écureuils", "latitude": "123", "longitude": "5"}
    response = member_client.post(reverse("network_portal:location"), data)
    page = assert_redisplayed(response, field="commune", label="Commune", message="Commune inconnue")
    assert_kept(page, "Nulle-Part", "3 chemin des Écureuils")
    assert snapshot(Member) == before


def test_photo_upload_fake_image_and_missing_caption(member_client, member):
    response = member_client.post(
        reverse("network_portal:photos"), {"image": fake_image("four.jpg"), "caption": ""}
    )
    assert_redisplayed(
        response, field="image", label="Photo", message="« four.jpg » n'est pas une image valide"
    )
    assert_redisplayed(response, field="caption", label="Légende", message="Ce champ est obligatoire")
    assert MemberPhoto.objects.count() == 0


def test_colleague_invalid_email_creates_no_account(member_client, member):
    users = User.objects.count()
    response = member_client.post(
        reverse("network_portal:colleagues"),
        {"email": "bob.exemple.org", "first_name": "Bob", "last_name": "Ross"},
    )
    page = assert_redisplayed(
        response, field="email", label="E-mail de votre collègue", message="adresse de courriel valide"
    )
    assert_kept(page, "bob.exemple.org", "Bob", "Ross")
    assert User.objects.count() == users


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "", "Ce champ est obligatoire"),
        ("email", "partenaire@", "adresse de courriel valide"),
        ("name", "N" * 161, "au plus 160 caractères"),
        ("phone", "0" * 31, "au plus 30 caractères"),
        ("phone", "pas un numéro", "numéro de téléphone valide"),
        ("kind", "martien", "Sélectionnez un choix valide"),
    ],
)
def test_staff_contact_bad_field_creates_no_contact(staff_client, field, value, message):
    data = {
        "email": "partenaire@exemple.org",
        "name": "Gîte des Cimes",
        "phone": "04 76 88 00 00",
        "kind": "partner",
        "language": "fr",
    }
    data[field] = value
    response = staff_client.post(
        reverse("network_staff:contact_list"), {f"contact-{key}": v for key, v in data.items()}
    )
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    if field != "name":
        assert_kept(page, "Gîte des Cimes")
    assert Contact.objects.count() == 0


def test_staff_refusal_without_reason_keeps_the_application(staff_client, commune, honey, charter):
    from tests.factories.network import ApplicationFactory

    application = ApplicationFactory(commune=commune, status="submitted")
    before = snapshot(MembershipApplication)
    url = reverse("network_staff:application_detail", args=[application.reference])
    response = staff_client.post(url, {"action": "refuse", "message": "   "})
    assert_redisplayed(response, field="message", label="Message au candidat", message="Indiquez le motif")
    assert snapshot(MembershipApplication) == before


def test_staff_decision_unknown_action_keeps_the_application(staff_client, commune):
    from tests.factories.network import ApplicationFactory

    application = ApplicationFactory(commune=commune, status="submitted")
    before = snapshot(MembershipApplication)
    url = reverse("network_staff:application_detail", args=[application.reference])
    response = staff_client.post(url, {"action": "bannir", "message": SCRIPT})
    page = assert_redisplayed(
        response, field="action", label="Décision", message="Sélectionnez un choix valide"
    )
    assert SCRIPT not in page
    assert_kept(page, SCRIPT)
    assert snapshot(MembershipApplication) == before


def test_applicant_reply_empty_or_fake_document_changes_nothing(visitor, commune):
    from tests.factories.network import ApplicationFactory

    application = ApplicationFactory(commune=commune, status="info_requested")
    before = snapshot(MembershipApplication)
    response = visitor.post(application.get_status_url(), {"reply": "", "document": fake_image("kbis.pdf")})
    assert_redisplayed(response, field="reply", label="Votre réponse", message="Ce champ est obligatoire")
    assert_redisplayed(response, field="document", label="Pièce complémentaire", message="« kbis.pdf »")
    assert snapshot(MembershipApplication) == before


def test_application_website_longer_than_its_column_is_refused(visitor, commune, honey, charter):
    """A valid address of 250 characters once reached the 200-character column: a 500."""
    website = "https://atelier.example/" + "p" * 226
    data = _application(commune, honey, charter, website=website)
    response = visitor.post(APPLY, data)
    page = assert_redisplayed(response, field="website", label="Site web", message="au plus 200 caractères")
    assert_kept(page, website)
    assert MembershipApplication.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sign_deadline", "2020-01-01", "doit être postérieure à aujourd'hui"),
        ("sign_deadline", "31/31/2030", "Saisissez une date valide"),
        ("version", "999999", "Sélectionnez un choix valide"),
    ],
)
def test_charter_publish_bad_field_publishes_nothing(staff_client, charter, field, value, message):
    from network.models import CharterVersion
    from tests.factories.network import CharterVersionFactory

    draft = CharterVersionFactory(number=2, published_at=None)
    before = snapshot(CharterVersion)
    data = {"version": draft.pk, "sign_deadline": "2026-12-31"}
    data[field] = value
    response = staff_client.post(reverse("network_staff:charter_publish"), data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["publish_form"][field].label), message=message
    )
    if field == "sign_deadline":
        assert_kept(page, value)
    assert snapshot(CharterVersion) == before


def test_charter_sign_without_ticking_signs_nothing(member_client, member, charter):
    from network.models import CharterSignature

    response = member_client.post(reverse("network_portal:charter"), {"version": charter.pk})
    assert_redisplayed(
        response, field="confirm", label="J'ai lu la charte", message="Cochez la case pour signer la charte"
    )
    assert CharterSignature.objects.count() == 0


def test_renewal_without_ticking_changes_nothing(member_client, member, charter):
    before = snapshot(Member)
    response = member_client.post(reverse("network_portal:renewal"), {})
    assert_redisplayed(
        response,
        field="confirm",
        label="Je confirme",
        message="Cochez la case pour renouveler votre adhésion",
    )
    assert snapshot(Member) == before


def test_staff_member_status_unknown_value_changes_nothing(staff_client, member):
    before = snapshot(Member)
    response = staff_client.post(
        reverse("network_staff:member_detail", args=[member.slug]), {"status": "banni"}
    )
    assert_redisplayed(
        response, field="status", label="Nouveau statut", message="Sélectionnez un choix valide"
    )
    assert snapshot(Member) == before


def test_location_bad_pin_coordinates_are_named_and_change_nothing(member_client, member, commune):
    """The pin's coordinates are hidden inputs: their errors are spelled out beside the map."""
    before = snapshot(Member)
    data = {"commune": commune.insee_code, "address": "3 rue du Col", "latitude": "123", "longitude": "est"}
    response = member_client.post(reverse("network_portal:location"), data)
    assert_redisplayed(
        response,
        field="latitude",
        label="Position de l'épingle (latitude)",
        message="inférieure ou égale à 90",
    )
    assert_redisplayed(
        response, field="longitude", label="Position de l'épingle (longitude)", message="Saisissez un nombre"
    )
    assert snapshot(Member) == before
