"""Demo of the relationship tool (idempotent): summer-2026 wood-turning visitors from near and
far, consenting or not, the segment « Tourneurs d'été 2026 venus d'ailleurs que l'Isère », a
draft off-season campaign with two workshops and the HIVER26 promo code, a duplicate pair,
newsletter sign-ups, stay-survey answers. Writes rows directly: loading sends no e-mail."""

from __future__ import annotations

import datetime

from django.utils import timezone

from network import services as network_services
from network.models import ConsentEvent, Contact, Craft, LegalBasis
from workshops.models import Booking, Session, Workshop
from workshops.services import GO_NO_GO_BEFORE, _store_seats_booked

from .models import Campaign, ContactProfile, NewsletterSignup, PromoCode, Segment, StaySurvey

SEGMENT_NAME = "Tourneurs d'été 2026 venus d'ailleurs que l'Isère"
CAMPAIGN_NAME = "L'hiver des artisans : -20 % sur les ateliers de janvier à mars"

# email, name, postcode, country, commune, consent (True / None = never / "withdrawn"), month, kind
VISITORS = [
    ("camille.roux@example.org", "Camille Roux", "69002", "FR", "Lyon", True, 7, "visitor"),
    ("hugo.bernard@example.org", "Hugo Bernard", "75011", "FR", "Paris", True, 7, "visitor"),
    ("lotte.peeters@example.be", "Lotte Peeters", "1000", "BE", "Bruxelles", True, 8, "visitor"),
    ("nina.faure@example.org", "Nina Faure", "13001", "FR", "Marseille", True, 8, "second_home"),
    ("jonas.weber@example.de", "Jonas Weber", "80331", "DE", "München", True, 7, "visitor"),
    ("malo.durand@gmailcom", "Malo Durand", "44000", "FR", "Nantes", True, 8, "visitor"),  # malformed
    ("ines.garnier@example.org", "Inès Garnier", "38000", "FR", "Grenoble", True, 7, "inhabitant"),
    ("paul.michel@example.org", "Paul Michel", "38500", "FR", "Voiron", True, 8, "inhabitant"),
    ("sarah.lemoine@example.org", "Sarah Lemoine", "44000", "FR", "Nantes", None, 7, "visitor"),
    ("theo.blanc@example.org", "Théo Blanc", "59000", "FR", "Lille", "withdrawn", 7, "visitor"),
    ("emma.robin@example.org", "Emma Robin", "33000", "FR", "Bordeaux", "withdrawn", 8, "visitor"),
    ("lucie.mercier@example.org", "Lucie Mercier", "31000", "FR", "Toulouse", True, 10, "visitor"),
]


def _session(workshop: Workshop, start: datetime.datetime) -> Session:
    session, _ = Session.objects.get_or_create(
        workshop=workshop,
        start=start,
        defaults={
            "end": start + datetime.timedelta(minutes=workshop.duration_minutes),
            "capacity": max(workshop.max_participants, 8),
            "go_no_go_at": start - GO_NO_GO_BEFORE,
            "status": Session.Status.CONFIRMED,
        },
    )
    return session


def load(stdout=None) -> None:
    tz = timezone.get_current_timezone()
    craft = Craft.objects.filter(slug="tournage-sur-bois").first()
    turning = Workshop.objects.filter(craft=craft, is_published=True).order_by("title")
    bowl = turning.filter(slug="tourner-son-premier-bol").first() or turning.first()
    if craft is None or bowl is None:
        return
    second = Workshop.objects.filter(is_published=True).exclude(pk=bowl.pk).order_by("title").first()
    sessions = {
        7: _session(bowl, datetime.datetime(2026, 7, 16, 10, tzinfo=tz)),
        8: _session(bowl, datetime.datetime(2026, 8, 20, 10, tzinfo=tz)),
        10: _session(bowl, datetime.datetime(2026, 10, 22, 10, tzinfo=tz)),
    }
    for i, (email, name, postcode, country, commune, consent, month, kind) in enumerate(VISITORS):
        session = sessions[month]
        Booking.objects.update_or_create(
            idempotency_key=f"crm-demo-{i}",
            defaults={
                "session": session,
                "name": name,
                "email": email,
                "phone": f"06 70 80 {i:02d} 1{i % 10}",
                "party_size": 1,
                "children": 0,
                "price": bowl.price,
                "status": Booking.Status.CONFIRMED,
                "consent_contact": consent is not None,
                "attendance": "present",
            },
        )
        contact = Contact.objects.filter(email=email).first()
        if contact is None:
            consented = consent is not None
            contact = Contact.objects.create(
                email=email,
                name=name,
                kind=kind,
                sources=["workshops.booking"],
                first_seen_at=session.start,
                last_seen_at=session.start,
                marketing_consent=consented,
                consent_given_at=session.start if consented else None,
                consent_source="workshops.booking" if consented else "",
                news_legal_basis=LegalBasis.CONSENT if consented else "",
            )
            if consented:
                ConsentEvent.objects.create(
                    contact=contact,
                    kind=ConsentEvent.Kind.GIVEN,
                    source="workshops.booking",
                    occurred_at=session.start,
                    legal_basis=LegalBasis.CONSENT,
                )
            if consent == "withdrawn":
                network_services.contact_withdraw_consent(contact=contact, source="network.unsubscribe")
        ContactProfile.objects.update_or_create(
            contact=contact,
            defaults={"postcode": postcode, "country": country, "commune": commune, "tags": ["tournage"]},
        )
    for session in sessions.values():
        _store_seats_booked(session)
    # A duplicate pair (same phone, two addresses) for the merge page.
    for email in ("marc.petit@example.org", "marc.petit.pro@example.org"):
        network_services.contact_record(
            email=email, name="Marc Petit", phone="+33 6 44 55 66 77", source="staff"
        )
    # Newsletter sign-ups: one confirmed (consent), one still waiting for its link.
    NewsletterSignup.objects.get_or_create(
        email="lettre.confirmee@example.org", defaults={"confirmed_at": timezone.now()}
    )
    network_services.contact_record(
        email="lettre.confirmee@example.org", source="relations.newsletter", consent=True
    )
    NewsletterSignup.objects.get_or_create(email="lettre.en.attente@example.org")
    elected = network_services.contact_record(
        email="maire@example.org", name="Mme la maire", source="staff", kind="elected"
    )
    ContactProfile.objects.update_or_create(
        contact=elected, defaults={"postcode": "38380", "commune": "Saint-Laurent-du-Pont", "tags": ["élus"]}
    )
    # Stay surveys answered.
    for i, (email, score) in enumerate(
        (("camille.roux@example.org", 10), ("hugo.bernard@example.org", 8), ("nina.faure@example.org", 6))
    ):
        StaySurvey.objects.update_or_create(
            email=email,
            stay_end=datetime.date(2026, 7 + i % 2, 18),
            defaults={
                "contact": Contact.objects.filter(email=email).first(),
                "sent_at": timezone.now() - datetime.timedelta(days=100),
                "answered_at": timezone.now() - datetime.timedelta(days=99),
                "score": score,
            },
        )
    segment, _ = Segment.objects.update_or_create(
        name=SEGMENT_NAME,
        defaults={
            "filters": {
                "purpose": "news",
                "crafts": [craft.pk],
                "season": "summer",
                "year": 2026,
                "departments_not_in": ["38"],
            }
        },
    )
    promo, _ = PromoCode.objects.update_or_create(
        code="HIVER26",
        defaults={
            "percent_off": 20,
            "valid_from": datetime.date(2027, 1, 4),
            "valid_until": datetime.date(2027, 3, 31),
            "is_active": True,
        },
    )
    chosen = [w for w in (bowl, second) if w is not None]
    promo.workshops.set(chosen)
    campaign, _ = Campaign.objects.get_or_create(
        name=CAMPAIGN_NAME,
        defaults={
            "subject": "L'hiver des artisans : revenez tourner le bois en Chartreuse",
            "intro": (
                "Bonjour,\n\nVous êtes venus tourner le bois avec nous cet été. Les artisans vous "
                "accueillent aussi l'hiver, en petits groupes, au chaud de l'atelier."
            ),
            "offer": "-20 % sur les séances du 4 janvier au 31 mars 2027 avec le code HIVER26.",
            "segment": segment,
            "promo_code": promo,
        },
    )
    if campaign.status == Campaign.Status.DRAFT:
        campaign.workshops.set(chosen)
        if chosen and not campaign.voucher_offer:
            # The gift-voucher block: « offer this workshop » links to buying a voucher for it.
            Campaign.objects.filter(pk=campaign.pk).update(voucher_offer=True, voucher_workshop=chosen[0])
    if stdout is not None:
        stdout.write(f"    relations: segment « {SEGMENT_NAME} », campagne brouillon, code HIVER26")
