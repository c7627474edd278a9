"""Reads of the community app: the current charter, matching greeters, what staff must follow."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from network.selectors import coordinated_antenna_ids

from .models import Eclaireur, EclaireurCharter, GreeterAbsence, Perk, Recommendation, WalkRequest


def charter_current() -> EclaireurCharter | None:
    return EclaireurCharter.objects.filter(published_at__lte=timezone.now()).order_by("-number").first()


def eclaireur_get_by_token(*, token: str) -> Eclaireur:
    return Eclaireur.objects.select_related("commune").get(token=token)


def walk_dates(walk: WalkRequest) -> list:
    return [walk.date] + ([walk.alternative_date] if walk.alternative_date else [])


def _free_on(day) -> Q:
    """A greeter free on ``day``: the weekday is one of theirs and no absence covers it."""
    away = GreeterAbsence.objects.filter(greeter=OuterRef("pk"), start__lte=day, end__gte=day)
    return Q(available_days__contains=[day.weekday()]) & Q(~Exists(away))


def greeter_matches(*, walk: WalkRequest) -> QuerySet[Eclaireur]:
    """Active greeters who speak the walk's language, cover its area and are free on one of its dates
    (their weekdays, minus the absences they noted)."""
    free = Q()
    for day in walk_dates(walk):
        free |= _free_on(day)
    return (
        Eclaireur.objects.filter(
            status=Eclaireur.Status.ACTIVE,
            is_greeter=True,
            languages__contains=[walk.walk_language],
            antennas=walk.antenna,
        )
        .filter(free)
        .select_related("commune")
        .distinct()
    )


def walk_is_match(*, walk: WalkRequest, greeter: Eclaireur) -> bool:
    return greeter_matches(walk=walk).filter(pk=greeter.pk).exists()


def greeter_free_dates(*, greeter: Eclaireur, walk: WalkRequest, absences=None) -> list:
    """The walk's dates this greeter can take (same rule as ``greeter_matches``, in Python)."""
    absences = list(greeter.absences.all()) if absences is None else absences
    return [
        day
        for day in walk_dates(walk)
        if day.weekday() in greeter.available_days and not any(a.covers(day) for a in absences)
    ]


def walk_list_open_for_greeter(*, greeter: Eclaireur) -> list[WalkRequest]:
    """Open requests this greeter matches (the same rule as the notification); each carries
    ``free_dates``, the dates the greeter can accept."""
    today = timezone.localdate()
    walks = (
        WalkRequest.objects.filter(status=WalkRequest.Status.OPEN, antenna__in=greeter.antennas.all())
        .filter(Q(date__gte=today) | Q(alternative_date__gte=today))
        .select_related("antenna")
        .order_by("date")
    )
    absences = list(greeter_absence_list(greeter=greeter))
    matching = []
    for walk in walks:
        if walk.walk_language not in greeter.languages:
            continue
        walk.free_dates = [  # type: ignore[attr-defined]  # read by the template
            d for d in greeter_free_dates(greeter=greeter, walk=walk, absences=absences) if d >= today
        ]
        if walk.free_dates:  # type: ignore[attr-defined]
            matching.append(walk)
    return matching


def greeter_absence_list(*, greeter: Eclaireur, upcoming: bool = False) -> QuerySet[GreeterAbsence]:
    qs = GreeterAbsence.objects.filter(greeter=greeter)
    return qs.filter(end__gte=timezone.localdate()) if upcoming else qs


def walk_list_for_greeter(*, greeter: Eclaireur) -> QuerySet[WalkRequest]:
    return WalkRequest.objects.filter(greeter=greeter, status=WalkRequest.Status.ACCEPTED).order_by(
        "-walk_date"
    )


def walk_get_by_token(*, token: str) -> WalkRequest:
    return WalkRequest.objects.select_related("greeter__commune", "antenna").get(token=token)


def _antenna_scope(user, qs: QuerySet, path: str) -> QuerySet:
    """Office staff see the whole network; an antenna coordinator only their antennas."""
    if user is None:
        return qs
    antennas = coordinated_antenna_ids(user)
    return qs if antennas is None else qs.filter(**{f"{path}__in": antennas})


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
