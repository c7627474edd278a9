"""Issue 13's « Done when », walked end to end: a visitor pays in Chromium for a stay with two
workshops and three products, gets the confirmation, the invoice and the .ics; cancels one
workshop within the policy and sees the refund; the artisan sees the sale in the portal and,
once the month is closed, the payout; staff export the month's SEPA file, valid against the
pain.001.001.03 schema."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from payments.models import Payment, Refund
from payouts import services as payout_services
from payouts.models import SepaExport
from shop.services.statements import statement_close_month
from tests.factories.network import MemberFactory, MemberUserFactory
from tests.factories.shop import CategoryFactory, ProductFactory
from tests.factories.workshops import SessionFactory, WorkshopFactory
from tests.localstripe import fill_card, localstripe_url, stripe_on  # noqa: F401
from workshops.models import Booking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IBAN_WOOD = "FR7630006000011234567890189"
IBAN_CLAY = "FR1420041010050500013M02606"


@pytest.fixture
def destination(settings):
    settings.OFFICE_IBAN = "FR7610107001011234567890129"
    settings.OFFICE_BIC = ""
    settings.OFFICE_SEPA_NAME = "Office de tourisme Coeur de Chartreuse"
    start = (timezone.now() + datetime.timedelta(days=6)).replace(hour=14, minute=0, second=0, microsecond=0)
    wood = MemberFactory(name="L'Atelier du Tourneur", slug="atelier-du-tourneur")
    clay = MemberFactory(name="Poterie « Terre & Feu »", slug="terre-et-feu")
    bowl = WorkshopFactory(
        member=wood, title="Tourner un bol", slug="tourner-un-bol", price=Decimal("35.00"), min_age=0
    )
    cup = WorkshopFactory(
        member=clay, title="Modeler une tasse", slug="modeler-une-tasse", price=Decimal("40.00"), min_age=0
    )
    SessionFactory(workshop=bowl, start=start, capacity=6)
    SessionFactory(workshop=cup, start=start + datetime.timedelta(days=1), capacity=6)
    grocery = CategoryFactory(name="Épicerie", slug="epicerie")
    bees = MemberFactory(name="Rucher des Cimes", slug="rucher-des-cimes")
    for name, slug, price in (
        ("Miel de sapin", "miel-de-sapin", "9.50"),
        ("Confiture de myrtilles", "confiture-de-myrtilles", "6.20"),
        ("Nougat au miel", "nougat-au-miel", "4.80"),
    ):
        ProductFactory(member=bees, category=grocery, name=name, slug=slug, price=Decimal(price), stock=10)
    return {"wood": wood, "clay": clay, "bowl": bowl, "cup": cup}


def _xsd() -> etree.XMLSchema:
    import sepaxml

    path = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def _a_month_ago(value: datetime.datetime) -> datetime.datetime:
    first = value.replace(day=1)
    previous = (first - datetime.timedelta(days=1)).replace(day=min(value.day, 28))
    return previous


def test_a_stay_paid_online_from_basket_to_payout(page, destination, stripe_on, staff_user, staff_client):  # noqa: F811
    # --- the visitor fills the stay: two workshops, three products -------------------------
    for member_slug, title in (
        ("atelier-du-tourneur", "Tourner un bol"),
        ("terre-et-feu", "Modeler une tasse"),
    ):
        page.goto(f"/artisans/{member_slug}/")
        page.get_by_role("button", name=f"Ajouter à mon séjour : {title}").click()
        page.get_by_text(f"« {title} » (1 pers.) a été ajouté à votre séjour.").wait_for()
    for query, name in (
        ("sapin", "Miel de sapin"),
        ("myrtilles", "Confiture de myrtilles"),
        ("nougat", "Nougat"),
    ):
        page.goto("/sejour/")
        page.get_by_label("Atelier, artisan, commune ou produit").fill(query)
        page.get_by_role("button", name="Chercher").click()
        page.get_by_role("button", name=f"Ajouter à mon séjour : {name}", exact=False).click()
        page.get_by_text("a été ajouté à votre séjour.", exact=False).first.wait_for()
    # 35 + 40 + 9,50 + 6,20 + 4,80
    assert "95,50" in page.content()

    # --- checkout, then the card ----------------------------------------------------------
    page.get_by_role("link", name="Valider mon séjour").click()
    page.get_by_label("Nom et prénom").fill("Léa O'Neil")
    page.get_by_label("E-mail").fill("lea@example.org")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_role("button", name="Réserver mon séjour").click()
    page.wait_for_url("**/paiements/payer/**")
    assert "95,50" in page.content()
    fill_card(page)
    page.get_by_role("button", name="Payer 95,50").click()
    page.wait_for_url("**/sejour/confirmation/**")
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.SUCCEEDED and payment.amount == Decimal("95.50")
    bookings = list(Booking.objects.order_by("price"))
    assert [b.status for b in bookings] == [Booking.Status.CONFIRMED] * 2
    content = page.content()
    assert "Payé en ligne par carte" in content and all(b.reference in content for b in bookings)

    # The invoice, from the confirmation page (a signed link to a PDF).
    invoice_link = page.locator("#payment-documents a").first
    assert "Facture" in invoice_link.inner_text()
    pdf = page.request.get(invoice_link.get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    # The confirmations carry the .ics of each workshop.
    attachments = [
        name for m in mail.outbox for name, _content, _type in m.attachments if name.endswith(".ics")
    ]
    assert {f"atelier-{b.reference}.ics" for b in bookings} <= set(attachments)

    # --- the visitor cancels the bowl within the policy and sees the refund ----------------
    bowl = bookings[0]
    page.get_by_role("link", name=f"Gérer cette réservation {bowl.reference}").click()
    ics = page.request.get(page.get_by_role("link", name="Ajouter à mon agenda (.ics)").get_attribute("href"))
    assert ics.ok and b"BEGIN:VCALENDAR" in ics.body()
    page.get_by_role("link", name="Annuler ma réservation…").click()
    assert "Vous serez remboursé·e de 35,00" in page.content()
    page.get_by_role("button", name="Oui, annuler ma réservation").click()
    page.get_by_text("Votre réservation est annulée.").wait_for()
    page.get_by_text("Remboursement de 35,00", exact=False).wait_for()
    refund = Refund.objects.get()
    assert refund.amount == Decimal("35.00") and refund.status == Refund.Status.SUCCEEDED

    # --- the potter sees the sale in the portal -------------------------------------------
    potter = Client()
    potter.force_login(MemberUserFactory(member=destination["clay"]))
    cup_booking = bookings[1]
    response = potter.get(reverse("workshops_portal:session_detail", args=[cup_booking.session.public_id]))
    session_page = html.unescape(response.content.decode())
    assert response.status_code == 200, session_page[:2000]
    assert cup_booking.reference in session_page and "Léa O'Neil" in session_page

    # --- a month later: statements closed, SEPA exported, payout in the portal ------------
    Payment.objects.filter(pk=payment.pk).update(paid_at=_a_month_ago(payment.paid_at))
    Refund.objects.filter(pk=refund.pk).update(created_at=_a_month_ago(refund.created_at))
    period = _a_month_ago(timezone.now()).date().replace(day=1)
    for member, iban in ((destination["wood"], IBAN_WOOD), (destination["clay"], IBAN_CLAY)):
        payout_services.member_bank_update(
            member=member, actor=staff_user, iban=iban, bic="", holder=member.name
        )
    statement_close_month(period=period, actor=staff_user)
    office = staff_client
    response = office.post(
        reverse("payouts_staff:sepa_create"),
        {"period": f"{period:%Y-%m}", "execution_date": timezone.localdate().isoformat()},
        follow=True,
    )
    assert response.status_code == 200
    export = SepaExport.objects.get()
    xml = office.get(reverse("payouts_staff:sepa_download", kwargs={"public_id": export.public_id})).content
    document = etree.fromstring(xml)
    assert _xsd().validate(document), _xsd().error_log
    assert IBAN_CLAY in xml.decode()  # the potter is paid
    assert IBAN_WOOD not in xml.decode()  # the turner's only seat was refunded: nothing to pay
    from payouts.models import Payout

    payout = Payout.objects.get(member=destination["clay"])
    assert payout.sepa_export == export and not Payout.objects.filter(member=destination["wood"]).exists()
    portal = html.unescape(potter.get(reverse("payouts_portal:home")).content.decode())
    assert payout.reference in portal and export.execution_date.strftime("%d/%m/%Y") in portal
