"""The Maison de l'artisanat: its spaces (rooms, coworking desks, exhibition space, workshop
room) and their bookings.

A space is scarce like a workshop seat: ``places.services`` takes a row lock on the space and
re-checks overlaps from the booking rows before writing (STYLE.md rule 11), and the exclusion
constraint below is PostgreSQL's own guarantee that two confirmed bookings of one space never
overlap, whatever code path writes them.
"""

from __future__ import annotations

import datetime
import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel


def new_token() -> str:
    return secrets.token_urlsafe(24)


class TsTzRange(Func):
    """``tstzrange(start, end, '[)')``: half-open, so 9:00-12:30 and 12:30-18:00 do not overlap."""

    function = "TSTZRANGE"
    output_field = models.Field()

    def __init__(self, *expressions, **extra):
        super().__init__(*expressions, RangeBoundary(), **extra)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("lundi")
    TUESDAY = 1, _("mardi")
    WEDNESDAY = 2, _("mercredi")
    THURSDAY = 3, _("jeudi")
    FRIDAY = 4, _("vendredi")
    SATURDAY = 5, _("samedi")
    SUNDAY = 6, _("dimanche")


class Space(TimeStampedModel):
    """A bookable space of the house, with its hours, rules, equipment and prices."""

    class Kind(models.TextChoices):
        DESK = "desk", _("poste de coworking")
        ROOM = "room", _("salle de réunion")
        WORKSHOP_ROOM = "workshop_room", _("salle d'atelier")
        EXHIBITION = "exhibition", _("espace d'exposition")

    slug = models.SlugField(_("identifiant"), unique=True, max_length=80)
    name = models.CharField(_("nom"), max_length=120)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacité (personnes)"))
    equipment = models.TextField(_("équipement"), blank=True)
    rules = models.TextField(_("règles d'usage"), blank=True)
    opens_at = models.TimeField(_("ouverture"), default=datetime.time(8, 30))
    closes_at = models.TimeField(_("fermeture"), default=datetime.time(18, 0))
    open_days = ArrayField(
        models.PositiveSmallIntegerField(choices=Weekday.choices),
        verbose_name=_("jours d'ouverture"),
        default=list,
        help_text=_("0 = lundi … 6 = dimanche."),
    )
    member_price_per_hour = models.DecimalField(
        _("prix membre par heure"), max_digits=7, decimal_places=2, default=0
    )
    public_price_per_hour = models.DecimalField(
        _("prix public par heure"), max_digits=7, decimal_places=2, default=0
    )
    members_only = models.BooleanField(
        _("réservé aux membres"),
        default=False,
        help_text=_("Les associations et habitants ne peuvent pas le demander."),
    )
    is_active = models.BooleanField(_("en service"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("espace")
        verbose_name_plural = _("espaces")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="space_capacity_positive"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="space_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(member_price_per_hour__gte=0) & Q(public_price_per_hour__gte=0),
                name="space_prices_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:space_detail", kwargs={"slug": self.slug})

    def get_open_days_display(self) -> list[str]:
        labels = dict(Weekday.choices)
        return [str(labels[d]) for d in sorted(self.open_days)]

    def open_minutes_per_day(self) -> int:
        start = datetime.datetime.combine(datetime.date.min, self.opens_at)
        end = datetime.datetime.combine(datetime.date.min, self.closes_at)
        return int((end - start).total_seconds() // 60)


# Confirmed bookings hold the space; a request waiting for staff does not (staff re-check
# overlaps when they approve it), so a pending request cannot block the members' desks.
HOLDING_STATUSES = ("confirmed",)


class SpaceBooking(TimeStampedModel):
    """A space taken for a time range, by a member (portal) or asked for by an association or an
    inhabitant (public request, approved by staff)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("demande à étudier")
        CONFIRMED = "confirmed", _("confirmée")
        DECLINED = "declined", _("refusée")
        CANCELLED = "cancelled", _("annulée")

    class Requester(models.TextChoices):
        MEMBER = "member", _("membre du réseau")
        ASSOCIATION = "association", _("association")
        INHABITANT = "inhabitant", _("habitant")
        SCHOOL = "school", _("classe (visite scolaire)")

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    space = models.ForeignKey(
        Space, verbose_name=_("espace"), on_delete=models.PROTECT, related_name="bookings"
    )
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, db_index=True)
    requester = models.CharField(_("demandeur"), max_length=12, choices=Requester.choices)
    member = models.ForeignKey(
        "network.Member",
        verbose_name=_("membre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="space_bookings",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.CharField(_("association ou structure"), max_length=160, blank=True)
    contact_name = models.CharField(_("nom du contact"), max_length=160)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    headcount = models.PositiveSmallIntegerField(_("nombre de personnes"), default=1)
    purpose = models.TextField(_("objet"), blank=True)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    series = models.UUIDField(_("série"), null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decline_reason = models.CharField(_("motif du refus"), max_length=255, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    # Set by the e-mail tasks with a conditional update, so a task delivered twice mails once.
    acknowledged_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancellation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("réservation d'espace")
        verbose_name_plural = _("réservations d'espaces")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="space_booking_end_after_start"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="space_booking_headcount_positive"),
            models.CheckConstraint(
                condition=~Q(requester="member") | Q(member__isnull=False),
                name="space_booking_member_has_member",
            ),
            # The database invariant: one space, no two confirmed bookings overlapping in time.
            ExclusionConstraint(
                name="space_booking_no_overlap",
                expressions=[
                    (F("space"), RangeOperators.EQUAL),
                    (TsTzRange("start", "end"), RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=HOLDING_STATUSES),
            ),
        ]
        indexes = [
            models.Index(fields=["space", "status", "start"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.space} — {local:%d/%m/%Y %H:%M}"

    @property
    def who(self) -> str:
        if self.member_id:
            return self.member.name
        return self.organisation or self.contact_name

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    def can_cancel(self, *, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status in (self.Status.REQUESTED, self.Status.CONFIRMED) and self.start > now

    def get_status_url(self) -> str:
        return reverse("places:request_status", kwargs={"token": self.token})


class SchoolVisit(TimeStampedModel):
    """A class visiting the house: its request holds a ``SpaceBooking`` of the exhibition space
    (approved by staff like any request) and, when a workshop is wanted, a group request of the
    workshops app (the artisan answers it with the usual proposal flow)."""

    class Level(models.TextChoices):
        MATERNELLE = "maternelle", _("maternelle")
        CYCLE2 = "cycle2", _("CP – CE2")
        CYCLE3 = "cycle3", _("CM1 – CM2")
        COLLEGE = "college", _("collège")
        LYCEE = "lycee", _("lycée")

    booking = models.OneToOneField(
        SpaceBooking, verbose_name=_("réservation"), on_delete=models.CASCADE, related_name="school_visit"
    )
    level = models.CharField(_("niveau"), max_length=12, choices=Level.choices)
    teachers = models.CharField(_("enseignants et accompagnateurs"), max_length=255)
    group_request = models.OneToOneField(
        "workshops.GroupRequest",
        verbose_name=_("demande d'atelier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("visite scolaire")
        verbose_name_plural = _("visites scolaires")

    def __str__(self) -> str:
        return f"{self.booking.organisation} — {self.get_level_display()}"


class DateRange(Func):
    """``daterange(starts_on, ends_on, '[]')``: both days included."""

    function = "DATERANGE"
    output_field = models.Field()

    def __init__(self, *expressions, **extra):
        super().__init__(*expressions, Value("[]"), **extra)


class Exhibition(TimeStampedModel):
    """A member's exhibition in the house's exhibition space; one at a time in a space."""

    space = models.ForeignKey(
        Space, verbose_name=_("espace"), on_delete=models.PROTECT, related_name="exhibitions"
    )
    member = models.ForeignKey(
        "network.Member", verbose_name=_("membre"), on_delete=models.PROTECT, related_name="exhibitions"
    )
    title = models.CharField(_("titre"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    is_published = models.BooleanField(_("publiée"), default=True)

    class Meta:
        verbose_name = _("exposition")
        verbose_name_plural = _("expositions")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="exhibition_ends_after_start"
            ),
            ExclusionConstraint(
                name="exhibition_no_overlap",
                expressions=[
                    (F("space"), RangeOperators.EQUAL),
                    (DateRange("starts_on", "ends_on"), RangeOperators.OVERLAPS),
                ],
                condition=Q(is_published=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.member})"
