"""Reviews after a session: submitted by the visitor, moderated by staff."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.audit import log_action
from common.tasks import enqueue

from .. import exceptions as errors
from ..models import (
    Booking,
    Review,
)

# --- reviews -------------------------------------------------------------------------------


def review_submit(*, booking_id: int, score: int, comment: str = "", author_name: str = "") -> Review:
    """Answer the satisfaction survey of a booking after its session; one answer per booking."""
    if score is None or not 0 <= score <= 10:
        raise errors.WorkshopError(errors.SCORE_INVALID, field="score")
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("session").get(pk=booking_id)
        if not booking.is_active or booking.session.end > timezone.now():
            raise errors.WorkshopError(errors.REVIEW_TOO_EARLY)
        if Review.objects.filter(booking=booking).exists():
            raise errors.WorkshopError(errors.REVIEW_ALREADY_GIVEN)
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    booking=booking,
                    workshop_id=booking.session.workshop_id,
                    score=score,
                    comment=comment.strip(),
                    author_name=(author_name.strip() or booking.name.split()[0])[:80],
                )
        except IntegrityError:
            raise errors.WorkshopError(errors.REVIEW_ALREADY_GIVEN) from None
        log_action(None, "workshops.review.submitted", review, score=score)
        from .. import tasks

        enqueue(tasks.notify_artisan_review, review.pk)
    return review


def review_moderate(*, review_id: int, approve: bool, actor) -> Review:
    """Staff publish or refuse a review. Idempotent."""
    status = Review.Status.APPROVED if approve else Review.Status.REJECTED
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review_id)
        if review.status != status:
            review.status = status
            review.moderated_by = actor
            review.moderated_at = timezone.now()
            review.save(update_fields=["status", "moderated_by", "moderated_at", "updated_at"])
            log_action(actor, f"workshops.review.{status}", review)
    return review
