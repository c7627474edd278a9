"""The contact file: profiles, duplicates and merges, newsletter double opt-in, bounces."""

from __future__ import annotations

import datetime
import re

from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import Lower
from django.utils import timezone

from common.audit import log_action
from common.emails import send_templated_email
from network import services as network_services
from network.models import ConsentEvent, ConsentPurpose, Contact, LegalBasis

from .. import exceptions as errors
from ..models import CampaignRecipient, ContactMerge, ContactProfile, NewsletterSignup

SIGNUP_VALID = datetime.timedelta(days=7)


def contact_profile_save(*, contact: Contact, actor, **fields) -> ContactProfile:
    profile, _created = ContactProfile.objects.get_or_create(contact=contact)
    for name in ("postcode", "commune", "country", "notes"):
        if name in fields:
            setattr(profile, name, (fields[name] or "").strip())
    if "tags" in fields:
        profile.tags = sorted({t.strip()[:40] for t in fields["tags"] if t and t.strip()})
    profile.country = (profile.country or "FR").upper()[:2]
    profile.save()
    contact_fields = {k: fields[k] for k in ("kind", "language", "name", "phone") if fields.get(k)}
    if contact_fields:
        Contact.objects.filter(pk=contact.pk).update(**contact_fields)
    log_action(actor, "relations.contact.profile", contact)
    return profile


def _phone_digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def duplicate_suggestions(*, limit: int = 50) -> list[tuple[Contact, Contact, str]]:
    """Pairs that look like one person: same phone (digits, +33 = 0) or same name + postcode."""
    pairs: list[tuple[Contact, Contact, str]] = []
    by_phone: dict[str, Contact] = {}
    for contact in Contact.objects.exclude(phone="").order_by("id").iterator(chunk_size=2000):
        key = _phone_digits(contact.phone)
        if len(key) < 9:
            continue
        if key in by_phone:
            pairs.append((by_phone[key], contact, "phone"))
            if len(pairs) >= limit:
                return pairs
        else:
            by_phone[key] = contact
    same_name = (
        ContactProfile.objects.exclude(postcode="")
        .exclude(contact__name="")
        .values(n=Lower("contact__name"), p=F("postcode"))
        .annotate(c=Count("id"))
        .filter(c__gt=1)[:limit]
    )
    for group in same_name:
        found = list(
            Contact.objects.filter(name__iexact=group["n"], profile__postcode=group["p"]).order_by("id")[:2]
        )
        if len(found) == 2:
            pairs.append((found[0], found[1], "name_postcode"))
    return pairs[:limit]


def contact_merge(*, kept: Contact, merged: Contact, actor) -> Contact:
    """Merge ``merged`` into ``kept``: consent history moves, the latest choice wins, details
    missing on ``kept`` are filled, a snapshot of ``merged`` is kept, then it is deleted."""
    if kept.pk == merged.pk:
        raise errors.MergeSameContact
    with transaction.atomic():
        kept = Contact.objects.select_for_update().get(pk=kept.pk)
        merged = Contact.objects.select_for_update().get(pk=merged.pk)
        snapshot = {
            "email": merged.email,
            "name": merged.name,
            "phone": merged.phone,
            "kind": merged.kind,
            "language": merged.language,
            "sources": merged.sources,
            "marketing_consent": merged.marketing_consent,
            "first_seen_at": merged.first_seen_at.isoformat(),
            "last_seen_at": merged.last_seen_at.isoformat(),
        }
        ConsentEvent.objects.filter(contact=merged).update(contact=kept)
        latest = (
            ConsentEvent.objects.filter(contact=kept, purpose=ConsentPurpose.NEWS)
            .order_by("-occurred_at")
            .first()
        )
        if latest is not None:
            if latest.kind == ConsentEvent.Kind.GIVEN:
                kept.marketing_consent = True
                kept.consent_given_at = latest.occurred_at
                kept.consent_source = latest.source
                kept.consent_withdrawn_at = None
                kept.news_legal_basis = latest.legal_basis or LegalBasis.CONSENT
            else:
                kept.marketing_consent = False
                kept.consent_withdrawn_at = latest.occurred_at
        for field in ("name", "phone"):
            if not getattr(kept, field) and getattr(merged, field):
                setattr(kept, field, getattr(merged, field))
        kept.sources = sorted(set(kept.sources) | set(merged.sources))
        kept.first_seen_at = min(kept.first_seen_at, merged.first_seen_at)
        kept.last_seen_at = max(kept.last_seen_at, merged.last_seen_at)
        kept.surveys_opt_out_at = kept.surveys_opt_out_at or merged.surveys_opt_out_at
        kept.undeliverable_at = kept.undeliverable_at or merged.undeliverable_at
        kept.save()
        CampaignRecipient.objects.filter(contact=merged).update(contact=kept)
        ContactMerge.objects.filter(kept=merged).update(kept=kept)
        ContactMerge.objects.create(kept=kept, merged_email=merged.email, snapshot=snapshot, actor=actor)
        merged.delete()
        log_action(actor, "relations.contact.merge", kept, merged=snapshot["email"])
    return kept


def contact_mark_undeliverable(*, email: str, reason: str, complaint: bool = False) -> Contact | None:
    """A hard bounce or a complaint reported by the sending service: never written to again;
    a complaint also withdraws the consent."""
    contact = Contact.objects.filter(email=(email or "").strip().lower()).first()
    if contact is None:
        return None
    Contact.objects.filter(pk=contact.pk, undeliverable_at__isnull=True).update(
        undeliverable_at=timezone.now(), undeliverable_reason=reason[:80]
    )
    if complaint:
        network_services.contact_withdraw_consent(contact=contact, source="relations.complaint")
    return contact


def newsletter_signup(*, email: str, language: str = "fr", ip_address: str | None = None) -> NewsletterSignup:
    """Record the wish and send the confirmation link; nothing is subscribed yet (double opt-in).
    Raises ``network.exceptions.ContactEmailInvalid``."""
    email = network_services._normalise_email(email)
    signup = NewsletterSignup.objects.create(email=email, language=language or "fr", ip_address=ip_address)
    send_templated_email(
        template="relations/newsletter_confirm",
        to=[email],
        context={"signup": signup},
        language=signup.language,
    )
    return signup


def newsletter_confirm(*, token: str, ip_address: str | None = None) -> Contact | None:
    """The link was followed and the button pressed: consent is given (explicit, with source and
    time). Returns None for an expired or unknown link."""
    with transaction.atomic():
        signup = NewsletterSignup.objects.select_for_update().filter(token=token).first()
        if signup is None or timezone.now() - signup.created_at > SIGNUP_VALID:
            return None
        if signup.confirmed_at is None:
            signup.confirmed_at = timezone.now()
            signup.save(update_fields=["confirmed_at"])
        return network_services.contact_record(
            email=signup.email,
            language=signup.language,
            source="relations.newsletter",
            consent=True,
            ip_address=ip_address,
            legal_basis=LegalBasis.CONSENT,
        )


def segment_save(*, segment, name: str, filters: dict, actor):
    from ..models import Segment

    if segment is None:
        segment = Segment(created_by=actor)
    segment.name = name.strip()[:160]
    segment.filters = filters
    segment.save()
    log_action(actor, "relations.segment.save", segment)
    return segment


# --- The office's satisfaction survey after a stay -------------------------------------


def stay_surveys_send(*, today: datetime.date | None = None, stay_gap_days: int = 2) -> int:
    """Ask visitors whose stay ended (last workshop booked ``stay_gap_days`` ago, nothing after)
    how their stay went: once per stay, only if the registry allows surveys, with the opt-out
    link in the message."""
    from django.db.models import Max

    from network.models import ConsentPurpose
    from network.selectors import contact_reachable
    from workshops.models import ACTIVE_BOOKING_STATUSES, Booking

    from ..models import StaySurvey

    today = today or timezone.localdate()
    stay_end = today - datetime.timedelta(days=stay_gap_days)
    ended = (
        Booking.objects.filter(status__in=ACTIVE_BOOKING_STATUSES)
        .values("email")
        .annotate(last=Max("session__start__date"))
        .filter(last=stay_end)
        .values("email")
    )
    sent = 0
    reachable = contact_reachable(purpose=ConsentPurpose.SURVEYS).filter(email__in=ended)
    for contact in reachable.iterator(chunk_size=500):
        survey, created = StaySurvey.objects.get_or_create(
            email=contact.email, stay_end=stay_end, defaults={"contact": contact}
        )
        if not created or survey.sent_at:
            continue
        send_templated_email(
            template="relations/stay_survey",
            to=[contact.email],
            context={"survey": survey, "contact": contact},
            language=contact.language,
        )
        StaySurvey.objects.filter(pk=survey.pk).update(sent_at=timezone.now())
        sent += 1
    return sent


def stay_survey_answer(*, survey, score: int, comment: str = ""):
    from ..models import StaySurvey

    with transaction.atomic():
        locked = StaySurvey.objects.select_for_update().get(pk=survey.pk)
        locked.score = max(0, min(10, int(score)))
        locked.comment = comment.strip()[:2000]
        locked.answered_at = timezone.now()
        locked.save(update_fields=["score", "comment", "answered_at"])
    return locked
