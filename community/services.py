"""Writes of the community app: joining as an éclaireur, advice and its moderation, greeter walks.

A walk is scarce like a seat: one greeter only. ``walk_accept`` and ``walk_assign`` lock the
request row (``select_for_update``) and re-check it is still open before writing, so when two
greeters click at once, the first wins and the second hears so.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.audit import log_action
from common.images import renditions_schedule
from common.tasks import enqueue

from . import exceptions as errors
from . import selectors, tasks
from .models import Eclaireur, GreeterAbsence, Recommendation, WalkRequest


def eclaireur_apply(
    *,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    commune,
    languages: list[str],
    bio: str,
    is_greeter: bool,
    antennas: list,
    available_days: list[int],
    interests: str,
    charter_number: int,
    language: str,
) -> Eclaireur:
    """Register an inhabitant who accepted the current charter; staff validate them.

    Raises ``CommunityError`` (NO_CHARTER, CHARTER_NOT_CURRENT, ALREADY_ECLAIREUR).
    """
    charter = selectors.charter_current()
    if charter is None:
        raise errors.CommunityError(errors.NO_CHARTER)
    if charter.number != charter_number:
        raise errors.CommunityError(errors.CHARTER_NOT_CURRENT, field="accept_charter")
    try:
        with transaction.atomic():
            eclaireur = Eclaireur.objects.create(
                first_name=first_name,
                last_name=last_name,
                email=email.lower(),
                phone=phone,
                commune=commune,
                languages=languages,
                bio=bio,
                is_greeter=is_greeter,
                available_days=available_days if is_greeter else [],
                interests=interests,
                charter=charter,
                charter_accepted_at=timezone.now(),
                language=language,
            )
            if is_greeter:
                eclaireur.antennas.set(antennas)
            log_action(None, "community.eclaireur.applied", eclaireur, charter=charter.number)
            enqueue(tasks.send_eclaireur_received, eclaireur.pk)
    except IntegrityError as exc:
        raise errors.CommunityError(errors.ALREADY_ECLAIREUR, field="email") from exc
    return eclaireur


def eclaireur_approve(*, eclaireur_id: int, actor) -> Eclaireur:
    """Staff validate an éclaireur, who gets the link to their own space. Idempotent."""
    with transaction.atomic():
        eclaireur = Eclaireur.objects.select_for_update().get(pk=eclaireur_id)
        if eclaireur.status == Eclaireur.Status.ACTIVE:
            return eclaireur
        eclaireur.status = Eclaireur.Status.ACTIVE
        eclaireur.approved_by = actor
        eclaireur.approved_at = timezone.now()
        eclaireur.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        log_action(actor, "community.eclaireur.approved", eclaireur)
        enqueue(tasks.send_eclaireur_welcome, eclaireur.pk)
    return eclaireur


def recommendation_submit(
    *,
    eclaireur: Eclaireur,
    workshop=None,
    offer=None,
    member=None,
    place_name: str = "",
    text: str,
    photo=None,
    photo_alt: str = "",
) -> Recommendation:
    """An active éclaireur's advice, waiting for moderation. Raises ``CommunityError`` (NOT_ACTIVE)."""
    if eclaireur.status != Eclaireur.Status.ACTIVE:
        raise errors.CommunityError(errors.NOT_ACTIVE)
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            eclaireur=eclaireur,
            workshop=workshop,
            offer=offer,
            member=member,
            place_name=place_name if not (workshop or offer or member) else "",
            text=text,
            photo=photo or "",
            photo_alt=photo_alt,
        )
        log_action(None, "community.recommendation.submitted", recommendation, eclaireur=eclaireur.pk)
        renditions_schedule(recommendation.photo)
    return recommendation


def recommendation_moderate(*, recommendation_id: int, actor, approve: bool) -> Recommendation:
    """Publish or refuse a piece of advice. Raises ``CommunityError`` (ALREADY_MODERATED)."""
    with transaction.atomic():
        rec = Recommendation.objects.select_for_update().get(pk=recommendation_id)
        if rec.status != Recommendation.Status.PENDING:
            raise errors.CommunityError(errors.ALREADY_MODERATED)
        rec.status = Recommendation.Status.APPROVED if approve else Recommendation.Status.REJECTED
        rec.moderated_by = actor
        rec.moderated_at = timezone.now()
        rec.save(update_fields=["status", "moderated_by", "moderated_at", "updated_at"])
        log_action(actor, f"community.recommendation.{rec.status}", rec)
    return rec


def walk_request_create(
    *,
    name: str,
    email: str,
    phone: str,
    antenna,
    date: datetime.date,
    alternative_date: datetime.date | None,
    walk_language: str,
    group_size: int,
    interests: str,
    accessibility: str,
    language: str,
) -> WalkRequest:
    """A visitor's request: acknowledged, and sent to every greeter who matches.

    Raises ``CommunityError`` (WALK_IN_PAST, ALT_DATE_BEFORE).
    """
    if date <= timezone.localdate():
        raise errors.CommunityError(errors.WALK_IN_PAST, field="date")
    if alternative_date and alternative_date <= date:
        raise errors.CommunityError(errors.ALT_DATE_BEFORE, field="alternative_date")
    with transaction.atomic():
        walk = WalkRequest.objects.create(
            name=name,
            email=email,
            phone=phone,
            antenna=antenna,
            date=date,
            alternative_date=alternative_date,
            walk_language=walk_language,
            group_size=group_size,
            interests=interests,
            accessibility=accessibility,
            language=language,
        )
        log_action(None, "community.walk.requested", walk)
        enqueue(tasks.send_walk_received, walk.pk)
        for greeter_id in selectors.greeter_matches(walk=walk).values_list("pk", flat=True):
            enqueue(tasks.send_walk_to_greeter, walk.pk, greeter_id)
    return walk


def _take(walk: WalkRequest, *, greeter: Eclaireur, date: datetime.date, actor) -> WalkRequest:
    if date not in (walk.date, walk.alternative_date):
        raise errors.CommunityError(errors.DATE_NOT_OFFERED, field="date")
    if date < timezone.localdate():
        raise errors.CommunityError(errors.WALK_IN_PAST, field="date")
    walk.status = WalkRequest.Status.ACCEPTED
    walk.greeter = greeter
    walk.walk_date = date
    walk.accepted_at = timezone.now()
    walk.assigned_by = actor
    walk.save(update_fields=["status", "greeter", "walk_date", "accepted_at", "assigned_by", "updated_at"])
    enqueue(tasks.send_walk_confirmations, walk.pk)
    return walk


def walk_accept(*, walk_id: int, greeter: Eclaireur, date: datetime.date) -> WalkRequest:
    """A matching greeter takes the walk; the first one wins (row lock, re-checked).

    Both sides then get a confirmation with the other's contact details.
    Raises ``CommunityError`` (WALK_TAKEN, WALK_NOT_OPEN, NOT_A_MATCH, DATE_NOT_OFFERED).
    """
    with transaction.atomic():
        walk = WalkRequest.objects.select_for_update().get(pk=walk_id)
        if walk.status == WalkRequest.Status.ACCEPTED:
            raise errors.CommunityError(errors.WALK_TAKEN)
        if walk.status != WalkRequest.Status.OPEN:
            raise errors.CommunityError(errors.WALK_NOT_OPEN)
        if not selectors.walk_is_match(walk=walk, greeter=greeter):
            raise errors.CommunityError(errors.NOT_A_MATCH)
        if date in selectors.walk_dates(walk) and date not in selectors.greeter_free_dates(
            greeter=greeter, walk=walk
        ):
            raise errors.CommunityError(errors.GREETER_AWAY, field="date")
        _take(walk, greeter=greeter, date=date, actor=None)
        log_action(None, "community.walk.accepted", walk, greeter=greeter.pk)
    return walk


def walk_assign(*, walk_id: int, greeter_id: int, date: datetime.date, actor) -> WalkRequest:
    """Staff give an unanswered request to a greeter (who need not match every criterion).

    Raises ``CommunityError`` (WALK_TAKEN, WALK_NOT_OPEN, NOT_A_GREETER, DATE_NOT_OFFERED).
    """
    with transaction.atomic():
        walk = WalkRequest.objects.select_for_update().get(pk=walk_id)
        if walk.status == WalkRequest.Status.ACCEPTED:
            raise errors.CommunityError(errors.WALK_TAKEN)
        if walk.status != WalkRequest.Status.OPEN:
            raise errors.CommunityError(errors.WALK_NOT_OPEN)
        greeter = selectors.greeter_list_active().filter(pk=greeter_id).first()
        if greeter is None:
            raise errors.CommunityError(errors.NOT_A_GREETER, field="greeter")
        _take(walk, greeter=greeter, date=date, actor=actor)
        log_action(actor, "community.walk.assigned", walk, greeter=greeter.pk)
    return walk


def walk_feedback(*, walk_id: int, score: int, comment: str) -> WalkRequest:
    """The visitor's answer to the satisfaction question, once, after the walk."""
    with transaction.atomic():
        walk = WalkRequest.objects.select_for_update().get(pk=walk_id)
        if not walk.can_give_feedback():
            raise errors.CommunityError(errors.FEEDBACK_NOT_OPEN)
        walk.satisfaction = score
        walk.satisfaction_comment = comment
        walk.save(update_fields=["satisfaction", "satisfaction_comment", "updated_at"])
        log_action(None, "community.walk.feedback", walk, score=score)
    return walk


def greeter_absence_add(*, greeter: Eclaireur, start: datetime.date, end: datetime.date) -> GreeterAbsence:
    """A greeter notes days away; walks on those days are no longer offered to them."""
    if end < start:
        raise errors.CommunityError(errors.ABSENCE_RANGE, field="end")
    if end < timezone.localdate():
        raise errors.CommunityError(errors.ABSENCE_PAST, field="end")
    if (end - start).days > 366:
        raise errors.CommunityError(errors.ABSENCE_TOO_LONG, field="end")
    absence = GreeterAbsence.objects.create(greeter=greeter, start=start, end=end)
    log_action(None, "community.greeter.absence_added", greeter, start=str(start), end=str(end))
    return absence


def greeter_absence_remove(*, greeter: Eclaireur, absence_id: int) -> bool:
    """Remove one of the greeter's own absences (never another greeter's)."""
    deleted, _ = GreeterAbsence.objects.filter(greeter=greeter, pk=absence_id).delete()
    if deleted:
        log_action(None, "community.greeter.absence_removed", greeter, absence=absence_id)
    return bool(deleted)
