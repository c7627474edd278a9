"""Reads of the resource centre; sessions and registrations are read through workshops' selectors."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from workshops import selectors as workshop_selectors
from workshops.models import Session

from .models import Document, Training


def training_list(*, public: bool = False) -> QuerySet[Training]:
    qs = Training.objects.filter(is_active=True).select_related("workshop")
    return qs.filter(audience=Training.Audience.PROFESSIONALS) if public else qs


def training_get(*, slug: str, public: bool = False) -> Training:
    return training_list(public=public).get(workshop__slug=slug)


def sessions_for(*, training: Training):
    return workshop_selectors.session_public_upcoming().filter(workshop=training.workshop).order_by("start")


def training_workshop_ids() -> list[int]:
    return list(Training.objects.values_list("workshop_id", flat=True))


def registrations_for(*, email: str):
    """A person's registrations to trainings (bookings with their e-mail), newest first."""
    return workshop_selectors.booking_list_for_email(email=email, workshop_ids=training_workshop_ids())


def registration_get(*, email: str, reference: str):
    return workshop_selectors.booking_get_for_email(
        email=email, reference=reference, workshop_ids=training_workshop_ids()
    )


def document_list() -> QuerySet[Document]:
    return Document.objects.filter(is_published=True)


def training_list_with_sessions(
    *, public: bool = False, past: bool = False, staff: bool = False
) -> list[Training]:
    """Trainings with their upcoming sessions (``t.upcoming``) — and past ones (``t.past``) for
    staff — in a fixed number of queries, whatever the number of trainings."""
    now = timezone.now()
    lookups = [
        Prefetch(
            "workshop__sessions",
            queryset=workshop_selectors.session_public_upcoming(now=now).order_by("start"),
            to_attr="upcoming_all",
        )
    ]
    base = Training.objects.select_related("workshop") if staff else training_list(public=public)
    trainings = list(base.prefetch_related(*lookups))
    past_by_workshop: dict[int, list] = {}
    if past:
        for session in workshop_selectors.with_availability(
            Session.objects.filter(workshop_id__in=[t.workshop_id for t in trainings], start__lte=now)
        ).order_by("-start"):
            past_by_workshop.setdefault(session.workshop_id, []).append(session)
    for t in trainings:
        # Read by the template; ``upcoming_all`` is the Prefetch ``to_attr`` above.
        t.upcoming = t.workshop.upcoming_all[:5]  # type: ignore[attr-defined]
        t.past = past_by_workshop.get(t.workshop_id, [])[:5]  # type: ignore[attr-defined]
    return trainings


def training_get_for_staff(*, slug: str) -> Training:
    return Training.objects.select_related("workshop", "workshop__member").get(workshop__slug=slug)


def sessions_all_for(*, training: Training):
    return workshop_selectors.with_availability(Session.objects.filter(workshop=training.workshop)).order_by(
        "-start"
    )


def training_hosts():
    """Members who may host a training: active members with at least one craft."""
    from network.selectors import member_list_active

    return member_list_active().filter(crafts__isnull=False).distinct().order_by("name")
