"""Celery tasks of the workshops app: ids in, safe to run twice, bounded retries.

Each email is sent at most once per (kind, object): a ``NotificationLog`` row is written
first (unique key) and removed again if sending fails, so the retry can send it.
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable
from decimal import Decimal

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from common.emails import send_once, send_templated_email

from . import selectors, services
from .ics import booking_ics
from .models import (
    ACTIVE_BOOKING_STATUSES,
    Booking,
    GroupRequest,
    Review,
    Session,
    WaitlistEntry,
)

logger = logging.getLogger(__name__)

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5}
BATCH = 200


def _send_once(key: str, send: Callable[[], None]) -> bool:
    return send_once(key, send)


def _email(*, template: str, to: list[str], context: dict, **kwargs) -> None:
    send_templated_email(
        template=template, to=to, context={"OFFICE_NAME": settings.OFFICE_NAME, **context}, **kwargs
    )


def _url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _booking(booking_id: int) -> Booking | None:
    return (
        Booking.objects.select_related("session__workshop__member", "session__workshop__commune")
        .filter(pk=booking_id)
        .first()
    )


def _artisan_recipients(member, *, also: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """The member's addresses grouped by language: each account in its own language; the
    member's contact address in that of the account sharing it, else the site's; ``also``
    (staff addresses) in the site's."""
    default = settings.LANGUAGE_CODE
    accounts = {
        u.email.lower(): u.language or default for u in member.users.filter(is_active=True) if u.email
    }
    groups: dict[str, list[str]] = {}
    seen: set[str] = set()
    candidates = [(member.email, None), *accounts.items(), *((email, default) for email in also)]
    for email, language in candidates:
        if not email or email.lower() in seen:
            continue
        seen.add(email.lower())
        language = language or accounts.get(email.lower(), default)
        groups.setdefault(language, []).append(email)
    return groups


def _email_artisans(member, *, key: str, template: str, context: dict, also: tuple[str, ...] = ()) -> None:
    """One email per language of the member's recipients, each sent once."""
    for language, to in _artisan_recipients(member, also=also).items():
        _send_once(
            f"{key}:{language}",
            functools.partial(_email, template=template, to=to, context=context, language=language),
        )


def _booking_context(booking: Booking) -> dict:
    session = booking.session
    return {
        "paid_online": selectors.booking_paid_online(booking),
        "voucher_paid": selectors.booking_voucher_paid(booking),
        "booking": booking,
        "session": session,
        "workshop": session.workshop,
        "member": session.workshop.member,
        "manage_url": _url(booking.get_manage_url()),
        "workshop_url": _url(session.workshop.get_absolute_url()),
    }


@shared_task(**RETRY)
def send_booking_confirmation(booking_id: int) -> None:
    booking = _booking(booking_id)
    if booking is None or not booking.is_active:
        return

    def send():
        _email(
            template="workshops/booking_confirmation",
            to=[booking.email],
            context=_booking_context(booking),
            language=booking.language,
            attachments=[(f"atelier-{booking.reference}.ics", booking_ics(booking), "text/calendar")],
        )
        Booking.objects.filter(pk=booking.pk).update(confirmation_sent_at=timezone.now())

    _send_once(f"booking-confirmation:{booking_id}", send)


@shared_task(**RETRY)
def notify_artisan_new_booking(booking_id: int) -> None:
    booking = _booking(booking_id)
    if booking is None:
        return
    ctx = _booking_context(booking)
    ctx["portal_url"] = _url(
        reverse("workshops_portal:session_detail", kwargs={"public_id": booking.session.public_id})
    )
    _email_artisans(
        booking.session.workshop.member,
        key=f"booking-artisan:{booking_id}",
        template="workshops/artisan_new_booking",
        context=ctx,
    )


@shared_task(**RETRY)
def send_booking_cancelled(booking_id: int) -> None:
    booking = _booking(booking_id)
    if booking is None or booking.is_active:
        return
    session = booking.session
    ctx = _booking_context(booking)
    ctx["session_cancelled"] = session.is_cancelled
    ctx["other_sessions"] = list(
        selectors.session_other_dates(member=session.workshop.member, exclude_session=session)[:5]
    )
    _send_once(
        f"booking-cancelled:{booking_id}",
        lambda: _email(
            template="workshops/booking_cancelled",
            to=[booking.email],
            context=ctx,
            language=booking.language,
            # METHOD:CANCEL with the confirmation's UID: calendars remove the event.
            attachments=[(f"atelier-{booking.reference}-annule.ics", booking_ics(booking), "text/calendar")],
        ),
    )


def _artisan_session_context(booking: Booking) -> dict:
    session = booking.session
    ctx = _booking_context(booking)
    ctx["seats_free"] = max(session.capacity - session.seats_booked, 0)
    ctx["waitlist_count"] = session.waitlist.filter(status=WaitlistEntry.Status.WAITING).count()
    ctx["portal_url"] = _url(
        reverse("workshops_portal:session_detail", kwargs={"public_id": session.public_id})
    )
    return ctx


@shared_task(**RETRY)
def notify_artisan_booking_cancelled(booking_id: int, refunded: str = "0") -> None:
    """The artisan learns that a visitor (or the desk) cancelled: which session, seats now free,
    what the visitor got back (``refunded``, card and gift voucher together, by the workshop's
    cancellation terms) and, for seats paid online, what the artisan keeps.

    Not sent when the whole session was cancelled: the artisan (or the go/no-go rule) did that.
    """
    booking = _booking(booking_id)
    if booking is None or booking.is_active or booking.session.is_cancelled:
        return
    ctx = _artisan_session_context(booking)
    given = Decimal(refunded or "0")
    ctx["refunded"] = given
    if selectors.booking_paid_online(booking):
        ctx["paid_online_amount"] = booking.price
        ctx["kept"] = max(booking.price - given, Decimal("0.00"))
    _email_artisans(
        booking.session.workshop.member,
        key=f"booking-artisan-cancelled:{booking_id}",
        template="workshops/artisan_booking_cancelled",
        context=ctx,
    )


@shared_task(**RETRY)
def notify_artisan_booking_changed(booking_id: int, before: int, after: int) -> None:
    """The artisan learns that a booking now counts ``after`` people instead of ``before``."""
    booking = _booking(booking_id)
    if booking is None or not booking.is_active or booking.party_size != after:
        return  # superseded by a later change or a cancellation, which have their own e-mails
    ctx = _artisan_session_context(booking)
    ctx.update(before=before, after=after)
    _email_artisans(
        booking.session.workshop.member,
        key=f"booking-artisan-changed:{booking_id}:{after}:{booking.updated_at.timestamp()}",
        template="workshops/artisan_booking_changed",
        context=ctx,
    )


@shared_task(**RETRY)
def send_booking_changed(booking_id: int, party_size: int) -> None:
    booking = _booking(booking_id)
    if booking is None or not booking.is_active or booking.party_size != party_size:
        return  # a later change supersedes this one; its own email says the final number
    _send_once(
        f"booking-changed:{booking_id}:{party_size}:{booking.updated_at.timestamp()}",
        lambda: _email(
            template="workshops/booking_changed",
            to=[booking.email],
            context=_booking_context(booking),
            language=booking.language,
            attachments=[(f"atelier-{booking.reference}.ics", booking_ics(booking), "text/calendar")],
        ),
    )


@shared_task(**RETRY)
def send_reminder(booking_id: int) -> None:
    booking = _booking(booking_id)
    if booking is None or not booking.is_active or booking.session.is_cancelled:
        return
    _send_once(
        f"booking-reminder:{booking_id}",
        lambda: _email(
            template="workshops/booking_reminder",
            to=[booking.email],
            context=_booking_context(booking),
            language=booking.language,
        ),
    )


@shared_task(**RETRY)
def send_survey(booking_id: int) -> None:
    booking = _booking(booking_id)
    if booking is None or not booking.is_active:
        return
    ctx = _booking_context(booking)
    ctx["survey_url"] = _url(reverse("workshops:review", kwargs={"token": booking.manage_token}))
    _send_once(
        f"booking-survey:{booking_id}",
        lambda: _email(
            template="workshops/survey", to=[booking.email], context=ctx, language=booking.language
        ),
    )


@shared_task(**RETRY)
def offer_waitlist_seats(session_id: int) -> None:
    services.waitlist_offer_next(session_id=session_id)


@shared_task(**RETRY)
def send_waitlist_offer(entry_id: int) -> None:
    entry = WaitlistEntry.objects.select_related("session__workshop").filter(pk=entry_id).first()
    if entry is None or entry.status != WaitlistEntry.Status.OFFERED or entry.offered_at is None:
        return
    ctx = {
        "entry": entry,
        "session": entry.session,
        "workshop": entry.session.workshop,
        "claim_url": _url(reverse("workshops:waitlist_claim", kwargs={"token": entry.token})),
    }
    _send_once(
        f"waitlist-offer:{entry_id}:{entry.offered_at.timestamp()}",
        lambda: _email(
            template="workshops/waitlist_offer", to=[entry.email], context=ctx, language=entry.language
        ),
    )


@shared_task(**RETRY)
def send_waitlist_joined(entry_id: int) -> None:
    """Acknowledge a waitlist entry: the visitor knows they are on it and what happens next."""
    entry = WaitlistEntry.objects.select_related("session__workshop__member").filter(pk=entry_id).first()
    if entry is None:
        return
    session = entry.session
    ctx = {
        "entry": entry,
        "session": session,
        "workshop": session.workshop,
        "workshop_url": _url(session.workshop.get_absolute_url()),
    }
    _send_once(
        f"waitlist-joined:{entry_id}",
        lambda: _email(
            template="workshops/waitlist_joined", to=[entry.email], context=ctx, language=entry.language
        ),
    )


@shared_task(**RETRY)
def send_waitlist_session_cancelled(entry_id: int) -> None:
    entry = WaitlistEntry.objects.select_related("session__workshop__member").filter(pk=entry_id).first()
    if entry is None:
        return
    session = entry.session
    ctx = {
        "entry": entry,
        "session": session,
        "workshop": session.workshop,
        "other_sessions": list(
            selectors.session_other_dates(member=session.workshop.member, exclude_session=session)[:5]
        ),
    }
    _send_once(
        f"waitlist-cancelled:{entry_id}",
        lambda: _email(
            template="workshops/waitlist_session_cancelled",
            to=[entry.email],
            context=ctx,
            language=entry.language,
        ),
    )


@shared_task(**RETRY)
def send_go_no_go_request(session_id: int) -> None:
    session = Session.objects.select_related("workshop__member").filter(pk=session_id).first()
    if session is None or session.decision != Session.Decision.ASKED or session.decision_asked_at is None:
        return
    ctx = {
        "session": session,
        "workshop": session.workshop,
        "answer_before": min(
            session.decision_asked_at + services.GO_NO_GO_ANSWER_WINDOW,
            session.start - services.GO_NO_GO_LAST_NOTICE,
        ),
        "portal_url": _url(
            reverse("workshops_portal:session_detail", kwargs={"public_id": session.public_id})
        ),
    }
    _email_artisans(
        session.workshop.member, key=f"go-no-go:{session_id}", template="workshops/go_no_go", context=ctx
    )


@shared_task(**RETRY)
def notify_group_request(group_request_id: int) -> None:
    request = GroupRequest.objects.select_related("workshop__member").filter(pk=group_request_id).first()
    if request is None:
        return
    ctx = {
        "request": request,
        "workshop": request.workshop,
        "portal_url": _url(reverse("workshops_portal:group_request_list")),
    }
    _email_artisans(
        request.workshop.member,
        key=f"group-request:{group_request_id}",
        template="workshops/group_request",
        context=ctx,
        also=tuple(settings.STAFF_NOTIFICATION_EMAILS),
    )


@shared_task(**RETRY)
def send_group_request_received(group_request_id: int) -> None:
    """Acknowledge a group or school request: its reference and what happens next."""
    request = GroupRequest.objects.select_related("workshop__member").filter(pk=group_request_id).first()
    if request is None:
        return
    ctx = {
        "request": request,
        "workshop": request.workshop,
        "workshop_url": _url(request.workshop.get_absolute_url()),
    }
    _send_once(
        f"group-request-received:{group_request_id}",
        lambda: _email(
            template="workshops/group_request_received",
            to=[request.email],
            context=ctx,
            language=request.language,
        ),
    )


@shared_task(**RETRY)
def send_group_proposal(group_request_id: int, start_iso: str) -> None:
    request = GroupRequest.objects.select_related("workshop").filter(pk=group_request_id).first()
    if request is None or request.status != GroupRequest.Status.PROPOSED:
        return
    ctx = {
        "request": request,
        "workshop": request.workshop,
        "answer_url": _url(reverse("workshops:group_proposal", kwargs={"token": request.token})),
    }
    _send_once(
        f"group-proposal:{group_request_id}:{start_iso}",
        lambda: _email(
            template="workshops/group_proposal", to=[request.email], context=ctx, language=request.language
        ),
    )


@shared_task(**RETRY)
def notify_artisan_review(review_id: int) -> None:
    review = (
        Review.objects.select_related("workshop__member", "booking__session").filter(pk=review_id).first()
    )
    if review is None:
        return
    ctx = {
        "review": review,
        "workshop": review.workshop,
        "portal_url": _url(reverse("workshops_portal:review_list")),
    }
    _email_artisans(
        review.workshop.member,
        key=f"review-artisan:{review_id}",
        template="workshops/artisan_review",
        context=ctx,
    )


# --- periodic jobs (see workshops/schedule.py) ---------------------------------------------


def _claim_and_send(bookings, *, sent_field: str, task, now: datetime.datetime) -> int:
    """Mark a batch of due bookings as sent, one by one, and enqueue ``task`` for each.

    The conditional update is the claim: two beat runs never both enqueue a booking.
    """
    ids = list(
        bookings.filter(**{f"{sent_field}__isnull": True}).order_by("id").values_list("id", flat=True)[:BATCH]
    )
    for booking_id in ids:
        if Booking.objects.filter(pk=booking_id, **{f"{sent_field}__isnull": True}).update(
            **{sent_field: now}
        ):
            task.delay(booking_id)
    return len(ids)


def _active_bookings_of_live_sessions():
    return Booking.objects.filter(
        status__in=ACTIVE_BOOKING_STATUSES,
        session__status__in=[Session.Status.SCHEDULED, Session.Status.CONFIRMED],
    )


@shared_task
def send_due_reminders() -> int:
    """Reminders for sessions starting within the next 24 hours, once per booking."""
    now = timezone.now()
    due = _active_bookings_of_live_sessions().filter(
        session__start__gt=now, session__start__lte=now + datetime.timedelta(hours=24)
    )
    return _claim_and_send(due, sent_field="reminder_sent_at", task=send_reminder, now=now)


@shared_task
def send_due_surveys() -> int:
    """Satisfaction surveys for sessions that ended in the last week, once per booking."""
    now = timezone.now()
    due = (
        _active_bookings_of_live_sessions()
        .filter(session__end__lte=now, session__end__gt=now - datetime.timedelta(days=7))
        .exclude(attendance=Booking.Attendance.NO_SHOW)
    )
    return _claim_and_send(due, sent_field="survey_sent_at", task=send_survey, now=now)


@shared_task
def run_go_no_go() -> dict:
    return services.session_go_no_go_run()


@shared_task
def expire_waitlist_offers() -> int:
    return services.waitlist_expire_offers()


@shared_task
def prune_catalogue_changes() -> int:
    """Keep the change log of the public page cache small."""
    from .services import catalogue_changes_prune

    return catalogue_changes_prune()


@shared_task
def refresh_due_listings() -> int:
    """The catalogue's stored next dates, where the clock moved them (a date started, a hold ran out)."""
    return services.workshop_listings_refresh_due()
