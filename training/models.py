"""The resource centre for professionals: trainings and a document library.

A training is a workshop of the workshops app (its sessions, seats, waitlist, bookings and
attendance are the workshops' engine, with its locks) plus what only a training has: who it
is for, its objectives and the hours written on the attendance certificate. Its workshop is
left unpublished so it never shows in the visitors' catalogue.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel
from common.storage import private_storage  # noqa: F401 - named by migration 0001


class Training(TimeStampedModel):
    class Audience(models.TextChoices):
        MEMBERS = "members", _("membres du réseau")
        PROFESSIONALS = "professionals", _("membres et professionnels du tourisme")

    workshop = models.OneToOneField(
        "workshops.Workshop",
        verbose_name=_("atelier (séances et inscriptions)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    audience = models.CharField(
        _("public"), max_length=16, choices=Audience.choices, default=Audience.PROFESSIONALS
    )
    objectives = models.TextField(_("objectifs"), blank=True)
    hours = models.DecimalField(_("durée certifiée (heures)"), max_digits=4, decimal_places=1)
    trainer = models.CharField(_("formateur ou formatrice"), max_length=160)
    is_active = models.BooleanField(_("proposée"), default=True)

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")
        ordering = ["workshop__title"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive")]

    def __str__(self) -> str:
        return str(self.workshop)

    @property
    def open_to_public(self) -> bool:
        return self.audience == self.Audience.PROFESSIONALS


class Document(TimeStampedModel):
    class Category(models.TextChoices):
        GUIDE = "guide", _("guide")
        TEMPLATE = "template", _("modèle")
        CHARTER = "charter", _("charte expliquée")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("titre"), max_length=200)
    category = models.CharField(_("catégorie"), max_length=10, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("fichier"), storage=private_storage, upload_to="documents/")
    is_published = models.BooleanField(_("publié"), default=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["category", "title"]

    def __str__(self) -> str:
        return self.title
