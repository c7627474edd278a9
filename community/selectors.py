"""Reads of the community app: the current charter, matching greeters, what staff must follow."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from common.access import is_office_staff

from .models import Eclaireur, EclaireurCharter, Perk, Recommendation, WalkRequest


def charter_current() -> EclaireurCharter | None:
    return EclaireurCharter.objects.filter(published_at__lte=timezone.now()).order_by("-number").first()


def eclaireur_get_by_token(*, token: str) -> Eclaireur:
    return Eclaireur.objects.select_related("commune").get(token=token)


def greeter_matches(*, walk: WalkRequest) -> QuerySet[Eclaireur]:
    """Active greeters who speak the walk's language, cover its area and are free on one of its dates."""
    days = [walk.date.weekday()] + ([walk.alternative_date.weekday()] if walk.alternative_date else [])
    return (
        Eclaireur.objects.filter(
            status=Eclaireur.Status.ACTIVE,
            is_greeter=True,
            languages__contains=[walk.walk_language],
            antennas=walk.antenna,
            available_days__overlap=days,
        )
        .select_related("commune")
        .distinct()
    )


def walk_is_match(*, walk: WalkRequest, greeter: Eclaireur) -> bool:
    return greeter_matches(walk=walk).filter(pk=greeter.pk).exists()


def walk_list_open_for_greeter(*, greeter: Eclaireur) -> list[WalkRequest]:
    """Open requests this greeter matches (the same rule as the notification)."""
    today = timezone.localdate()
    walks = (
        WalkRequest.objects.filter(status=WalkRequest.Status.OPEN, antenna__in=greeter.antennas.all())
        .filter(Q(date__gte=today) | Q(alternative_date__gte=today))
        .select_related("antenna")
        .order_by("date")
    )
    return [w for w in walks if w.walk_language in greeter.languages and _free(greeter, w)]


def _free(greeter: Eclaireur, walk: WalkRequest) -> bool:
    days = {walk.date.weekday()} | ({walk.alternative_date.weekday()} if walk.alternative_date else set())
    return bool(days & set(greeter.available_days))


def walk_list_for_greeter(*, greeter: Eclaireur) -> QuerySet[WalkRequest]:
    return WalkRequest.objects.filter(greeter=greeter, status=WalkRequest.Status.ACCEPTED).order_by(
        "-walk_date"
    )


def walk_get_by_token(*, token: str) -> WalkRequest:
    return WalkRequest.objects.select_related("greeter__commune", "antenna").get(token=token)


def _antenna_scope(user, qs: QuerySet, path: str) -> QuerySet:
    """Office staff see the whole network; an antenna coordinator only their antennas."""
    if user is None or is_office_staff(user):
        return qs
    return qs.filter(**{f"{path}__in": user.coordinated_antennas.all()})


def walk_list_unanswered_for_staff(*, user=None) -> QuerySet[WalkRequest]:
    """Open requests still to come, oldest first: those without answer are the staff's to assign."""
    today = timezone.localdate()
    return (
        _antenna_scope(user, WalkRequest.objects.all(), "antenna")
        .filter(status=WalkRequest.Status.OPEN)
        .filter(Q(date__gte=today) | Q(alternative_date__gte=today))
        .select_related("antenna")
        .order_by("created_at")
    )


def greeter_list_active() -> QuerySet[Eclaireur]:
    return Eclaireur.objects.filter(status=Eclaireur.Status.ACTIVE, is_greeter=True).select_related("commune")


def eclaireur_list_pending(*, user=None) -> QuerySet[Eclaireur]:
    return (
        _antenna_scope(user, Eclaireur.objects.all(), "commune__antenna")
        .filter(status=Eclaireur.Status.PENDING)
        .select_related("commune", "charter")
        .order_by("created_at")
    )


def recommendation_list_pending(*, user=None) -> QuerySet[Recommendation]:
    return (
        _antenna_scope(user, Recommendation.objects.all(), "eclaireur__commune__antenna")
        .filter(status=Recommendation.Status.PENDING)
        .select_related("eclaireur__commune", "workshop", "member")
        .order_by("created_at")
    )


def recommendation_list_public(*, workshop=None, offer=None, limit: int = 20) -> QuerySet[Recommendation]:
    """Moderated advice, newest first; only from éclaireurs still active."""
    qs = Recommendation.objects.filter(
        status=Recommendation.Status.APPROVED, eclaireur__status=Eclaireur.Status.ACTIVE
    ).select_related("eclaireur__commune", "workshop", "offer", "member")
    if workshop is not None:
        qs = qs.filter(workshop=workshop)
    if offer is not None:
        qs = qs.filter(offer=offer)
    return qs.order_by("-moderated_at")[:limit]


def perk_list_for(*, eclaireur: Eclaireur) -> QuerySet[Perk]:
    """Invitations and advantages still valid; only active éclaireurs see them."""
    if eclaireur.status != Eclaireur.Status.ACTIVE:
        return Perk.objects.none()
    return Perk.objects.filter(is_active=True, valid_until__gte=timezone.localdate())


def walk_get_for_staff(*, user, public_id) -> WalkRequest | None:
    return _antenna_scope(user, WalkRequest.objects.all(), "antenna").filter(public_id=public_id).first()


def eclaireur_get_for_staff(*, user, public_id) -> Eclaireur | None:
    return (
        _antenna_scope(user, Eclaireur.objects.all(), "commune__antenna").filter(public_id=public_id).first()
    )


def recommendation_get_for_staff(*, user, public_id) -> Recommendation | None:
    """A coordinator moderates the advice of their antennas' éclaireurs."""
    qs = _antenna_scope(user, Recommendation.objects.all(), "eclaireur__commune__antenna")
    return qs.filter(public_id=public_id).first()
