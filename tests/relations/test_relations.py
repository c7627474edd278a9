"""Contact file, segments, consent pages, promo codes, satisfaction, GDPR, access rules."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from network import services as network_services
from network.models import Contact
from relations import gdpr, selectors, services
from relations.models import ContactMerge, ContactProfile, PromoCode, RelationsSettings, Segment, StaySurvey
from tests.factories.shop import CategoryFactory, ProductFactory
from tests.factories.workshops import BookingFactory, SessionFactory
from workshops.models import Booking, Review

pytestmark = pytest.mark.django_db


def _visitor(session, email, *, consent=True, postcode="", country="FR", name="Zoé", **booking):
    booking.setdefault("party_size", 1)
    booking.setdefault("children", 0)
    BookingFactory(session=session, email=email, consent_contact=bool(consent), name=name, **booking)
    contact = network_services.contact_record(
        email=email, name=name, source="workshops.booking", consent=consent
    )
    if postcode or country != "FR":
        services.contact_profile_save(contact=contact, actor=None, postcode=postcode, country=country)
    return contact


# --- Segments -------------------------------------------------------------------------


def test_segment_wood_turners_of_summer_from_outside_isere(workshop, session):
    summer = SessionFactory(workshop=workshop, start=timezone.make_aware(datetime.datetime(2026, 7, 15, 10)))
    autumn = SessionFactory(workshop=workshop, start=timezone.make_aware(datetime.datetime(2026, 10, 15, 10)))
    _visitor(summer, "lyon@example.org", postcode="69002")
    _visitor(summer, "bruxelles@example.org", country="BE")
    _visitor(summer, "grenoble@example.org", postcode="38000")
    _visitor(summer, "refus@example.org", postcode="75011", consent=None)
    _visitor(autumn, "automne@example.org", postcode="75011")
    filters = {
        "crafts": [workshop.craft_id],
        "season": "summer",
        "year": 2026,
        "departments_not_in": ["38"],
    }
    emails = set(selectors.segment_queryset(filters).values_list("email", flat=True))
    assert emails == {"lyon@example.org", "bruxelles@example.org"}
    assert selectors.segment_count({**filters, "countries": ["BE"]}) == 1
    assert selectors.segment_count({**filters, "commune": "nowhere"}) == 0


def test_segment_products_amount_nps_and_last_purchase(member, workshop, session):
    from shop.models import Order, OrderLine

    contact = _visitor(session, "buyer@example.org", price=Decimal("90.00"))
    _visitor(session, "other@example.org", price=Decimal("10.00"))
    product = ProductFactory(member=member, category=CategoryFactory(name="Bois", slug="bois"))
    order = Order.objects.create(
        reference="C-1",
        name="B",
        email="buyer@example.org",
        phone="0601020304",
        total=Decimal("30.00"),
        status=Order.Status.COLLECTED,
        hold_until=timezone.now(),
    )
    OrderLine.objects.create(
        order=order, product=product, quantity=1, unit_price=Decimal("30.00"), total=Decimal("30.00")
    )
    assert selectors.segment_count({"products": [product.pk]}) == 1
    assert selectors.segment_count({"min_spent": "100"}) == 1  # 90 € of workshops + 30 € collected
    assert selectors.segment_count({"min_spent": "5"}) == 2
    assert selectors.segment_count({"purchased_since": timezone.localdate().isoformat()}) == 1
    booking = Booking.objects.get(email="buyer@example.org")
    Review.objects.create(booking=booking, workshop=workshop, score=10, author_name="B")
    assert list(selectors.segment_queryset({"nps": "promoter"})) == [contact]
    assert selectors.segment_count({"nps": "detractor"}) == 0


def test_segment_form_live_count_and_coordinators_scope(
    staff_client, coordinator_client, coordinator_user, session, other_session
):
    _visitor(session, "mine@example.org")
    _visitor(other_session, "theirs@example.org")
    url = reverse("relations_staff:segment_count")
    response = staff_client.get(url, {"purpose": "news"}, HTTP_HX_REQUEST="true")
    assert "2 contacts joignables" in response.content.decode()
    coordinator_count = selectors.segment_count({}, user=coordinator_user)
    assert coordinator_count == 1
    RelationsSettings.objects.create(coordinators_see_contacts=False)
    assert selectors.segment_count({}, user=coordinator_user) == 0
    assert (
        "0 contacts joignables"
        in coordinator_client.get(url, {"purpose": "news"}, HTTP_HX_REQUEST="true").content.decode()
    )
    # Saving a segment is for office staff; bad input keeps what was typed.
    response = staff_client.post(
        reverse("relations_staff:segment_create"), {"name": "Été", "purpose": "news", "season": "summer"}
    )
    assert response.status_code == 200 and "Indiquez l&#x27;année" in response.content.decode()
    response = staff_client.post(
        reverse("relations_staff:segment_create"),
        {"name": "Été", "purpose": "news", "season": "summer", "year": "2026"},
    )
    assert response.status_code == 302 and Segment.objects.get().filters == {
        "purpose": "news",
        "season": "summer",
        "year": 2026,
    }
    assert (
        coordinator_client.post(
            reverse("relations_staff:segment_create"), {"name": "x", "purpose": "news"}
        ).status_code
        == 403
    )


# --- Contact file ---------------------------------------------------------------------


def test_contact_detail_timeline_and_profile(staff_client, session):
    contact = _visitor(session, "lea@example.org", name="Léa")
    url = reverse("relations_staff:contact_detail", args=[contact.pk])
    html = staff_client.get(url).content.decode()
    assert "Réservation" in html and "consentement donné" in html
    response = staff_client.post(
        url,
        {
            "name": "Léa B.",
            "kind": "second_home",
            "language": "fr",
            "postcode": "69002",
            "country": "fr",
            "tags": "bois, fidèle",
        },
    )
    assert response.status_code == 302
    profile = ContactProfile.objects.get(contact=contact)
    assert profile.department == "69" and profile.country == "FR" and profile.tags == ["bois", "fidèle"]
    assert Contact.objects.get(pk=contact.pk).kind == "second_home"
    assert (
        "lea@example.org"
        in staff_client.get(reverse("relations_staff:contact_list"), {"tag": "bois"}).content.decode()
    )


def test_duplicates_suggested_and_merged_with_history(staff_client, staff_user, session):
    a = network_services.contact_record(
        email="paul@example.org", phone="06 12 34 56 78", source="staff", consent=True
    )
    b = network_services.contact_record(
        email="paul.pro@example.org", phone="+33612345678", source="shop.order"
    )
    network_services.contact_withdraw_consent(contact=b, source="network.unsubscribe")  # latest choice
    pairs = services.duplicate_suggestions()
    assert [(x.pk, y.pk, why) for x, y, why in pairs] == [(a.pk, b.pk, "phone")]
    html = staff_client.get(reverse("relations_staff:merge"), {"kept": a.pk, "merged": b.pk}).content.decode()
    assert "sera fusionnée" in html
    staff_client.post(reverse("relations_staff:merge"), {"kept": a.pk, "merged": b.pk})
    a.refresh_from_db()
    assert not Contact.objects.filter(pk=b.pk).exists()
    assert a.marketing_consent is False  # the withdrawal was the latest choice
    assert a.consent_events.count() == 2 and "shop.order" in a.sources
    assert ContactMerge.objects.get(kept=a).merged_email == "paul.pro@example.org"


# --- Consent pages --------------------------------------------------------------------


def test_newsletter_double_opt_in(visitor):
    response = visitor.post(reverse("relations:newsletter"), {"email": "New@Example.org"})
    assert response.status_code == 200
    assert not Contact.objects.filter(email="new@example.org").exists()
    [message] = mail.outbox
    link = next(line for line in message.body.splitlines() if "/relations/lettre/" in line)
    path = link.split("testserver")[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    assert visitor.get(path).status_code == 200
    assert not Contact.objects.filter(email="new@example.org").exists()  # a GET never subscribes
    visitor.post(path)
    contact = Contact.objects.get(email="new@example.org")
    assert contact.marketing_consent and contact.news_legal_basis == "consent"
    assert contact.consent_events.get().source == "relations.newsletter"


def test_newsletter_bad_address_keeps_input(visitor):
    response = visitor.post(reverse("relations:newsletter"), {"email": "pas-un-email"})
    assert response.status_code == 200 and 'value="pas-un-email"' in response.content.decode()
    assert not mail.outbox


def test_purposes_page_and_survey_opt_out(visitor, session):
    html = visitor.get(reverse("relations:purposes")).content.decode()
    assert "soft opt-in" in html and "3 ans" in html
    contact = _visitor(session, "s@example.org")
    visitor.post(reverse("relations:surveys_opt_out", args=[contact.unsubscribe_token]))
    contact.refresh_from_db()
    assert contact.surveys_opt_out_at is not None and contact.marketing_consent  # news untouched


# --- Promo codes ----------------------------------------------------------------------


def test_promo_code_applied_server_side_at_booking(visitor, workshop, other_workshop):
    start = timezone.now() + datetime.timedelta(days=10)
    session = SessionFactory(workshop=workshop, start=start)
    other = SessionFactory(workshop=other_workshop, start=start)
    promo = PromoCode.objects.create(
        code="HIVER26",
        percent_off=20,
        valid_from=start.date(),
        valid_until=start.date() + datetime.timedelta(days=5),
    )
    promo.workshops.set([workshop])
    from workshops import services as workshop_services
    from workshops.exceptions import WorkshopError

    booking = workshop_services.booking_create(
        session_id=session.pk, name="A", email="a@example.org", party_size=1, promo_code="hiver26"
    )
    assert booking.price == (workshop.price * Decimal("0.8")).quantize(Decimal("0.01"))
    with pytest.raises(WorkshopError) as exc:
        workshop_services.booking_create(
            session_id=other.pk, name="A", email="a@example.org", party_size=1, promo_code="HIVER26"
        )
    assert exc.value.field == "promo_code"
    url = reverse("workshops:booking_create", args=[other_workshop.slug, other.public_id])
    response = visitor.post(
        url,
        {
            "party_size": "1",
            "children": "0",
            "name": "Zoé",
            "email": "z@example.org",
            "promo_code": "HIVER26",
        },
    )
    assert response.status_code in (400, 409) and "code promo" in response.content.decode()
    assert 'value="HIVER26"' in response.content.decode()


# --- Satisfaction, loyalty, stay survey -----------------------------------------------


def test_satisfaction_figures_loyalty_and_stay_survey(staff_client, workshop, settings):
    past = timezone.now() - datetime.timedelta(days=400)
    older = SessionFactory(workshop=workshop, start=past)
    recent = SessionFactory(workshop=workshop, start=timezone.now() - datetime.timedelta(days=2))
    b1 = BookingFactory(session=older, email="loyal@example.org", party_size=1, children=0)
    BookingFactory(session=recent, email="loyal@example.org", party_size=1, children=0)
    BookingFactory(session=recent, email="once@example.org", party_size=1, children=0)
    Review.objects.create(booking=b1, workshop=workshop, score=10, author_name="L")
    figures = selectors.satisfaction_figures(user=None)
    assert figures["loyalty"].visitors == 2 and figures["loyalty"].percent == 50
    [row] = figures["per_workshop"]
    assert row.nps == 100 and row.response_rate == 33
    network_services.contact_record(email="once@example.org", source="workshops.booking")
    network_services.contact_record(email="loyal@example.org", source="workshops.booking")
    optout = Contact.objects.get(email="loyal@example.org")
    network_services.contact_withdraw_consent(contact=optout, source="test", purpose="surveys")
    assert services.stay_surveys_send(today=timezone.localdate()) == 1  # the opted-out one is skipped
    [message] = mail.outbox
    assert "/relations/enquetes/" in message.body  # opt-out link in every survey
    survey = StaySurvey.objects.get()
    staff_client.get("/")  # noop
    from django.test import Client

    Client().post(reverse("relations:stay_survey", args=[survey.token]), {"score": "9", "comment": "Super"})
    survey.refresh_from_db()
    assert survey.score == 9
    html = staff_client.get(reverse("relations_staff:satisfaction")).content.decode()
    assert "50 %" in html
    assert "Fidélité" in staff_client.get(reverse("pages:staff_home")).content.decode()


# --- GDPR -----------------------------------------------------------------------------


def test_gdpr_export_and_erase_keep_amounts_and_the_journal(
    staff_client, staff_user, member, workshop, session
):
    from shop import services as shop_services
    from shop.models import Order, Sale

    product = ProductFactory(member=member, category=CategoryFactory(name="Bois", slug="bois"), stock=5)
    booking = BookingFactory(
        session=session,
        email="jo@example.org",
        name="Jo Martin",
        phone="0611223344",
        party_size=1,
        children=0,
    )
    network_services.contact_record(
        email="jo@example.org", name="Jo Martin", source="workshops.booking", consent=True
    )
    Review.objects.create(booking=booking, workshop=workshop, score=8, author_name="Jo M.", comment="Top")
    order = shop_services.order_create(
        basket={product.pk: 1}, name="Jo Martin", email="jo@example.org", phone="0611223344"
    )
    shop_services.order_collect(order=order, actor=staff_user, payment_method="cash")
    response = staff_client.get(reverse("relations_staff:gdpr"), {"email": "jo@example.org"})
    assert (
        "réservations d&#x27;ateliers" in response.content.decode()
        or "réservations d'ateliers" in response.content.decode()
    )
    archive = zipfile.ZipFile(
        io.BytesIO(
            staff_client.get(reverse("relations_staff:gdpr_export"), {"email": "jo@example.org"}).content
        )
    )
    assert set(archive.namelist()) == {"donnees.html", "donnees.json"}
    data = json.loads(archive.read("donnees.json"))
    assert data["jo@example.org"]["commandes"][0]["nom"] == "Jo Martin"
    assert "Jo Martin" in archive.read("donnees.html").decode()
    confirm = staff_client.get(
        reverse("relations_staff:gdpr_erase"), {"email": "jo@example.org"}
    ).content.decode()
    assert "définitive" in confirm
    total = order.total
    staff_client.post(reverse("relations_staff:gdpr_erase"), {"email": "jo@example.org", "confirm": "yes"})
    booking.refresh_from_db()
    order.refresh_from_db()
    assert (
        booking.name == "Personne effacée"
        and booking.phone == ""
        and booking.email.endswith("@anonyme.invalid")
    )
    assert order.email.endswith("@anonyme.invalid") and order.total == total
    assert Review.objects.get().author_name == "Anonyme"
    assert not Contact.objects.filter(email="jo@example.org").exists()
    # The till ticket stays (append-only) but for its customer's e-mail, blanked.
    assert list(Sale.objects.values_list("customer_email", flat=True)) == [""]
    assert Order.objects.count() == 1
    call_command("verify_journal")  # raises CommandError if the chain were broken
    left = dict(gdpr.personal_data_summary(email="jo@example.org"))
    assert set(left.values()) == {0}


def test_gdpr_erase_without_confirmation_changes_nothing(staff_client, session):
    _visitor(session, "keep@example.org")
    staff_client.post(reverse("relations_staff:gdpr_erase"), {"email": "keep@example.org"})
    assert Contact.objects.filter(email="keep@example.org").exists()


def test_retention_warns_then_anonymises(settings, session):
    settings.STAFF_NOTIFICATION_EMAILS = ["office@example.org"]
    old = _visitor(session, "old@example.org")
    Contact.objects.filter(pk=old.pk).update(
        last_seen_at=timezone.now() - datetime.timedelta(days=3 * 365 - 10)
    )
    assert services.retention_run() == (1, 0)  # warned, not yet erased
    assert "old@example.org" in mail.outbox[0].body
    Contact.objects.filter(pk=old.pk).update(
        last_seen_at=timezone.now() - datetime.timedelta(days=3 * 365 + 40)
    )
    from relations.models import RetentionNotice

    RetentionNotice.objects.update(warned_at=timezone.now() - datetime.timedelta(days=31))
    assert services.retention_run() == (0, 1)
    assert not Contact.objects.filter(email="old@example.org").exists()


# --- Access ---------------------------------------------------------------------------


def test_staff_pages_need_staff_and_office_pages_refuse_coordinators(
    member_client, coordinator_client, staff_client, session
):
    contact = _visitor(session, "x@example.org")
    office_only = [
        reverse("relations_staff:duplicates"),
        reverse("relations_staff:campaign_list"),
        reverse("relations_staff:campaign_create"),
        reverse("relations_staff:promo_codes"),
        reverse("relations_staff:gdpr"),
        reverse("relations_staff:settings"),
    ]
    shared = [
        reverse("relations_staff:contact_list"),
        reverse("relations_staff:contact_detail", args=[contact.pk]),
        reverse("relations_staff:segment_list"),
        reverse("relations_staff:segment_create"),
        reverse("relations_staff:satisfaction"),
    ]
    for url in office_only + shared:
        assert member_client.get(url).status_code == 403, url
        assert staff_client.get(url).status_code == 200, url
    for url in office_only:
        assert coordinator_client.get(url).status_code == 403, url


# --- The per-address spending kept by triggers -----------------------------------------


def test_spending_follows_bookings_and_orders_through_their_changes(member, session):
    from relations.models import Spending
    from shop.models import Order

    def spent(email):
        row = Spending.objects.filter(email=email).first()
        return row.amount if row else Decimal("0")

    booking = BookingFactory(session=session, email="ana@example.org", price=Decimal("70.00"))
    BookingFactory(session=session, email="ana@example.org", price=Decimal("35.00"), status="pending_payment")
    assert spent("ana@example.org") == Decimal("70.00")  # a held booking is not paid yet
    order = Order.objects.create(
        reference="C-9",
        name="Ana",
        email="Ana@Example.org",  # orders keep the address as typed
        phone="0601020304",
        total=Decimal("30.00"),
        hold_until=timezone.now(),
    )
    assert spent("ana@example.org") == Decimal("70.00")  # reserved, not collected
    Order.objects.filter(pk=order.pk).update(status=Order.Status.COLLECTED)
    assert spent("ana@example.org") == Decimal("100.00")
    Booking.objects.filter(pk=booking.pk).update(status="cancelled")
    assert spent("ana@example.org") == Decimal("30.00")
    assert selectors.segment_count({"min_spent": "30"}) == 0  # no contact recorded for Ana yet
    network_services.contact_record(email="ana@example.org", source="shop.order", consent=True)
    assert selectors.segment_count({"min_spent": "30"}) == 1
    assert selectors.segment_count({"min_spent": "31"}) == 0
    assert selectors.segment_count({"min_spent": "0"}) == 1
    gdpr.personal_data_erase(email="ana@example.org", actor=None)
    assert not Spending.objects.filter(email="ana@example.org").exists()
    assert Spending.objects.get(email__endswith="@anonyme.invalid").amount == Decimal("30.00")


@pytest.mark.django_db(transaction=True)
def test_spending_adds_up_concurrent_bookings_of_one_person(session):
    import threading

    from django.db import connection

    from relations.models import Spending

    # One session each: only the spending row of the address is shared between the threads.
    sessions = [session, *(SessionFactory(workshop=session.workshop) for _ in range(5))]
    barrier = threading.Barrier(6)
    errors = []

    def book(own_session) -> None:
        try:
            barrier.wait()
            BookingFactory(
                session=own_session,
                email="same@example.org",
                price=Decimal("10.00"),
                party_size=1,
                children=0,
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(s,)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Spending.objects.get(email="same@example.org").amount == Decimal("60.00")
