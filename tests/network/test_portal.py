"""Member portal: profile and public contacts, photos, map position, colleagues, renewal."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from network import services
from network.exceptions import CapacityReached, MemberNotRenewable, RenewalNotOpen
from network.models import CharterSignature, Member, MemberPhoto, User
from network.tasks import daily_membership_jobs
from tests.factories.network import CapacityRuleFactory, CommuneFactory, MemberFactory

from .conftest import png_upload

pytestmark = pytest.mark.django_db

PROFILE = reverse("network_portal:profile")
PHOTOS = reverse("network_portal:photos")
LOCATION = reverse("network_portal:location")
COLLEAGUES = reverse("network_portal:colleagues")
RENEWAL = reverse("network_portal:renewal")
PORTAL_URLS = [PROFILE, PHOTOS, LOCATION, COLLEAGUES, RENEWAL, reverse("network_portal:charter")]


def _profile(member, **changes):
    data = {
        "name": member.name,
        "description": member.description,
        "story": "",
        "contact_name": "Alice",
        "email": "alice@atelier.example",
        "phone": "04 76 11 22 33",
        "website": "",
        "show_phone": "on",
    }
    data.update(changes)
    return data


def test_portal_pages_need_a_member(visitor, plain_client):
    for url in PORTAL_URLS:
        assert visitor.get(url).status_code == 302
        assert plain_client.get(url).status_code == 403


def test_profile_edit_and_public_contact_choice(member_client, member, visitor):
    response = member_client.post(PROFILE, _profile(member, story="Trois générations de tourneurs."))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.story == "Trois générations de tourneurs." and not member.show_email
    html = visitor.get(member.get_absolute_url()).content.decode()
    assert "04 76 11 22 33" in html and "alice@atelier.example" not in html


def test_profile_bad_input_keeps_typed_values_and_changes_nothing(member_client, member):
    before = member.name
    response = member_client.post(PROFILE, _profile(member, name="", website="pas une url !", story="Gardé"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce champ est obligatoire" in html and "Gardé" in html
    member.refresh_from_db()
    assert member.name == before and member.story == ""


def test_other_member_cannot_edit_my_profile(other_client, member, other_member):
    other_client.post(PROFILE, _profile(other_member, name="Piraté"))
    member.refresh_from_db()
    other_member.refresh_from_db()
    assert member.name == "Atelier d'Alice" and other_member.name == "Piraté"


def test_photo_upload_is_re_encoded_without_metadata(member_client, member):
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    Image.new("RGB", (60, 40), (10, 120, 30)).save(out, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("atelier.jpg", out.getvalue(), content_type="image/jpeg")
    response = member_client.post(PHOTOS, {"image": upload, "caption": "L'établi"})
    assert response.status_code == 302
    photo = MemberPhoto.objects.get(member=member)
    with Image.open(photo.image.open("rb")) as stored:
        assert stored.format == "JPEG" and not stored.getexif()
    assert "L&#x27;établi" in member_client.get(PHOTOS).content.decode()


def test_photo_that_is_not_an_image_is_refused(member_client, member):
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    response = member_client.post(PHOTOS, {"image": fake, "caption": "Faux"})
    assert "n'est pas une image valide" in response.content.decode().replace("&#x27;", "'")
    assert not MemberPhoto.objects.exists()


def test_photo_delete_is_scoped_to_my_member(member_client, other_client, member):
    photo = MemberPhoto.objects.create(member=member, image=png_upload(), caption="Bol")
    url = reverse("network_portal:photo_delete", kwargs={"pk": photo.pk})
    assert other_client.post(url).status_code == 404
    assert MemberPhoto.objects.filter(pk=photo.pk).exists()
    assert member_client.post(url).status_code == 302
    assert not MemberPhoto.objects.filter(pk=photo.pk).exists()


def test_location_by_pin_or_by_commune(member_client, member, antenna):
    neighbour = CommuneFactory(
        name="Saint-Laurent-du-Pont", postcode="38380", antenna=antenna, latitude=45.3906, longitude=5.7342
    )
    member_client.post(
        LOCATION,
        {
            "commune": "Saint-Pierre-de-Chartreuse (38380)",
            "address": "Le Bourg",
            "latitude": "45.3500",
            "longitude": "5.8200",
        },
    )
    member.refresh_from_db()
    assert (member.latitude, member.longitude, member.address) == (45.35, 5.82, "Le Bourg")
    member_client.post(
        LOCATION,
        {"commune": "Saint-Laurent-du-Pont", "address": "Place", "latitude": "45.35", "longitude": "5.82"},
    )
    member.refresh_from_db()
    assert member.commune == neighbour and (member.latitude, member.longitude) == (45.3906, 5.7342)


def test_location_in_another_antenna_is_refused(member_client, member, other_antenna):
    CommuneFactory(name="Voreppe", postcode="38340", antenna=other_antenna)
    response = member_client.post(LOCATION, {"commune": "Voreppe (38340)", "address": ""})
    assert "autre antenne" in response.content.decode()
    member.refresh_from_db()
    assert member.commune.name == "Saint-Pierre-de-Chartreuse"


def test_invite_a_colleague(member_client, member, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(COLLEAGUES, {"email": "Colin@Atelier.example", "first_name": "Colin"})
    assert response.status_code == 302
    colleague = User.objects.get(email="colin@atelier.example")
    assert colleague.member == member and not colleague.has_usable_password()
    assert re.search(r"/comptes/password/reset/key/\S+/", mail.outbox[0].body)
    assert "invitation en attente" in member_client.get(COLLEAGUES).content.decode()


def test_invite_an_existing_account_is_refused(member_client, other_member_user):
    response = member_client.post(COLLEAGUES, {"email": other_member_user.email})
    assert "Un compte existe déjà" in response.content.decode()
    other_member_user.refresh_from_db()
    assert other_member_user.member.slug == "atelier-bob"


def test_renewal_re_attests_charter_and_pushes_due_date(member_client, member, charter):
    today = timezone.localdate()
    member.renewal_due_on = today + datetime.timedelta(days=20)
    member.save()
    assert "Renouveler pour un an" in member_client.get(RENEWAL).content.decode()
    member_client.post(RENEWAL, {})
    member.refresh_from_db()
    assert member.renewal_due_on == today + datetime.timedelta(days=20)
    member_client.post(RENEWAL, {"confirm": "on"})
    member.refresh_from_db()
    assert member.renewal_due_on == services._one_year_after(today + datetime.timedelta(days=20))
    assert member.last_renewed_on == today
    assert CharterSignature.objects.filter(member=member, version=charter).exists()


def test_renewal_not_open_too_early(member, member_user):
    member.renewal_due_on = timezone.localdate() + datetime.timedelta(days=200)
    member.save()
    with pytest.raises(RenewalNotOpen):
        services.member_renew(member=member, user=member_user)


def test_lapsed_member_leaves_directory_and_comes_back_by_renewing(member, member_user, visitor, charter):
    today = timezone.localdate()
    member.renewal_due_on = today - datetime.timedelta(days=1)
    member.save()
    assert services.members_lapse_overdue(today=today) == 1
    assert services.members_lapse_overdue(today=today) == 0
    member.refresh_from_db()
    assert member.status == Member.Status.LAPSED
    assert visitor.get(member.get_absolute_url()).status_code == 404
    services.member_renew(member=member, user=member_user)
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE
    assert member.renewal_due_on == services._one_year_after(today)


def test_lapsed_member_whose_place_was_taken_cannot_come_back_alone(member, member_user, commune):
    craft = member.crafts.first()
    CapacityRuleFactory(antenna=commune.antenna, craft=craft, max_members=1)
    member.status = Member.Status.LAPSED
    member.save()
    MemberFactory(commune=commune, crafts=[craft])
    with pytest.raises(CapacityReached):
        services.member_renew(member=member, user=member_user)


def test_suspended_member_cannot_renew(member, member_user):
    member.status = Member.Status.SUSPENDED
    member.save()
    with pytest.raises(MemberNotRenewable):
        services.member_renew(member=member, user=member_user)


def test_renewal_reminders_once_per_threshold(member, member_user, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    member.renewal_due_on = today + datetime.timedelta(days=25)
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.renewal_send_reminders(today=today) == 1
        assert services.renewal_send_reminders(today=today) == 0
        assert services.renewal_send_reminders(today=today + datetime.timedelta(days=19)) == 1
    assert len(mail.outbox) == 2 and mail.outbox[0].to == [member_user.email]


def test_daily_job_runs_everything(member, charter):
    result = daily_membership_jobs()
    assert set(result) == {"charter_reminders", "charter_flagged", "renewal_reminders", "lapsed"}


def test_main_photo_is_verified_and_re_encoded(member_client, member):
    response = member_client.post(PROFILE, {**_profile(member), "photo": png_upload("portrait.png")})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.photo.name.startswith("members/portrait") and member.photo.name.endswith(".png")
    bad = SimpleUploadedFile("portrait.png", b"GIF89a-not-really", content_type="image/png")
    response = member_client.post(PROFILE, {**_profile(member), "photo": bad})
    assert response.status_code == 200
    assert "pas une image valide" in response.content.decode()
