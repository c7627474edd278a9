"""Demo invoices: a school's group booking paid on invoice (Factur-X, Chorus Pro ready) marked
paid, an association's invoice still due, and a credit note. Idempotent (one per reference)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from . import services, sources
from .models import Invoice

SCHOOL_BUYER = {
    "buyer_kind": Invoice.BuyerKind.PUBLIC,
    "buyer_name": "École élémentaire du Bourg",
    "buyer_address": "12 rue des Écoles",
    "buyer_postcode": "38380",
    "buyer_city": "Saint-Laurent-du-Pont",
    "buyer_email": "ce.0380001a@ac-grenoble.example",
    "buyer_siret": "21380407500017",
    "buyer_reference": "EJ-2026-00417",
}


def _school_booking(staff):
    from workshops import services as workshop_services
    from workshops.models import GroupRequest

    request = GroupRequest.objects.filter(group_type="school").order_by("pk").first()
    if request is None:
        return None
    if request.status == GroupRequest.Status.NEW:
        start = (timezone.now() + datetime.timedelta(days=21)).replace(
            hour=9, minute=30, second=0, microsecond=0
        )
        workshop_services.group_request_propose(
            group_request_id=request.pk, start=start, price_per_person=Decimal("15.00"), actor=staff
        )
        request.refresh_from_db()
    if request.status == GroupRequest.Status.PROPOSED:
        return workshop_services.group_request_accept(token=request.token, po_number="EJ-2026-00417")
    return request.booking


def load(stdout) -> None:
    from network.models import User

    staff = User.objects.filter(email="accueil@maillage.demo").first()
    booking = _school_booking(staff)
    if booking is not None:
        invoice = sources.booking_invoice_issue(booking=booking, buyer=SCHOOL_BUYER, actor=staff)
        services.invoice_mark_paid(invoice=invoice, method="mandat administratif", actor=staff)
    association = services.invoice_issue(
        buyer={
            "buyer_kind": Invoice.BuyerKind.BUSINESS,
            "buyer_name": "Comité des fêtes de Saint-Pierre",
            "buyer_address": "Place de l'Église",
            "buyer_postcode": "38380",
            "buyer_city": "Saint-Pierre-de-Chartreuse",
            "buyer_siret": "44306184100047",
        },
        lines=[
            services.LineInput(
                "Atelier vannerie — groupe de 10", Decimal("10"), Decimal("28.00"), Decimal("20")
            ),
            services.LineInput(
                "Paniers garnis de produits locaux", Decimal("4"), Decimal("32.50"), Decimal("5.5")
            ),
        ],
        reference_kind="demo",
        reference_id="comite-des-fetes",
        actor=staff,
    )
    if not association.credit_notes.exists():
        services.credit_note_issue(
            invoice=association,
            reason="Un panier garni non livré",
            quantities={association.lines.get(position=2).pk: Decimal("1")},
            actor=staff,
        )
    stdout.write(f"    {Invoice.objects.count()} factures et avoirs")
