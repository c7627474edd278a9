"""Bad input on the workshops' forms: booking, waitlist, group request, review (public); workshop,
sessions, photos, proposal (portal); desk booking (staff)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.network import CraftFactory
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory
from workshops import services
from workshops.models import Booking, GroupRequest, Review, Session, WaitlistEntry, Workshop, WorkshopPhoto

from .helpers import SCRIPT, assert_kept, assert_redisplayed, fake_image, snapshot

pytestmark = pytest.mark.django_db

_TODAY = timezone.localdate()
NEXT_MONTH_AT_10 = f"{_TODAY + datetime.timedelta(days=30):%Y-%m-%d}T10:00"
IN_31_DAYS = (_TODAY + datetime.timedelta(days=31)).isoformat()
IN_40_DAYS = (_TODAY + datetime.timedelta(days=40)).isoformat()


@pytest.fixture
def workshop(member):
    return WorkshopFactory(member=member, title="Tourner un bol", slug="tourner-un-bol", min_age=8)


@pytest.fixture
def session(workshop):
    return SessionFactory(workshop=workshop, capacity=8)


def _booking(**overrides):
    data = {
        "party_size": "2",
        "children": "0",
        "youngest_age": "30",
        "name": "Léa Martin",
        "email": "lea@example.org",
        "phone": "06 12 34 56 78",
        "idempotency_key": "k1",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("party_size", "", "Indiquez le nombre de personnes"),
        ("party_size", "deux", "nombre entier"),
        ("party_size", "-3", "d'au moins 1"),
        ("party_size", "99999999999", "au plus 8 personnes"),
        ("children", "5", "ne peut pas dépasser le nombre de personnes"),
        ("youngest_age", "200", "inférieure ou égale à 120"),
        ("name", "", "Indiquez votre nom"),
        ("name", "N" * 161, "au plus 160 caractères"),
        ("email", "lea@", "L'adresse e-mail n'est pas valide"),
        ("phone", "0612", "numéro de téléphone valide"),
    ],
)
def test_public_booking_bad_field_is_named_and_books_nothing(visitor, session, field, value, message):
    before = snapshot(Session)
    data = _booking(**{field: value})
    url = reverse("workshops:booking_create", args=[session.workshop.slug, session.public_id])
    response = visitor.post(url, data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    if field != "name":
        assert_kept(page, "Léa Martin")
    assert Booking.objects.count() == 0
    assert snapshot(Session) == before


def test_public_booking_script_in_name_is_escaped_when_redisplayed(visitor, session):
    url = reverse("workshops:booking_create", args=[session.workshop.slug, session.public_id])
    response = visitor.post(url, _booking(name=SCRIPT, email="x"))
    page = assert_redisplayed(response, field="email", label="E-mail", message="n'est pas valide")
    assert SCRIPT not in page
    assert_kept(page, SCRIPT)
    assert Booking.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("party_size", "0", "d'au moins 1"),
        ("email", "pas-un-email", "n'est pas valide"),
        ("name", "", "Ce champ est obligatoire"),
        ("phone", "appelez-moi", "numéro de téléphone valide"),
    ],
)
def test_waitlist_bad_field_adds_no_entry(visitor, session, field, value, message):
    data = {"party_size": "2", "name": "Paul Girard", "email": "paul@example.org", "phone": ""}
    data[field] = value
    url = reverse("workshops:waitlist_join", args=[session.workshop.slug, session.public_id])
    response = visitor.post(url, data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    if field != "name":
        assert_kept(page, "Paul Girard")
    assert WaitlistEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("size", "0", "d'au moins 1"),
        ("size", "5000", "inférieure ou égale à 200"),
        ("age_max", "6", "doit être supérieur à celui des plus jeunes"),
        ("email", "ecole@", "n'est pas valide"),
        ("group_type", "pirates", "Sélectionnez un choix valide"),
        ("preferred_dates", "", "Ce champ est obligatoire"),
        ("phone", "+33 ABC", "numéro de téléphone valide"),
    ],
)
def test_group_request_bad_field_creates_no_request(visitor, workshop, field, value, message):
    data = {
        "group_type": "school",
        "organisation": "École du Bourg",
        "contact_name": "Mme Roux",
        "email": "ecole@example.org",
        "phone": "",
        "size": "24",
        "age_min": "8",
        "age_max": "10",
        "preferred_dates": "Mardis de mai",
        "message": SCRIPT,
    }
    data[field] = value
    response = visitor.post(reverse("workshops:group_request", args=[workshop.slug]), data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    assert_kept(page, "École du Bourg", "Mme Roux")
    assert SCRIPT not in page
    assert GroupRequest.objects.count() == 0


def test_review_score_out_of_range_saves_no_review(visitor, workshop):
    past = SessionFactory(workshop=workshop, start=timezone.now() - datetime.timedelta(days=2))
    booking = BookingFactory(session=past)
    url = reverse("workshops:review", args=[booking.manage_token])
    response = visitor.post(url, {"score": "11", "comment": "Super atelier", "author_name": "Léa"})
    page = assert_redisplayed(
        response, field="score", label="Recommanderiez-vous", message="Sélectionnez un choix valide"
    )
    assert_kept(page, "Léa")
    assert Review.objects.count() == 0


def _workshop_data(craft, commune, **overrides):
    data = {
        "title": "Bol en frêne",
        "craft": craft.pk,
        "summary": "Un bol",
        "description": "Tournage.",
        "duration_minutes": "150",
        "price": "40",
        "min_participants": "2",
        "max_participants": "6",
        "min_age": "10",
        "languages": ["fr"],
        "audiences": ["adults"],
        "commune": commune.pk,
        "cancellation_deadline_hours": "48",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Ce champ est obligatoire"),
        ("title", "T" * 300, "au plus"),
        ("price", "12.555", "pas plus de 2 chiffres après la virgule"),
        ("price", "-5", "supérieure ou égale à 0"),
        ("price", "gratuit", "Saisissez un nombre"),
        ("duration_minutes", "0", "supérieure ou égale"),
        ("max_participants", "1", "Le maximum doit être au moins égal au minimum"),
        ("languages", ["klingon"], "Sélectionnez un choix valide"),
    ],
)
def test_workshop_form_bad_field_creates_nothing(member_client, member, field, value, message):
    craft = CraftFactory(name="Tournage", slug="tournage")
    data = _workshop_data(craft, member.commune, **{field: value})
    response = member_client.post(reverse("workshops_portal:workshop_create"), data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    if field != "title":
        assert_kept(page, "Bol en frêne")
    assert Workshop.objects.count() == 0


def test_workshop_update_fake_photo_is_named_and_changes_nothing(member_client, workshop):
    before = snapshot(Workshop)
    data = _workshop_data(
        workshop.craft,
        workshop.commune,
        title="Nouveau titre",
        photo=fake_image("bol.jpg"),
        photo_alt="Un bol",
    )
    response = member_client.post(reverse("workshops_portal:workshop_update", args=[workshop.slug]), data)
    page = assert_redisplayed(
        response, field="photo", label="Photo principale", message="« bol.jpg » n'est pas une image valide"
    )
    assert_kept(page, "Nouveau titre", "Un bol")
    assert snapshot(Workshop) == before


def test_workshop_photo_upload_fake_image_is_named_by_its_file(member_client, workshop):
    response = member_client.post(
        reverse("workshops_portal:workshop_photos", args=[workshop.slug]),
        {"image": fake_image("copeaux.png"), "alt": "Copeaux de hêtre"},
    )
    page = assert_redisplayed(
        response, field="image", label="Photo", message="« copeaux.png » n'est pas une image valide"
    )
    assert_kept(page, "Copeaux de hêtre")
    assert WorkshopPhoto.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "single", "start": "demain"}, "start", "Saisissez une date et une heure valides"),
        (
            {"kind": "single", "start": NEXT_MONTH_AT_10, "capacity": "0"},
            "capacity",
            "supérieure ou égale à 1",
        ),
        (
            {"kind": "single", "start": NEXT_MONTH_AT_10, "capacity": "9999"},
            "capacity",
            "inférieure ou égale à 500",
        ),
        (
            {
                "kind": "series",
                "first_date": IN_40_DAYS,
                "last_date": IN_31_DAYS,
                "weekdays": ["1"],
                "start_time": "14:00",
            },
            "last_date",
            "La date de fin doit suivre la date de début",
        ),
        (
            {
                "kind": "series",
                "first_date": IN_31_DAYS,
                "last_date": IN_40_DAYS,
                "weekdays": [],
                "start_time": "25:00",
            },
            "start_time",
            "Saisissez une heure valide",
        ),
    ],
)
def test_session_forms_bad_dates_create_no_session(member_client, workshop, data, field, message):
    response = member_client.post(reverse("workshops_portal:workshop_sessions", args=[workshop.slug]), data)
    key = "series_form" if data["kind"] == "series" else "session_form"
    page = assert_redisplayed(
        response, field=field, label=str(response.context[key][field].label), message=message
    )
    assert_kept(page, *(v for k, v in data.items() if k in ("start", "first_date", "start_time")))
    assert Session.objects.count() == 0


def test_session_in_the_past_is_refused_and_kept(member_client, workshop):
    past = (timezone.localtime() - datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = member_client.post(
        reverse("workshops_portal:workshop_sessions", args=[workshop.slug]), {"kind": "single", "start": past}
    )
    page = assert_redisplayed(response, field="start", label="Début", message="déjà commencé ou est passée")
    assert_kept(page, past)
    assert Session.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("start", "2020-01-01T10:00", "doit être dans le futur"),
        ("price_per_person", "12.345", "pas plus de 2 chiffres après la virgule"),
        ("price_per_person", "-1", "supérieure ou égale à 0"),
    ],
)
def test_group_proposal_bad_field_changes_nothing(member_client, workshop, field, value, message):
    group = services.group_request_create(
        workshop=workshop,
        group_type="school",
        contact_name="Mme Roux",
        email="ecole@example.org",
        size=20,
        preferred_dates="mai",
    )
    before = snapshot(GroupRequest, Session)
    data = {"start": NEXT_MONTH_AT_10, "price_per_person": "15.00", "message": "Avec plaisir"}
    data[field] = value
    url = reverse("workshops_portal:group_request_propose", args=[group.public_id])
    response = member_client.post(url, data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    assert_kept(page, value)
    assert snapshot(GroupRequest, Session) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("party_size", "0", "d'au moins 1"),
        ("email", "guichet@", "n'est pas valide"),
        ("channel", "pigeon", "Sélectionnez un choix valide"),
        ("phone", "?", "numéro de téléphone valide"),
    ],
)
def test_desk_booking_bad_field_books_nothing(staff_client, session, field, value, message):
    data = {**_booking(channel="desk", language="fr"), field: value}
    response = staff_client.post(reverse("workshops_staff:session_detail", args=[session.public_id]), data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    assert_kept(page, "Léa Martin")
    assert Booking.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("duration_minutes", "5000", "inférieure ou égale à 1440"),
        ("min_participants", "0", "supérieure ou égale à 1"),
        ("max_participants", "99999", "inférieure ou égale à 32767"),
        ("child_price", "-1", "supérieure ou égale à 0"),
        ("latitude", "95", "inférieure ou égale à 90"),
    ],
)
def test_workshop_form_repeats_the_model_limits_beside_the_field(
    member_client, member, field, value, message
):
    """These values once reached the service's full_clean and answered a 500."""
    craft = CraftFactory(name="Tournage", slug="tournage")
    data = _workshop_data(craft, member.commune, **{field: value})
    response = member_client.post(reverse("workshops_portal:workshop_create"), data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    assert_kept(page, "Bol en frêne", value)
    assert Workshop.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("party_size", "0", "d'au moins 1"),
        ("party_size", "40", "au plus 8 personnes"),
        ("children", "-1", "ne peut pas être négatif"),
    ],
)
def test_change_party_bad_size_changes_nothing(visitor, session, field, value, message):
    booking = services.booking_create(
        session_id=session.pk, name="Léa", email="lea@example.org", party_size=2
    )
    before = snapshot(Booking, Session)
    data = {"action": "change", "party_size": "3", "children": "0", "youngest_age": "30", field: value}
    response = visitor.post(booking.get_manage_url(), data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    assert_kept(page, value)
    assert snapshot(Booking, Session) == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "Places : indiquez un nombre entre 1 et 500."),
        ("beaucoup", "Places : indiquez un nombre entre 1 et 500."),
    ],
)
def test_capacity_change_names_the_field_and_changes_nothing(member_client, session, value, message):
    before = snapshot(Session)
    response = member_client.post(
        reverse("workshops_portal:session_capacity", args=[session.public_id]),
        {"capacity": value},
        follow=True,
    )
    assert message in " ".join(str(m) for m in response.context["messages"])
    assert snapshot(Session) == before


def test_session_cancel_without_reason_cancels_nothing(member_client, session):
    before = snapshot(Session)
    response = member_client.post(
        reverse("workshops_portal:session_cancel", args=[session.public_id]), {"reason": ""}, follow=True
    )
    assert "Indiquez le motif de l'annulation" in " ".join(str(m) for m in response.context["messages"])
    assert snapshot(Session) == before


@pytest.mark.parametrize(
    ("data", "form", "field"),
    [
        ({"kind": "single", "start": "9999-12-31T23:00"}, "session_form", "start"),
        (
            {
                "kind": "series",
                "first_date": IN_31_DAYS,
                "last_date": "9999-12-31",
                "weekdays": ["0"],
                "start_time": "10:00",
            },
            "series_form",
            "last_date",
        ),
    ],
)
def test_sessions_centuries_ahead_are_refused_not_a_500(member_client, workshop, data, form, field):
    """« 9999 » once overflowed the session's end (or walked a series day by day): a 500."""
    response = member_client.post(reverse("workshops_portal:workshop_sessions", args=[workshop.slug]), data)
    page = assert_redisplayed(
        response,
        field=field,
        label=str(response.context[form][field].label),
        message="Choisissez une date dans les deux ans à venir",
    )
    assert_kept(page, data[field])
    assert Session.objects.count() == 0


def test_group_proposal_centuries_ahead_is_refused(member_client, workshop):
    group = services.group_request_create(
        workshop=workshop,
        group_type="school",
        contact_name="Mme Roux",
        email="ecole@example.org",
        size=20,
        preferred_dates="mai",
    )
    before = snapshot(GroupRequest, Session)
    url = reverse("workshops_portal:group_request_propose", args=[group.public_id])
    response = member_client.post(url, {"start": "9999-12-31T10:00", "price_per_person": "15"})
    assert_redisplayed(
        response,
        field="start",
        label="Date et heure proposées",
        message="Choisissez une date dans les deux ans à venir",
    )
    assert snapshot(GroupRequest, Session) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("comment", "c" * 3001, "au plus 3000 caractères"), ("author_name", "A" * 81, "au plus 80 caractères")],
)
def test_review_over_long_text_saves_no_review(visitor, workshop, field, value, message):
    past = SessionFactory(workshop=workshop, start=timezone.now() - datetime.timedelta(days=2))
    booking = BookingFactory(session=past)
    data = {"score": "9", "comment": "Très bien", "author_name": "Léa", field: value}
    response = visitor.post(reverse("workshops:review", args=[booking.manage_token]), data)
    assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    assert Review.objects.count() == 0


def test_waitlist_claim_negative_children_books_nothing(
    visitor, workshop, django_capture_on_commit_callbacks
):
    full = SessionFactory(workshop=workshop, capacity=2)
    first = services.booking_create(session_id=full.pk, name="Léa", email="lea@example.org", party_size=2)
    entry = services.waitlist_join(session_id=full.pk, name="Paul", email="paul@example.org", party_size=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking_id=first.pk)  # the places are offered to Paul
    entry.refresh_from_db()
    assert entry.is_offer_open()
    before = snapshot(Booking, WaitlistEntry)
    response = visitor.post(reverse("workshops:waitlist_claim", args=[entry.token]), {"children": "-2"})
    assert_redisplayed(response, field="children", label="Dont enfants", message="supérieure ou égale à 0")
    assert snapshot(Booking, WaitlistEntry) == before


def test_gallery_photo_too_heavy_is_named_with_its_size(member_client, workshop, settings):
    from .helpers import big_png

    settings.MAX_IMAGE_UPLOAD_BYTES = 100 * 1024
    response = member_client.post(
        reverse("workshops_portal:workshop_photos", args=[workshop.slug]),
        {"image": big_png("tour.png"), "alt": "Le tour à bois"},
    )
    page = assert_redisplayed(response, field="image", label="Photo", message="« tour.png » est trop lourd")
    assert_kept(page, "Le tour à bois")
    assert WorkshopPhoto.objects.count() == 0


def test_group_accept_over_long_order_number_books_nothing(visitor, workshop):
    group = services.group_request_create(
        workshop=workshop,
        group_type="school",
        contact_name="Mme Roux",
        email="ecole@example.org",
        size=20,
        preferred_dates="mai",
    )
    start = timezone.now() + datetime.timedelta(days=20)
    services.group_request_propose(
        group_request_id=group.pk, start=start, price_per_person=Decimal("12.00"), actor=None
    )
    before = snapshot(GroupRequest, Booking, Session)
    response = visitor.post(reverse("workshops:group_proposal", args=[group.token]), {"po_number": "B" * 61})
    page = assert_redisplayed(
        response, field="po_number", label="Numéro de bon de commande", message="au plus 60 caractères"
    )
    assert_kept(page, "B" * 61)
    assert snapshot(GroupRequest, Booking, Session) == before
