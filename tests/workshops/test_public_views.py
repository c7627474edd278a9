import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories.network import CommuneFactory, CraftFactory, MemberFactory
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory
from workshops import services
from workshops.models import Booking, GroupRequest, Review, Session, WaitlistEntry, Workshop

pytestmark = pytest.mark.django_db


def booking_url(session):
    return reverse("workshops:booking_create", args=[session.workshop.slug, session.public_id])


def form_data(**kwargs):
    data = {
        "party_size": "2",
        "children": "0",
        "youngest_age": "30",
        "name": "Léa Martin",
        "email": "lea@example.org",
        "phone": "06 12 34 56 78",
        "idempotency_key": "abc123",
    }
    data.update(kwargs)
    return data


def test_catalogue_lists_published_workshops_with_next_dates(visitor, session):
    response = visitor.get(reverse("workshops:catalogue"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tourner un bol" in html
    assert booking_url(session) in html
    assert 'id="workshops-map"' in html


def test_catalogue_hides_unpublished_workshops(visitor, workshop, session):
    workshop.is_published = False
    workshop.save()
    assert "Tourner un bol" not in visitor.get(reverse("workshops:catalogue")).content.decode()


def test_catalogue_filters_by_craft_and_seats_left(visitor, workshop, session, other_session):
    craft = workshop.craft
    response = visitor.get(reverse("workshops:catalogue"), {"craft": craft.slug})
    assert [w["pk"] for w in response.context["workshops"]] == [workshop.pk]
    BookingFactory(session=other_session, party_size=8)
    response = visitor.get(reverse("workshops:catalogue"), {"available": "on"})
    assert [w["pk"] for w in response.context["workshops"]] == [workshop.pk]


def test_catalogue_finds_workshops_less_than_twenty_minutes_from_a_commune(
    visitor, workshop, session, commune
):
    far_commune = CommuneFactory(name="Loin", insee_code="73999", latitude=45.9, longitude=6.6)
    far = WorkshopFactory(member=MemberFactory(commune=far_commune), title="Très loin")
    SessionFactory(workshop=far)
    response = visitor.get(reverse("workshops:catalogue"), {"commune": commune.insee_code})
    assert [w["pk"] for w in response.context["workshops"]] == [workshop.pk]
    response = visitor.get(reverse("workshops:catalogue"), {"lat": "45.34", "lon": "5.81", "minutes": "20"})
    assert [w["pk"] for w in response.context["workshops"]] == [workshop.pk]


def test_catalogue_query_count_does_not_grow_with_rows(visitor, django_assert_max_num_queries):
    craft = CraftFactory()
    for i in range(15):
        w = WorkshopFactory(craft=craft, title=f"Atelier {i}")
        for d in range(3):
            SessionFactory(workshop=w, start=timezone.now() + datetime.timedelta(days=d + 2))
    with django_assert_max_num_queries(8):
        response = visitor.get(reverse("workshops:catalogue"))
    assert len(response.context["workshops"]) == 15


def test_catalogue_pages_by_twenty_four_soonest_date_with_seats_first(visitor):
    craft = CraftFactory()
    base = timezone.now() + datetime.timedelta(days=2)
    workshops = []
    for i in range(30):
        w = WorkshopFactory(craft=craft, title=f"Atelier {i:02d}")
        SessionFactory(workshop=w, start=base + datetime.timedelta(hours=30 - i))
        workshops.append(w)
    # The soonest date of all is full: that workshop sorts as if it had no date.
    full = SessionFactory(workshop=workshops[0], start=base - datetime.timedelta(hours=1), capacity=2)
    BookingFactory(session=full, party_size=2)
    Session.objects.filter(workshop=workshops[0]).exclude(pk=full.pk).delete()
    expected = [w.pk for w in reversed(workshops[1:])] + [workshops[0].pk]

    first = visitor.get(reverse("workshops:catalogue"))
    second = visitor.get(reverse("workshops:catalogue"), {"page": "2"})

    assert [w["pk"] for w in first.context["workshops"]] == expected[:24]
    assert [w["pk"] for w in second.context["workshops"]] == expected[24:]
    # No exact count over the whole filter: one row more than a page says there is a next one.
    assert first.context["page_obj"].count is None
    assert "Plus de 24 ateliers" in first.content.decode()
    assert len(first.context["map_points"]) == 24
    assert "Page 1<" in first.content.decode()
    # On the last page the total is known.
    assert second.context["page_obj"].count == 30
    assert "30 ateliers" in second.content.decode()
    assert "Page 2 sur 2" in second.content.decode()
    # A page past the end shows the last one; a bad number shows the first.
    assert [
        w["pk"] for w in visitor.get(reverse("workshops:catalogue"), {"page": "9"}).context["workshops"]
    ] == (expected[24:])
    assert visitor.get(reverse("workshops:catalogue"), {"page": "abc"}).context["page_obj"].number == 1


def test_catalogue_cards_follow_the_seats_left_at_every_request(visitor, workshop, session):
    assert "8 places libres" in visitor.get(reverse("workshops:catalogue")).content.decode()
    BookingFactory(session=session, party_size=5)
    html = visitor.get(reverse("workshops:catalogue")).content.decode()
    assert "8 places libres" not in html
    assert "Plus que 3 places" in html
    Workshop.objects.filter(pk=workshop.pk).update(title="Tourner un saladier")
    assert "Tourner un saladier" in visitor.get(reverse("workshops:catalogue")).content.decode()


def test_catalogue_next_dates_skip_seats_held_by_a_waitlist_offer(visitor, workshop, session):
    later = SessionFactory(workshop=workshop, start=session.start + datetime.timedelta(days=1))
    WaitlistEntry.objects.create(
        session=session,
        name="Offre en cours",
        email="offre@example.org",
        party_size=session.capacity,
        status=WaitlistEntry.Status.OFFERED,
        offered_at=timezone.now(),
        offer_expires_at=timezone.now() + datetime.timedelta(hours=12),
    )
    response = visitor.get(reverse("workshops:catalogue"))
    (card,) = response.context["workshops"]
    assert [s.public_id for s in card["next_sessions"]] == [str(later.public_id)]
    assert booking_url(session) not in response.content.decode()


def test_workshop_page_shows_sessions_and_only_approved_reviews(visitor, workshop, session):
    past = SessionFactory(workshop=workshop, start=timezone.now() - datetime.timedelta(days=3))
    Review.objects.create(
        booking=BookingFactory(session=past),
        workshop=workshop,
        score=10,
        comment="Un moment rare",
        author_name="Paul",
        status=Review.Status.APPROVED,
    )
    Review.objects.create(
        booking=BookingFactory(session=past),
        workshop=workshop,
        score=1,
        comment="Texte non modéré",
        author_name="X",
    )
    html = visitor.get(workshop.get_absolute_url()).content.decode()
    assert booking_url(session) in html
    assert "Un moment rare" in html and "Texte non modéré" not in html


def test_workshop_page_of_unknown_slug_is_404(visitor):
    assert visitor.get(reverse("workshops:workshop_detail", args=["inconnu"])).status_code == 404


def test_booking_from_the_public_page_redirects_to_manage_link(
    visitor, session, django_capture_on_commit_callbacks
):
    page = visitor.get(booking_url(session))
    assert page.status_code == 200
    assert 'name="consent_contact"' in page.content.decode()
    assert "checked" not in page.content.decode().split('name="consent_contact"')[1].split(">")[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(booking_url(session), form_data())
    booking = Booking.objects.get()
    assert response.status_code == 302 and response.url == booking.get_manage_url()
    assert booking.channel == Booking.Channel.ONLINE and booking.consent_contact is False
    assert any(m.to == ["lea@example.org"] for m in mail.outbox)


def test_double_submitted_booking_form_creates_one_booking(visitor, session):
    visitor.post(booking_url(session), form_data())
    second = visitor.post(booking_url(session), form_data())
    assert second.status_code == 302
    assert Booking.objects.count() == 1


def test_booking_with_invalid_email_keeps_input_and_changes_nothing(visitor, session):
    response = visitor.post(booking_url(session), form_data(email="pas-un-email", name="Zoé Dupont"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "L&#x27;adresse e-mail n&#x27;est pas valide." in html
    assert 'value="Zoé Dupont"' in html
    assert not Booking.objects.exists()


@pytest.mark.parametrize("size", ["0", "-2"])
def test_booking_with_empty_party_is_refused_with_a_clear_message(visitor, session, size):
    response = visitor.post(booking_url(session), form_data(party_size=size))
    assert response.status_code == 400
    assert "Le nombre de personnes doit être d&#x27;au moins 1." in response.content.decode()
    assert not Booking.objects.exists()


def test_booking_that_loses_the_race_gets_the_form_back_with_seats_left(visitor, session):
    BookingFactory(session=session, party_size=7)
    response = visitor.post(booking_url(session), form_data(party_size="3"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Plus que 1 place" in html
    assert 'value="Léa Martin"' in html
    assert Booking.objects.count() == 1


def test_full_session_offers_the_waitlist(visitor, session):
    BookingFactory(session=session, party_size=8)
    html = visitor.get(booking_url(session)).content.decode()
    assert "Complet" in html
    assert reverse("workshops:waitlist_join", args=[session.workshop.slug, session.public_id]) in html


def test_child_below_minimum_age_is_refused(visitor, session):
    response = visitor.post(booking_url(session), form_data(children="1", youngest_age="4"))
    assert response.status_code == 400
    assert "L&#x27;âge minimum pour cet atelier est de 8 ans." in response.content.decode()
    assert not Booking.objects.exists()


def test_private_group_session_is_not_bookable_publicly(visitor, workshop):
    private = SessionFactory(workshop=workshop, is_private=True)
    assert visitor.get(booking_url(private)).status_code == 404


def test_manage_link_changes_party_size_and_cancels(visitor, session):
    booking = services.booking_create(session_id=session.pk, name="Léa", email="l@example.org", party_size=2)
    url = booking.get_manage_url()
    assert visitor.get(url).status_code == 200
    visitor.post(url, {"action": "change", "party_size": "3", "children": "0", "youngest_age": "30"})
    booking.refresh_from_db()
    assert booking.party_size == 3
    # A first press only asks for confirmation and says what will happen.
    ask = visitor.post(url, {"action": "cancel"})
    booking.refresh_from_db()
    assert booking.is_active and "Confirmez-vous l'annulation" in ask.content.decode()
    assert "les places seront proposées à d'autres visiteurs" in ask.content.decode()
    assert "Confirmez-vous" in visitor.get(url + "?annuler=1").content.decode()
    visitor.post(url, {"action": "cancel", "confirm": "yes"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert "à régler sur place" not in visitor.get(url).content.decode()


def test_manage_link_after_deadline_changes_nothing(visitor, workshop):
    session = SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(hours=5))
    booking = BookingFactory(session=session)
    url = booking.get_manage_url()
    assert "Le délai pour modifier ou annuler" in visitor.get(url).content.decode()
    response = visitor.post(url, {"action": "cancel", "confirm": "yes"})
    assert response.status_code == 409
    html = response.content.decode()
    assert 'role="alert"' in html and "Indiquez le nombre" not in html
    response = visitor.post(
        url, {"action": "change", "party_size": "1", "children": "0", "youngest_age": "30"}
    )
    assert response.status_code == 409
    booking.refresh_from_db()
    assert booking.is_active


def test_manage_link_with_unknown_token_is_404(visitor):
    assert visitor.get(reverse("workshops:booking_manage", args=["nope"])).status_code == 404


def test_booking_ics_download_parses(visitor, session):
    booking = BookingFactory(session=session)
    response = visitor.get(reverse("workshops:booking_ics", args=[booking.manage_token]))
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == session.start
    assert str(event["summary"]) == session.workshop.title


def test_waitlist_join_then_claim_offer_from_its_private_page(visitor, session):
    booking = BookingFactory(session=session, party_size=8)
    join_url = reverse("workshops:waitlist_join", args=[session.workshop.slug, session.public_id])
    response = visitor.post(join_url, {"party_size": "2", "name": "Noé", "email": "noe@example.org"})
    entry = WaitlistEntry.objects.get()
    assert response.url == reverse("workshops:waitlist_claim", args=[entry.token])
    services.booking_change_party_size(booking_id=booking.pk, party_size=6, override_deadline=True)
    services.waitlist_offer_next(session_id=session.pk)
    claim_url = reverse("workshops:waitlist_claim", args=[entry.token])
    assert "Des places vous sont réservées" in visitor.get(claim_url).content.decode()
    response = visitor.post(claim_url, {"action": "claim", "children": "0"})
    new = Booking.objects.get(email="noe@example.org")
    assert response.url == new.get_manage_url()


def test_group_request_form_then_proposal_acceptance(visitor, workshop, member_user):
    response = visitor.post(
        reverse("workshops:group_request", args=[workshop.slug]),
        {
            "group_type": "school",
            "contact_name": "Mme Durand",
            "email": "ecole@example.org",
            "size": "22",
            "age_min": "8",
            "age_max": "9",
            "preferred_dates": "Mai",
            "message": "",
        },
    )
    assert response.status_code == 302
    group = GroupRequest.objects.get()
    url = reverse("workshops:group_proposal", args=[group.token])
    assert "entre les mains de l" in visitor.get(url).content.decode()
    services.group_request_propose(
        group_request_id=group.pk,
        start=timezone.now() + datetime.timedelta(days=20),
        price_per_person=10,
        actor=member_user,
    )
    response = visitor.post(url, {"po_number": "BC-42"})
    booking = Booking.objects.get(is_group=True)
    assert response.url == booking.get_manage_url()
    assert booking.po_number == "BC-42"


def test_group_request_with_inverted_ages_keeps_input(visitor, workshop):
    response = visitor.post(
        reverse("workshops:group_request", args=[workshop.slug]),
        {
            "group_type": "school",
            "contact_name": "Mme Durand",
            "email": "ecole@example.org",
            "size": "22",
            "age_min": "12",
            "age_max": "9",
            "preferred_dates": "Mai",
        },
    )
    assert response.status_code == 400
    assert "Mme Durand" in response.content.decode()
    assert not GroupRequest.objects.exists()


def test_review_form_after_the_session(visitor, workshop):
    past = SessionFactory(workshop=workshop, start=timezone.now() - datetime.timedelta(days=1))
    booking = BookingFactory(session=past)
    url = reverse("workshops:review", args=[booking.manage_token])
    assert visitor.get(url).status_code == 200
    visitor.post(url, {"score": "9", "comment": "Superbe", "author_name": "Léa"})
    assert Review.objects.get().score == 9


def test_member_ical_feed_by_token_only(visitor, member, session):
    feed = services.calendar_feed_get_or_create(member=member)
    response = visitor.get(reverse("workshops:member_feed", args=[feed.token]))
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    assert visitor.get(reverse("workshops:member_feed", args=["wrong"])).status_code == 404


def test_home_and_member_page_show_workshop_sections(visitor, workshop, session):
    assert "Tourner un bol" in visitor.get(reverse("pages:home")).content.decode()
    assert "Tourner un bol" in visitor.get(workshop.member.get_absolute_url()).content.decode()


def test_workshop_page_shows_the_charter_badge_only_when_the_current_charter_is_signed(visitor, workshop):
    from network.models import CharterSignature
    from tests.factories.network import CharterVersionFactory

    badge = "Signataire de la charte du réseau"
    assert badge not in visitor.get(workshop.get_absolute_url()).content.decode()
    version = CharterVersionFactory()
    assert badge not in visitor.get(workshop.get_absolute_url()).content.decode()
    CharterSignature.objects.create(member=workshop.member, version=version)
    assert badge in visitor.get(workshop.get_absolute_url()).content.decode()


def test_catalogue_with_bad_filter_values_names_the_field_and_still_lists(visitor, session):
    response = visitor.get(reverse("workshops:catalogue"), {"price_max": "abc", "lat": "999", "lon": "5"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["price_max"]
    assert [w["pk"] for w in response.context["workshops"]] == [session.workshop.pk]
