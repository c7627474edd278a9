"""E-mails of the Maison's spaces: ids in, safe to run twice (a conditional update on a
``*_sent_at`` column claims each e-mail before it is sent), bounded retries."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from common.emails import send_templated_email

from .models import SpaceBooking

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5}


def _send_claimed(*, booking_id: int, column: str, template: str) -> bool:
    claimed = SpaceBooking.objects.filter(pk=booking_id, **{f"{column}__isnull": True}).update(
        **{column: timezone.now()}
    )
    if not claimed:
        return False
    booking = SpaceBooking.objects.select_related("space").get(pk=booking_id)
    try:
        send_templated_email(
            template=template,
            to=[booking.email],
            context={
                "OFFICE_NAME": settings.OFFICE_NAME,
                "booking": booking,
                "status_url": f"{settings.SITE_URL}{booking.get_status_url()}",
            },
            language=booking.language,
        )
    except Exception:
        SpaceBooking.objects.filter(pk=booking_id).update(**{column: None})
        raise
    return True


@shared_task(**RETRY)
def send_request_acknowledgement(booking_id: int) -> bool:
    """« Nous avons bien reçu votre demande » to the association or inhabitant."""
    return _send_claimed(booking_id=booking_id, column="acknowledged_at", template="places/request_received")


@shared_task(**RETRY)
def send_request_decision(booking_id: int) -> bool:
    """The staff's answer (approved or declined, with the reason) to the requester."""
    return _send_claimed(booking_id=booking_id, column="decision_sent_at", template="places/request_decision")


@shared_task(**RETRY)
def send_cancellation(booking_id: int) -> bool:
    """Tell the requester their booking or request is cancelled (by them or by staff)."""
    return _send_claimed(booking_id=booking_id, column="cancellation_sent_at", template="places/cancelled")
