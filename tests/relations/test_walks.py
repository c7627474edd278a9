"""Issue 14's « Done when », walked by staff through the staff pages with the test client:
the off-season campaign to summer wood turners from outside Isère, through a real SMTP server."""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from network import services as network_services
from network.models import Contact
from relations import services
from relations.models import Campaign, PromoCode, Segment, Spending
from tests.factories.network import CraftFactory
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def _visit(session, email, *, postcode="", country="FR", consent=True, legal_basis="consent"):
    """A visitor's booking, as the booking service feeds the contact file and its profile."""
    BookingFactory(session=session, email=email, name=email.split("@")[0], party_size=1, children=0)
    contact = network_services.contact_record(
        email=email,
        name=email.split("@")[0],
        source="workshops.booking",
        consent=consent,
        legal_basis=legal_basis,
    )
    services.contact_profile_save(contact=contact, actor=None, postcode=postcode, country=country)
    return contact


def test_staff_send_an_off_season_campaign_to_summer_wood_turners_from_outside_isere(
    staff_client, member, other_member, smtp, django_capture_on_commit_callbacks
):
    turning = CraftFactory(name="Tournage sur bois", slug="tournage-sur-bois")
    basketry = CraftFactory(name="Vannerie", slug="vannerie")
    bowl = WorkshopFactory(member=member, craft=turning, title="Tourner un bol", slug="tourner-un-bol")
    spinning_top = WorkshopFactory(
        member=other_member, craft=turning, title="Tourner une toupie", slug="tourner-une-toupie"
    )
    wicker = WorkshopFactory(member=member, craft=basketry, title="Panier d'osier", slug="panier-osier")
    july = SessionFactory(workshop=bowl, start=_at(2026, 7, 15), capacity=20)
    august = SessionFactory(workshop=spinning_top, start=_at(2026, 8, 20), capacity=20)
    october = SessionFactory(workshop=bowl, start=_at(2026, 10, 14), capacity=20)
    wicker_july = SessionFactory(workshop=wicker, start=_at(2026, 7, 16), capacity=20)
    winter = [
        SessionFactory(workshop=bowl, start=_at(2027, 1, 16, 14), capacity=8),
        SessionFactory(workshop=spinning_top, start=_at(2027, 2, 6, 14), capacity=8),
    ]

    expected = {"camille@lyon.example", "lotte@bruxelles.example", "hugo@paris.example"}
    _visit(july, "camille@lyon.example", postcode="69002")
    _visit(august, "lotte@bruxelles.example", country="BE")
    # A customer recorded under soft opt-in (offered the opt-out when booking) counts as accepting.
    _visit(august, "hugo@paris.example", postcode="75011", legal_basis="soft_opt_in")
    _visit(july, "paul@grenoble.example", postcode="38000")  # lives in Isère
    _visit(july, "never@paris.example", postcode="75012", consent=None)  # never accepted news
    gone = _visit(august, "gone@marseille.example", postcode="13001")
    network_services.contact_withdraw_consent(contact=gone, source="relations.one_click")
    _visit(october, "autumn@lyon.example", postcode="69003")  # came in autumn
    _visit(wicker_july, "wicker@lyon.example", postcode="69004")  # basketry, not wood turning
    unwanted = {
        "paul@grenoble.example",
        "never@paris.example",
        "gone@marseille.example",
        "autumn@lyon.example",
        "wicker@lyon.example",
    }

    # 1. The segment, its live count (htmx and the no-JS « Compter » button), then saved.
    assert "Tournage sur bois" in staff_client.get(reverse("relations_staff:segment_create")).content.decode()
    filters = {
        "purpose": "news",
        "crafts": [turning.pk],
        "season": "summer",
        "year": "2026",
        "departments_not_in": "38",
    }
    count_url = reverse("relations_staff:segment_count")
    live = staff_client.get(count_url, filters, HTTP_HX_REQUEST="true").content.decode()
    assert "3 contacts joignables" in live
    assert "3 contacts joignables" in staff_client.get(count_url, filters).content.decode()
    name = "Tourneurs d'été 2026 venus d'ailleurs que l'Isère"
    response = staff_client.post(reverse("relations_staff:segment_create"), {**filters, "name": name})
    segment = Segment.objects.get(name=name)
    assert response.status_code == 302 and response["Location"] == reverse(
        "relations_staff:segment_edit", args=[segment.pk]
    )
    assert "3 contacts joignables" in staff_client.get(response["Location"]).content.decode()
    assert escape(name) in staff_client.get(reverse("relations_staff:segment_list")).content.decode()

    # 2. The off-season promo code, valid in winter on the two workshops.
    response = staff_client.post(
        reverse("relations_staff:promo_codes"),
        {
            "code": "hiver27",
            "percent_off": "20",
            "valid_from": "2027-01-04",
            "valid_until": "2027-03-31",
            "workshops": [bowl.pk, spinning_top.pk],
        },
    )
    assert response.status_code == 302
    promo = PromoCode.objects.get(code="HIVER27")

    # 3. The campaign: text, two workshops with their next dates, the promo code, a gift voucher.
    response = staff_client.post(
        reverse("relations_staff:campaign_create"),
        {
            "name": "L'hiver des tourneurs",
            "subject": "L'hiver des artisans : revenez tourner le bois",
            "segment": segment.pk,
            "intro": "Vous êtes venus tourner le bois cet été : les ateliers continuent l'hiver.",
            "workshops": [bowl.pk, spinning_top.pk],
            "promo_code": promo.pk,
            "voucher_workshop": bowl.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()
    campaign = Campaign.objects.get()
    detail_url = reverse("relations_staff:campaign_detail", args=[campaign.public_id])
    assert response["Location"] == detail_url
    detail = staff_client.get(detail_url).content.decode()
    assert "3 contacts joignables" in detail and "vers 3 contacts joignables" in detail
    preview_url = reverse("relations_staff:campaign_preview", args=[campaign.public_id])
    preview = staff_client.get(preview_url, {"format": "text"}).content.decode()
    assert "Tourner un bol" in preview and "Tourner une toupie" in preview and "HIVER27" in preview
    assert "samedi 16 janvier 2027" in preview and "/bons-cadeaux/?atelier=tourner-un-bol" in preview

    # 4. Send now: Celery (eager here) sends after commit through the real SMTP server.
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(detail_url, {"action": "send"})
    assert response.status_code == 302
    assert set(smtp.to()) == expected and len(smtp.messages) == 3
    assert not unwanted & set(smtp.to())
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    log = staff_client.get(detail_url).content.decode()
    assert "3 envoyé(s), 0 en attente, 0 écarté(s)" in log
    for address in expected:
        assert address in log

    # 5. Each message: the sender's identity, and a working RFC 8058 one-click unsubscribe.
    mail_client = Client(enforce_csrf_checks=True)  # the mail provider: no cookie, no CSRF token
    for rcpts, message in smtp.messages:
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link = re.fullmatch(
            r"<(https://maillage\.example/relations/desinscription/[^>]+/)>",
            message["List-Unsubscribe"].strip(),
        )
        assert link, message["List-Unsubscribe"]
        text = message.get_body(("plain",)).get_content()
        assert link.group(1) in text and "HIVER27" in text and "Tourner une toupie" in text
        assert "Maillage" in message["From"]
        path = link.group(1).removeprefix("https://maillage.example")
        assert mail_client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
        contact = Contact.objects.get(email=rcpts[0])
        assert not contact.marketing_consent
        assert contact.consent_events.first().source == "relations.one_click"
    live = staff_client.get(count_url, filters, HTTP_HX_REQUEST="true").content.decode()
    assert "<strong>0 contacts joignables</strong>" in live
    assert winter[0].seats_booked == 0  # nothing was booked along the way


def test_staff_export_then_erase_a_person_who_booked_ordered_paid_at_the_till_and_reviewed(
    staff_client, staff_user, member, workshop, django_capture_on_commit_callbacks
):
    """Issue 14's GDPR « Done when »: export (zip: donnees.html + donnees.json) then erase from
    the staff page with its confirmation; names and e-mails leave bookings, orders and reviews;
    amounts stay and the till journal still verifies."""
    from django.core.management import call_command

    from shop import services as shop_services
    from shop.models import Order, Sale
    from tests.factories.shop import CategoryFactory, ProductFactory
    from workshops import services as workshop_services
    from workshops.models import Booking, Review

    product = ProductFactory(
        member=member, category=CategoryFactory(name="Bois", slug="bois"), name="Bol en hêtre", stock=5
    )
    soon = SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(days=3), capacity=8)
    with django_capture_on_commit_callbacks(execute=True):  # the contact file is fed after commit
        booking = workshop_services.booking_create(
            session_id=soon.pk,
            name="Jo Martin",
            email="Jo.Martin@Example.org",
            phone="06 11 22 33 44",
            party_size=2,
            consent_contact=True,
        )
        # The click & collect order keeps the address as typed (capitals included).
        order = shop_services.order_create(
            basket={product.pk: 1}, name="Jo Martin", email="Jo.Martin@Example.org", phone="0611223344"
        )
    ticket = shop_services.order_collect(order=order, actor=staff_user, payment_method="cash")
    assert ticket.customer_email == "Jo.Martin@Example.org"  # paid at the till: the ticket keeps it
    # The visit took place; the survey's answer follows.
    from workshops.models import Session

    Session.objects.filter(pk=soon.pk).update(
        start=timezone.now() - datetime.timedelta(days=2), end=timezone.now() - datetime.timedelta(days=2)
    )
    workshop_services.review_submit(booking_id=booking.pk, score=9, comment="Jo a adoré le tour à bois.")
    amounts = (Booking.objects.get().price, Order.objects.get().total, Sale.objects.get().total)

    # 1. Staff find the person: what we hold, app by app.
    page = staff_client.get(reverse("relations_staff:gdpr"), {"email": "jo.martin@example.org"})
    summary = dict(page.context["summary"])
    assert summary["réservations d'ateliers"] == 1 and summary["commandes"] == 1
    assert summary["avis"] == 1 and summary["tickets de caisse"] == 1 and summary["contact"] == 1

    # 2. The export: a zip with a readable page and the same data as JSON.
    response = staff_client.get(reverse("relations_staff:gdpr_export"), {"email": "jo.martin@example.org"})
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(archive.namelist()) == {"donnees.html", "donnees.json"}
    [person] = json.loads(archive.read("donnees.json")).values()
    assert person["réservations d'ateliers"][0]["référence"] == booking.reference
    assert person["réservations d'ateliers"][0]["téléphone"] == "06 11 22 33 44"
    assert person["commandes"][0]["référence"] == order.reference
    assert person["commandes"][0]["produits"] == ["1 × Bol en hêtre"]
    assert person["tickets de caisse"][0]["ticket"] == ticket.reference
    assert person["avis"][0]["commentaire"] == "Jo a adoré le tour à bois."
    assert person["contact"][0]["e-mail"] == "jo.martin@example.org"
    html = archive.read("donnees.html").decode()
    for text in (booking.reference, order.reference, ticket.reference, "Jo Martin", "Bol en hêtre"):
        assert escape(text) in html, text
    assert "Jo a adoré le tour à bois." in html

    # 3. Erase: a confirmation page first; without the confirmation nothing changes.
    confirm = staff_client.get(reverse("relations_staff:gdpr_erase"), {"email": "jo.martin@example.org"})
    assert "définitive" in confirm.content.decode()
    staff_client.post(reverse("relations_staff:gdpr_erase"), {"email": "jo.martin@example.org"})
    assert Booking.objects.get().name == "Jo Martin"
    response = staff_client.post(
        reverse("relations_staff:gdpr_erase"), {"email": "jo.martin@example.org", "confirm": "yes"}
    )
    assert response.status_code == 302

    # 4. Names, e-mails and phones are gone; amounts, seats and the review's score stay.
    booking, order, review = Booking.objects.get(), Order.objects.get(), Review.objects.get()
    for row, fields in (
        (booking, ("name", "email", "phone")),
        (order, ("name", "email", "phone", "note")),
        (review, ("author_name", "comment")),
    ):
        values = " ".join(str(getattr(row, f)) for f in fields).lower()
        assert "jo" not in values.replace("anonyme", "") and "martin" not in values, (row, values)
        assert "0611223344" not in values and "06 11 22 33 44" not in values
    assert booking.email.endswith("@anonyme.invalid") and booking.party_size == 2
    assert review.score == 9
    assert (booking.price, order.total, Sale.objects.get().total) == amounts
    assert not Contact.objects.filter(email__iexact="jo.martin@example.org").exists()
    assert not Spending.objects.filter(email="jo.martin@example.org").exists()
    left = dict(
        staff_client.get(reverse("relations_staff:gdpr"), {"email": "jo.martin@example.org"}).context[
            "summary"
        ]
    )
    assert not any(left.values())  # nothing left under the address

    # 5. The till: the ticket is append-only (French till rules) but for its e-mail, which the
    # erase blanked; its amounts and lines stay, and the journal chain still verifies.
    sale = Sale.objects.get()
    assert sale.customer_email == "" and sale.total == amounts[2] and sale.reference == ticket.reference
    call_command("verify_journal")  # raises CommandError if the chain were broken
