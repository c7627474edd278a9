"""Campaigns: recipients fixed in one INSERT … SELECT, sent by Celery in batches with a rate
limit through Django's mail backend, each message with RFC 8058 one-click unsubscribe."""

from __future__ import annotations

import datetime
import logging
import time
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from common.audit import log_action
from common.emails import render_plain
from network.models import ConsentPurpose, Contact
from network.selectors import contact_reachable, office_main

from .. import exceptions as errors
from ..models import Campaign, CampaignRecipient, PromoCode
from ..selectors import segment_queryset

logger = logging.getLogger(__name__)
STALE_CLAIM = datetime.timedelta(minutes=15)


def campaign_create(
    *,
    actor,
    segment,
    name: str,
    subject: str,
    intro: str = "",
    offer: str = "",
    workshops=(),
    products=(),
    promo_code=None,
    voucher_offer: bool = False,
    voucher_workshop=None,
) -> Campaign:
    campaign = Campaign.objects.create(
        name=name,
        subject=subject,
        intro=intro,
        offer=offer,
        segment=segment,
        promo_code=promo_code,
        voucher_offer=voucher_offer or voucher_workshop is not None,
        voucher_workshop=voucher_workshop,
        created_by=actor,
    )
    campaign.workshops.set(workshops)
    campaign.products.set(products)
    log_action(actor, "relations.campaign.create", campaign)
    return campaign


def _workshop_blocks(campaign: Campaign) -> list[dict]:
    """Chosen workshops still published, with their next open dates and free seats (a deleted or
    unpublished workshop is simply absent)."""
    from workshops.models import Session

    now = timezone.now()
    blocks = []
    for workshop in campaign.workshops.filter(is_published=True).order_by("title"):
        sessions = Session.objects.filter(
            workshop=workshop, start__gt=now, status__in=("scheduled", "confirmed"), is_private=False
        ).order_by("start")[:3]
        blocks.append(
            {
                "title": workshop.title,
                "url": settings.SITE_URL + workshop.get_absolute_url(),
                "sessions": [(s.start, max(s.capacity - s.seats_booked, 0)) for s in sessions],
            }
        )
    return blocks


def _product_blocks(campaign: Campaign) -> list[dict]:
    return [
        {"name": p.name, "price": p.price} for p in campaign.products.filter(is_active=True).order_by("name")
    ]


def _voucher_block(campaign: Campaign) -> dict | None:
    """The gift-voucher offer: a link to buying a voucher, for the chosen workshop while it is
    published (otherwise a voucher of any amount)."""
    if not campaign.voucher_offer:
        return None
    url = settings.SITE_URL + reverse("vouchers:purchase")
    workshop = campaign.voucher_workshop
    if workshop is not None and workshop.is_published:
        return {"url": f"{url}?{urlencode({'atelier': workshop.slug})}", "workshop": workshop.title}
    return {"url": url, "workshop": ""}


def _context(campaign: Campaign, *, unsubscribe_url: str) -> dict:
    office = office_main()
    return {
        "campaign": campaign,
        "workshops": _workshop_blocks(campaign),
        "products": _product_blocks(campaign),
        "promo": campaign.promo_code if campaign.promo_code and campaign.promo_code.is_active else None,
        "voucher": _voucher_block(campaign),
        "office": office,
        "unsubscribe_url": unsubscribe_url,
        "SITE_URL": settings.SITE_URL,
    }


def campaign_render(
    campaign: Campaign, *, unsubscribe_url: str = "#", language: str = "fr"
) -> tuple[str, str, str]:
    """(subject, text, html) of the campaign for one recipient."""
    ctx = _context(campaign, unsubscribe_url=unsubscribe_url)
    with translation.override(language):
        text = render_plain("emails/relations/campaign_body.txt", ctx)
        html = render_to_string("emails/relations/campaign_body.html", ctx)
    return " ".join(campaign.subject.splitlines()), text, html


def _from_email() -> str:
    from email.utils import formataddr, parseaddr

    office = office_main()
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((office.name or _name, address))


def campaign_build_message(
    campaign: Campaign, *, email: str, contact: Contact | None, context_cache: dict | None = None
) -> EmailMultiAlternatives:
    token = contact.unsubscribe_token if contact else ""
    one_click = settings.SITE_URL + reverse("relations:one_click", kwargs={"token": token}) if token else ""
    subject, text, html = campaign_render(
        campaign, unsubscribe_url=one_click or "#", language=contact.language if contact else "fr"
    )
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=_from_email(), to=[email])
    message.attach_alternative(html, "text/html")
    if one_click:
        # RFC 8058: the link alone (https) + the one-click POST marker; RFC 2369 angle brackets.
        message.extra_headers["List-Unsubscribe"] = f"<{one_click}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.extra_headers["List-Id"] = f"{campaign.public_id}.campagnes.maillage"
    return message


def campaign_send_test(*, campaign: Campaign, to: str, actor) -> None:
    validate_email(to)
    message = campaign_build_message(campaign, email=to, contact=None)
    message.subject = "[TEST] " + message.subject
    message.send()
    log_action(actor, "relations.campaign.test", campaign, to=to)


def campaign_start(*, campaign: Campaign, actor=None, at: datetime.datetime | None = None) -> int:
    """Fix the recipients (one INSERT … SELECT, flat memory) and queue the send.

    With ``at`` in the future the campaign is only scheduled (``campaign_start_due`` starts it).
    Raises ``CampaignEmptySegment``, ``CampaignNotDraft``.
    """
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status not in (Campaign.Status.DRAFT, Campaign.Status.SCHEDULED):
            raise errors.CampaignNotDraft
        user = locked.created_by if actor is None else actor
        recipients = segment_queryset(locked.segment.filters, user=user)
        if not recipients.exists():
            raise errors.CampaignEmptySegment
        if at is not None and at > timezone.now():
            locked.status = Campaign.Status.SCHEDULED
            locked.scheduled_at = at
            locked.save(update_fields=["status", "scheduled_at"])
            log_action(actor, "relations.campaign.schedule", locked, at=at.isoformat())
            return 0
        sql, params = recipients.order_by().values("id", "email").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {CampaignRecipient._meta.db_table} "
                "(campaign_id, contact_id, email, status, reason) "
                f"SELECT %s, c.id, c.email, 'queued', '' FROM ({sql}) AS c "
                "ON CONFLICT (campaign_id, email) DO NOTHING",
                [locked.pk, *params],
            )
            count = cursor.rowcount
        locked.status = Campaign.Status.SENDING
        locked.started_at = timezone.now()
        locked.save(update_fields=["status", "started_at"])
        log_action(actor, "relations.campaign.start", locked, recipients=count)
    from ..tasks import send_campaign

    transaction.on_commit(lambda: send_campaign.delay(campaign.pk))
    return count


def campaign_start_due() -> int:
    started = 0
    for campaign in Campaign.objects.filter(
        status=Campaign.Status.SCHEDULED, scheduled_at__lte=timezone.now()
    ):
        try:
            campaign_start(campaign=campaign, actor=None)
            started += 1
        except errors.RelationsError:
            logger.warning("Scheduled campaign %s could not start", campaign.pk)
    return started


def _claim(campaign_id: int, size: int) -> list[CampaignRecipient]:
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            CampaignRecipient.objects.select_for_update(skip_locked=True)
            .filter(campaign_id=campaign_id)
            .filter(models_q_queued_or_stale(now))
            .order_by("id")[:size]
        )
        CampaignRecipient.objects.filter(pk__in=[r.pk for r in rows]).update(
            status=CampaignRecipient.Status.CLAIMED, claimed_at=now
        )
    return rows


def models_q_queued_or_stale(now):
    from django.db.models import Q

    return Q(status=CampaignRecipient.Status.QUEUED) | Q(
        status=CampaignRecipient.Status.CLAIMED, claimed_at__lt=now - STALE_CLAIM
    )


def campaign_send_batch(*, campaign_id: int, batch_size: int | None = None) -> int:
    """Send one batch over one connection of the mail backend; returns how many were handled
    (0 = nothing left: the campaign is marked sent). Consent and deliverability are checked
    again now: someone who unsubscribed after the queueing gets nothing. On a server error the
    unsent rows of the batch go back to the queue and the error propagates (the task retries)."""
    size = batch_size or settings.RELATIONS_CAMPAIGN_BATCH_SIZE
    rate = float(settings.RELATIONS_CAMPAIGN_RATE_PER_SECOND)
    campaign = Campaign.objects.select_related("segment", "promo_code", "voucher_workshop").get(
        pk=campaign_id
    )
    rows = _claim(campaign_id, size)
    if not rows:
        if not CampaignRecipient.objects.filter(
            campaign_id=campaign_id, status=CampaignRecipient.Status.CLAIMED
        ).exists():
            Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).update(
                status=Campaign.Status.SENT, finished_at=timezone.now()
            )
        return 0
    reachable = set(
        contact_reachable(purpose=ConsentPurpose.NEWS)
        .filter(pk__in=[r.contact_id for r in rows if r.contact_id])
        .values_list("pk", flat=True)
    )
    contacts = Contact.objects.in_bulk([r.contact_id for r in rows if r.contact_id])
    mail = get_connection()
    mail.open()
    pending = list(rows)
    try:
        for row in rows:
            started = time.monotonic()
            reason = ""
            try:
                validate_email(row.email)
            except ValidationError:
                reason = "adresse mal formée"
            if not reason and row.contact_id not in reachable:
                reason = "désinscrit ou non distribuable depuis la mise en file"
            if reason:
                CampaignRecipient.objects.filter(pk=row.pk).update(
                    status=CampaignRecipient.Status.SKIPPED, reason=reason
                )
                pending.remove(row)
                continue
            message = campaign_build_message(campaign, email=row.email, contact=contacts.get(row.contact_id))
            message.connection = mail
            message.send()
            CampaignRecipient.objects.filter(pk=row.pk).update(
                status=CampaignRecipient.Status.SENT, sent_at=timezone.now()
            )
            pending.remove(row)
            if rate > 0:
                wait = 1.0 / rate - (time.monotonic() - started)
                if wait > 0:
                    time.sleep(wait)
    finally:
        if pending:
            CampaignRecipient.objects.filter(
                pk__in=[r.pk for r in pending], status=CampaignRecipient.Status.CLAIMED
            ).update(status=CampaignRecipient.Status.QUEUED, claimed_at=None)
        try:
            mail.close()
        except Exception:  # noqa: BLE001 - closing a broken connection
            logger.warning("SMTP close failed", exc_info=True)
    return len(rows)


# --- Promo codes (off-season offers) ---------------------------------------------------


def promo_code_apply(*, code: str, session, price: Decimal) -> tuple[PromoCode, Decimal]:
    """The price after the promo ``code`` for ``session`` (server side, at booking).

    Raises ``PromoCodeInvalid`` when the code is unknown, inactive, outside its dates or not for
    this workshop."""
    code = (code or "").strip().upper()
    promo = PromoCode.objects.filter(code=code, is_active=True).first()
    if promo is None:
        raise errors.PromoCodeInvalid
    day = timezone.localtime(session.start).date()
    if not (promo.valid_from <= day <= promo.valid_until):
        raise errors.PromoCodeInvalid
    if promo.workshops.exists() and not promo.workshops.filter(pk=session.workshop_id).exists():
        raise errors.PromoCodeInvalid
    reduced = (price * (100 - promo.percent_off) / Decimal(100)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return promo, reduced
