"""Group requests: asked, proposed, accepted or declined; purchase-order numbers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from common.audit import log_action
from common.tasks import enqueue

from .. import exceptions as errors
from ..models import (
    Booking,
    GroupRequest,
    Session,
    Workshop,
)
from .bookings import _booking_insert, _enqueue_booking_created
from .common import GROUP_HEADCOUNT_DEADLINE_BEFORE
from .sessions import _new_session

# --- groups --------------------------------------------------------------------------------


def group_request_create(
    *,
    workshop: Workshop,
    group_type: str,
    contact_name: str,
    email: str,
    size: int,
    preferred_dates: str,
    phone: str = "",
    organisation: str = "",
    age_min: int | None = None,
    age_max: int | None = None,
    message: str = "",
    language: str = "fr",
) -> GroupRequest:
    """A group asks for a private session; the artisan is told."""
    if size < 1:
        raise errors.WorkshopError(errors.PARTY_SIZE_INVALID, field="size")
    with transaction.atomic():
        request = GroupRequest.objects.create(
            workshop=workshop,
            group_type=group_type,
            contact_name=contact_name.strip(),
            email=email.strip().lower(),
            phone=phone.strip(),
            organisation=organisation.strip(),
            size=size,
            age_min=age_min,
            age_max=age_max,
            preferred_dates=preferred_dates,
            message=message,
            language=language,
        )
        log_action(None, "workshops.group_request.created", request)
        from .. import tasks

        enqueue(tasks.notify_group_request, request.pk)
        enqueue(tasks.send_group_request_received, request.pk)
    return request


def group_request_propose(
    *,
    group_request_id: int,
    start: datetime.datetime,
    price_per_person: Decimal,
    message: str = "",
    headcount_deadline: datetime.datetime | None = None,
    actor,
) -> GroupRequest:
    """Answer a group with a private-session proposal (date and price); they are emailed a link."""
    if start <= timezone.now():
        raise errors.WorkshopError(errors.GROUP_PROPOSAL_IN_PAST, field="start")
    with transaction.atomic():
        request = GroupRequest.objects.select_for_update().get(pk=group_request_id)
        if request.status not in (GroupRequest.Status.NEW, GroupRequest.Status.PROPOSED):
            raise errors.WorkshopError(errors.GROUP_REQUEST_NOT_PROPOSED)
        request.status = GroupRequest.Status.PROPOSED
        request.proposed_start = start
        request.proposed_price = price_per_person
        request.proposal_message = message
        request.headcount_deadline = headcount_deadline or max(
            timezone.now(), start - GROUP_HEADCOUNT_DEADLINE_BEFORE
        )
        request.proposed_by = actor if getattr(actor, "pk", None) else None
        request.save()
        log_action(
            actor,
            "workshops.group_request.proposed",
            request,
            start=start.isoformat(),
            price=price_per_person,
        )
        from .. import tasks

        enqueue(tasks.send_group_proposal, request.pk, start.isoformat())
    return request


def group_request_accept(*, token: str, po_number: str = "") -> Booking:
    """The group accepts: a private session and one group booking "confirmed, payment on
    invoice" are created. Idempotent (returns the same booking)."""
    with transaction.atomic():
        request = GroupRequest.objects.select_for_update().select_related("workshop").get(token=token)
        if request.status == GroupRequest.Status.ACCEPTED and request.booking is not None:
            return request.booking
        if request.status != GroupRequest.Status.PROPOSED or request.proposed_start is None:
            raise errors.WorkshopError(errors.GROUP_REQUEST_NOT_PROPOSED)
        if request.proposed_start <= timezone.now():
            raise errors.WorkshopError(errors.SESSION_PAST)
        workshop = request.workshop
        session = _new_session(workshop, request.proposed_start, max(request.size, workshop.max_participants))
        session.is_private = True
        session.status = Session.Status.CONFIRMED
        session.decision = Session.Decision.GO
        session.seats_booked = request.size
        session.save()
        booking = _booking_insert(
            session=session,
            name=request.organisation or request.contact_name,
            email=request.email,
            phone=request.phone,
            party_size=request.size,
            children=0,
            price=(request.proposed_price or workshop.price) * request.size,
            status=Booking.Status.CONFIRMED_INVOICE,
            is_group=True,
            po_number=po_number.strip()[:60],
            headcount_deadline=request.headcount_deadline,
            language=request.language,
        )
        request.status = GroupRequest.Status.ACCEPTED
        request.session = session
        request.booking = booking
        request.save(update_fields=["status", "session", "booking", "updated_at"])
        log_action(None, "workshops.group_request.accepted", request, booking=booking.reference)
        _enqueue_booking_created(booking.pk)
    return booking


def group_request_decline(*, group_request_id: int, actor) -> GroupRequest:
    with transaction.atomic():
        request = GroupRequest.objects.select_for_update().get(pk=group_request_id)
        if request.status in (GroupRequest.Status.NEW, GroupRequest.Status.PROPOSED):
            request.status = GroupRequest.Status.DECLINED
            request.save(update_fields=["status", "updated_at"])
            log_action(actor, "workshops.group_request.declined", request)
    return request


def booking_set_po_number(*, booking_id: int, po_number: str, actor=None) -> Booking:
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking_id)
        booking.po_number = po_number.strip()[:60]
        booking.save(update_fields=["po_number", "updated_at"])
        log_action(actor, "workshops.booking.po_number", booking, po_number=booking.po_number)
    return booking
