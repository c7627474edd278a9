"""Retention (CNIL rule for prospects): contacts with no activity for 3 years are anonymised,
staff warned a month beforehand; a contact seen again since the warning is kept."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from network.models import Contact

from ..models import RetentionNotice

WARNING_AHEAD = datetime.timedelta(days=30)


def _limit() -> datetime.timedelta:
    return datetime.timedelta(days=365 * settings.RELATIONS_RETENTION_YEARS)


def retention_run(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """(warned, anonymised). Warns staff about contacts reaching the limit within a month;
    anonymises those past the limit that were warned at least a month ago."""
    from ..gdpr import personal_data_erase

    now = now or timezone.now()
    limit = _limit()
    due_soon = Contact.objects.filter(last_seen_at__lt=now - limit + WARNING_AHEAD).exclude(
        email__endswith="@anonyme.invalid"
    )
    # A contact seen again since its warning starts over.
    RetentionNotice.objects.filter(contact__last_seen_at__gt=now - limit + WARNING_AHEAD).delete()
    new = list(due_soon.exclude(pk__in=RetentionNotice.objects.values("contact_id")).order_by("email")[:5000])
    if new:
        RetentionNotice.objects.bulk_create([RetentionNotice(contact=c, warned_at=now) for c in new])
        if settings.STAFF_NOTIFICATION_EMAILS:
            lines = "\n".join(f"- {c.email} (dernier contact {c.last_seen_at:%d/%m/%Y})" for c in new)
            send_mail(
                subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{len(new)} contact(s) bientôt anonymisé(s)",
                message=(
                    "Ces contacts n'ont eu aucune activité depuis près de "
                    f"{settings.RELATIONS_RETENTION_YEARS} ans : ils seront anonymisés dans un mois "
                    "s'ils ne reviennent pas.\n\n" + lines
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=settings.STAFF_NOTIFICATION_EMAILS,
            )
    erased = 0
    expired = Contact.objects.filter(
        last_seen_at__lt=now - limit,
        pk__in=RetentionNotice.objects.filter(warned_at__lte=now - WARNING_AHEAD).values("contact_id"),
    ).exclude(email__endswith="@anonyme.invalid")
    for contact in expired.iterator(chunk_size=200):
        personal_data_erase(email=contact.email, actor=None)
        erased += 1
    return len(new), erased
