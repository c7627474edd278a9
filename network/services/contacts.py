"""Contacts and consent: what bookings, orders and forms tell the network about people."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.audit import log_action

from ..exceptions import (
    ContactEmailInvalid,
    ContactKindInvalid,
)
from ..models import (
    ConsentEvent,
    ConsentPurpose,
    Contact,
    LegalBasis,
    User,
)
from .common import (
    logger,
)

# --- Contacts and consent --------------------------------------------------------------


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ContactEmailInvalid from None
    return email


def _record_consent_event(
    *,
    contact: Contact,
    kind: str,
    source: str,
    ip_address: str | None,
    actor: User | None,
    at: datetime.datetime,
    purpose: str = ConsentPurpose.NEWS,
    legal_basis: str = "",
) -> None:
    ConsentEvent.objects.create(
        contact=contact,
        kind=kind,
        source=source,
        ip_address=ip_address,
        actor=actor,
        occurred_at=at,
        purpose=purpose,
        legal_basis=legal_basis,
    )
    log_action(actor, f"network.contact.consent_{kind}", contact, source=source)


def contact_record_after_commit(**kwargs) -> None:
    """``contact_record`` once the caller's transaction has committed (bookings, orders).

    Recording the contact is not part of the sale: done after commit it takes no lock while
    seats or stock rows are held (no lock-order coupling between apps), and a failure is
    logged without undoing the booking or the order.
    """

    def _record() -> None:
        try:
            contact_record(**kwargs)
        except Exception:  # noqa: BLE001 - logged; the booking or order stands
            logger.exception("Could not record the contact from %s", kwargs.get("source"))

    transaction.on_commit(_record)


def contact_record(
    *,
    email: str,
    name: str = "",
    phone: str = "",
    language: str = "",
    source: str,
    consent: bool | None = None,
    kind: str | None = None,
    ip_address: str | None = None,
    actor: User | None = None,
    legal_basis: str = LegalBasis.CONSENT,
) -> Contact:
    """Create or update the contact for ``email`` (idempotent upsert) and note ``source``.

    ``consent=True`` records a given consent; ``False`` or ``None`` never withdraw one (only
    ``contact_withdraw_consent`` does). Empty details (name, phone, language — French when
    never given) keep the known ones, so an order without a language does not undo a choice.
    Raises ``ContactEmailInvalid``, ``ContactKindInvalid``.
    Safe inside the caller's transaction (booking, order): it only takes a savepoint.
    """
    email = _normalise_email(email)
    if kind is not None and kind not in Contact.Kind.values:
        raise ContactKindInvalid
    source = source.strip()[:40]
    now = timezone.now()
    with transaction.atomic():
        contact = Contact.objects.select_for_update().filter(email=email).first()
        if contact is None:
            try:
                # Savepoint: two first bookings with the same address at once → one row, the
                # loser of the race reads and updates it.
                with transaction.atomic():
                    contact = Contact.objects.create(
                        email=email,
                        name=name.strip()[:160],
                        phone=phone.strip()[:30],
                        language=language or "fr",
                        kind=kind or Contact.Kind.VISITOR,
                        first_seen_at=now,
                        last_seen_at=now,
                        sources=[source],
                    )
            except IntegrityError:
                contact = Contact.objects.select_for_update().get(email=email)
        changed: set[str] = set()
        # The latest non-empty details win: people correct their name or phone when they book.
        for field, value in (
            ("name", name.strip()[:160]),
            ("phone", phone.strip()[:30]),
            ("language", language or ""),
        ):
            if value and getattr(contact, field) != value:
                setattr(contact, field, value)
                changed.add(field)
        if kind and contact.kind != kind:
            contact.kind = kind
            changed.add("kind")
        if source not in contact.sources:
            contact.sources = [*contact.sources, source]
            changed.add("sources")
        if contact.last_seen_at < now:
            contact.last_seen_at = now
            changed.add("last_seen_at")
        if consent is True and not contact.marketing_consent:
            contact.marketing_consent = True
            contact.consent_given_at = now
            contact.consent_source = source
            contact.consent_withdrawn_at = None
            contact.news_legal_basis = legal_basis
            changed.update(
                {
                    "marketing_consent",
                    "consent_given_at",
                    "consent_source",
                    "consent_withdrawn_at",
                    "news_legal_basis",
                }
            )
            _record_consent_event(
                contact=contact,
                kind=ConsentEvent.Kind.GIVEN,
                source=source,
                ip_address=ip_address,
                actor=actor,
                at=now,
                legal_basis=legal_basis,
            )
        if changed:
            contact.save(update_fields=sorted(changed))
    return contact


def contact_withdraw_consent(
    *,
    source: str,
    token: str | None = None,
    contact: Contact | None = None,
    ip_address: str | None = None,
    actor: User | None = None,
    purpose: str = ConsentPurpose.NEWS,
) -> Contact:
    """Withdraw consent for ``purpose`` (unsubscribe link, staff, admin, complaint). Idempotent.

    A contact who never consented is recorded as opposed too, so the office can show it.
    Raises ``Contact.DoesNotExist`` for an unknown token.
    """
    if (token is None) == (contact is None):
        raise ValueError("give exactly one of token or contact")
    with transaction.atomic():
        queryset = Contact.objects.select_for_update()
        by: dict[str, object] = {"pk": contact.pk} if contact is not None else {"unsubscribe_token": token}
        locked = queryset.get(**by)
        if purpose == ConsentPurpose.SURVEYS:
            if locked.surveys_opt_out_at is None:
                locked.surveys_opt_out_at = timezone.now()
                locked.save(update_fields=["surveys_opt_out_at"])
                _record_consent_event(
                    contact=locked,
                    kind=ConsentEvent.Kind.WITHDRAWN,
                    source=source.strip()[:40],
                    ip_address=ip_address,
                    actor=actor,
                    at=locked.surveys_opt_out_at,
                    purpose=ConsentPurpose.SURVEYS,
                    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
                )
            return locked
        if not locked.marketing_consent and locked.consent_withdrawn_at is not None:
            return locked
        now = timezone.now()
        locked.marketing_consent = False
        locked.consent_withdrawn_at = now
        locked.save(update_fields=["marketing_consent", "consent_withdrawn_at"])
        _record_consent_event(
            contact=locked,
            kind=ConsentEvent.Kind.WITHDRAWN,
            source=source.strip()[:40],
            ip_address=ip_address,
            actor=actor,
            at=now,
        )
    return locked
