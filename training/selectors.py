"""Reads of the resource centre; sessions and registrations are read through workshops' selectors."""

from __future__ import annotations

from django.db.models import QuerySet

from workshops import selectors as workshop_selectors

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
