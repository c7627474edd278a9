"""The network's inhabitants: éclaireurs (a charter of values, moderated recommendations) and,
among them, greeters who walk visitors around their village for free.

Why a separate charter model and not a ``kind`` on ``network.CharterVersion``: the members'
charter drives the portal banner, renewals and the staff's signature follow-up, all of which
ask for « the current version »; a second kind would make every one of those queries filter
by kind, in another app. The éclaireurs' charter is small (a text, its commitments, a
number) and each éclaireur records the version they accepted, which is all the machinery it needs.
"""

from __future__ import annotations

import functools
import operator
import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Language(models.TextChoices):
    FR = "fr", _("français")
    EN = "en", _("anglais")
    IT = "it", _("italien")
    DE = "de", _("allemand")
    ES = "es", _("espagnol")


class EclaireurCharter(models.Model):
    """The éclaireurs' charter of values; the current one is the latest published."""

    number = models.PositiveSmallIntegerField(_("numéro de version"), unique=True)
    title = models.CharField(_("titre"), max_length=200)
    preamble = models.TextField(_("préambule"), blank=True)
    commitments = models.JSONField(_("engagements"), default=list)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("charte des éclaireurs")
        verbose_name_plural = _("chartes des éclaireurs")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


class Eclaireur(TimeStampedModel):
    """An inhabitant who accepted the charter; a greeter if they also offer walks."""

    class Status(models.TextChoices):
        PENDING = "pending", _("à valider")
        ACTIVE = "active", _("actif")
        SUSPENDED = "suspended", _("suspendu")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    first_name = models.CharField(_("prénom"), max_length=80)
    last_name = models.CharField(_("nom"), max_length=80)
    email = models.EmailField(_("e-mail"), unique=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    commune = models.ForeignKey(
        "network.Commune", verbose_name=_("village"), on_delete=models.PROTECT, related_name="eclaireurs"
    )
    languages = ArrayField(
        models.CharField(max_length=2, choices=Language.choices), verbose_name=_("langues"), default=list
    )
    bio = models.TextField(_("en quelques mots"), blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    charter = models.ForeignKey(
        EclaireurCharter, verbose_name=_("charte acceptée"), on_delete=models.PROTECT, related_name="+"
    )
    charter_accepted_at = models.DateTimeField(_("charte acceptée le"))
    is_greeter = models.BooleanField(_("propose des balades (greeter)"), default=False)
    antennas = models.ManyToManyField(
        "network.Antenna", verbose_name=_("secteurs des balades"), blank=True, related_name="greeters"
    )
    available_days = ArrayField(
        models.PositiveSmallIntegerField(), verbose_name=_("jours disponibles"), default=list, blank=True
    )
    interests = models.CharField(_("thèmes de balade"), max_length=255, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(_("langue du site"), max_length=8, default="fr")

    class Meta:
        verbose_name = _("éclaireur")
        verbose_name_plural = _("éclaireurs")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def public_name(self) -> str:
        """First name and village: all the public pages ever show."""
        return f"{self.first_name} ({self.commune.name})"


def _exactly_one_subject() -> Q:
    given = {
        "workshop": Q(workshop__isnull=False),
        "offer": Q(offer__isnull=False),
        "member": Q(member__isnull=False),
        "place": ~Q(place_name=""),
    }
    absent = {
        "workshop": Q(workshop__isnull=True),
        "offer": Q(offer__isnull=True),
        "member": Q(member__isnull=True),
        "place": Q(place_name=""),
    }
    options = []
    for chosen in given:
        one = given[chosen]
        for other in absent:
            if other != chosen:
                one &= absent[other]
        options.append(one)
    return functools.reduce(operator.or_, options)


class Recommendation(TimeStampedModel):
    """« Le conseil d'un éclaireur »: a few lines on a workshop, an offer, a member or one's own place."""

    class Status(models.TextChoices):
        PENDING = "pending", _("à modérer")
        APPROVED = "approved", _("publié")
        REJECTED = "rejected", _("refusé")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    eclaireur = models.ForeignKey(
        Eclaireur, verbose_name=_("éclaireur"), on_delete=models.CASCADE, related_name="recommendations"
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        verbose_name=_("atelier"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    offer = models.ForeignKey(
        "offers.Offer",
        verbose_name=_("offre"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    member = models.ForeignKey(
        "network.Member",
        verbose_name=_("artisan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    place_name = models.CharField(_("lieu"), max_length=160, blank=True)
    text = models.TextField(_("conseil"))
    photo = models.ImageField(_("photo"), upload_to="community/", blank=True)
    photo_alt = models.CharField(_("description de la photo"), max_length=200, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conseil d'éclaireur")
        verbose_name_plural = _("conseils d'éclaireurs")
        ordering = ["-created_at"]
        constraints = [
            # Exactly one subject: a workshop, an offer, a member or a place of their own.
            models.CheckConstraint(
                condition=_exactly_one_subject(),
                name="recommendation_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.eclaireur.first_name} — {self.subject}"

    @property
    def subject(self) -> str:
        return str(self.workshop or self.offer or self.member or self.place_name)


class WalkRequest(TimeStampedModel):
    """A visitor asking for a free walk with a local; the first greeter to accept takes it."""

    class Status(models.TextChoices):
        OPEN = "open", _("en attente d'un greeter")
        ACCEPTED = "accepted", _("acceptée")
        CANCELLED = "cancelled", _("annulée")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    name = models.CharField(_("nom"), max_length=160)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    antenna = models.ForeignKey(
        "network.Antenna", verbose_name=_("secteur"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date souhaitée"))
    alternative_date = models.DateField(_("autre date possible"), null=True, blank=True)
    walk_language = models.CharField(_("langue de la balade"), max_length=2, choices=Language.choices)
    group_size = models.PositiveSmallIntegerField(_("nombre de personnes"))
    interests = models.CharField(_("centres d'intérêt"), max_length=255, blank=True)
    accessibility = models.CharField(_("besoins d'accessibilité"), max_length=255, blank=True)
    language = models.CharField(_("langue du site"), max_length=8, default="fr")
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    greeter = models.ForeignKey(
        Eclaireur,
        verbose_name=_("greeter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="walks",
    )
    walk_date = models.DateField(_("date retenue"), null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    thanks_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1 à 5)"), null=True, blank=True)
    satisfaction_comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("demande de balade")
        verbose_name_plural = _("demandes de balade")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(group_size__gte=1), name="walk_group_size_positive"),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(greeter__isnull=False, walk_date__isnull=False),
                name="walk_accepted_has_greeter",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="walk_satisfaction_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def can_give_feedback(self) -> bool:
        return (
            self.status == self.Status.ACCEPTED
            and self.walk_date is not None
            and self.walk_date < timezone.localdate()
            and self.satisfaction is None
        )


class Notification(models.Model):
    """One row per e-mail sent, so a task delivered twice sends one e-mail."""

    key = models.CharField(max_length=160, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notification envoyée")
        verbose_name_plural = _("notifications envoyées")

    def __str__(self) -> str:
        return self.key


class Perk(TimeStampedModel):
    """What the office offers its éclaireurs: an invitation to an event or an advantage (a code)."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("invitation")
        ADVANTAGE = "advantage", _("avantage")

    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    code = models.CharField(_("code à donner"), max_length=40, blank=True)
    valid_until = models.DateField(_("valable jusqu'au"))
    is_active = models.BooleanField(_("proposé"), default=True)

    class Meta:
        verbose_name = _("avantage ou invitation")
        verbose_name_plural = _("avantages et invitations")
        ordering = ["valid_until"]

    def __str__(self) -> str:
        return self.title


class GreeterAbsence(models.Model):
    """Days a greeter is away (holidays, busy weeks): no walk is offered to them on those days."""

    greeter = models.ForeignKey(Eclaireur, on_delete=models.CASCADE, related_name="absences")
    start = models.DateField(_("du"))
    end = models.DateField(_("au"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("absence d'un greeter")
        verbose_name_plural = _("absences des greeters")
        ordering = ["start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=F("start")), name="greeter_absence_range")]

    def __str__(self) -> str:
        return f"{self.greeter} : {self.start} → {self.end}"

    def covers(self, day) -> bool:
        return self.start <= day <= self.end
