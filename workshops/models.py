"""Workshops by artisans, their sessions, and the visitors' bookings.

Seats are scarce: every write that takes or frees seats goes through ``workshops.services``
under a row lock on the session (STYLE.md rule 11). ``Session.seats_booked`` is recomputed
from the booking rows under that lock and guarded by a CHECK constraint, so even a bug in
a future code path cannot store more booked seats than the capacity.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField

from common.models import TimeStampedModel

# Unambiguous alphabet for reference codes read aloud at the desk or on the phone:
# no 0/O, 1/I/L.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8
CHILD_AGE_LIMIT = 12


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Language(models.TextChoices):
    FR = "fr", _("français")
    EN = "en", _("anglais")
    IT = "it", _("italien")
    DE = "de", _("allemand")
    ES = "es", _("espagnol")


class Audience(models.TextChoices):
    FAMILIES = "families", _("familles")
    CHILDREN = "children", _("enfants")
    ADULTS = "adults", _("adultes")
    GROUPS = "groups", _("groupes")
    SCHOOLS = "schools", _("scolaires")
    SENIORS = "seniors", _("seniors")


# How many dates with seats the workshop row keeps for the catalogue card (Workshop.next_dates).
LISTING_DATES = 3

# Texts an artisan may also write in other languages (French is the original).
WORKSHOP_TRANSLATED_FIELDS = ("title", "summary", "description", "what_to_bring", "accessibility")


class Workshop(TimeStampedModel):
    """A workshop an artisan runs: what it is, where, for whom, at what price."""

    member = models.ForeignKey(
        "network.Member", verbose_name=_("membre"), on_delete=models.PROTECT, related_name="workshops"
    )
    slug = models.SlugField(_("identifiant"), unique=True, max_length=140)
    title = models.CharField(_("titre"), max_length=160)
    craft = models.ForeignKey(
        "network.Craft",
        verbose_name=_("savoir-faire"),
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    summary = models.CharField(_("accroche"), max_length=240, blank=True)
    description = models.TextField(_("description"))
    duration_minutes = models.PositiveIntegerField(
        _("durée (minutes)"), validators=[MinValueValidator(15), MaxValueValidator(24 * 60)]
    )
    price = models.DecimalField(_("prix par personne"), max_digits=8, decimal_places=2)
    child_price = models.DecimalField(
        _("prix enfant"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Pour les moins de 12 ans ; vide = plein tarif."),
    )
    min_participants = models.PositiveSmallIntegerField(_("participants minimum"), default=1)
    max_participants = models.PositiveSmallIntegerField(_("participants maximum"), default=8)
    min_age = models.PositiveSmallIntegerField(_("âge minimum"), default=0)
    languages = ArrayField(
        models.CharField(max_length=2, choices=Language.choices),
        verbose_name=_("langues"),
        default=list,
        blank=True,
    )
    audiences = ArrayField(
        models.CharField(max_length=12, choices=Audience.choices),
        verbose_name=_("publics"),
        default=list,
        blank=True,
    )
    what_to_bring = models.TextField(_("à prévoir"), blank=True)
    accessibility = models.TextField(_("accessibilité"), blank=True)
    place_name = models.CharField(_("lieu"), max_length=160, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "network.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    photo = models.ImageField(_("photo principale"), upload_to="workshops/", blank=True)
    photo_alt = models.CharField(_("description de la photo"), max_length=200, blank=True)
    cancellation_deadline_hours = models.PositiveSmallIntegerField(
        _("délai d'annulation (heures)"),
        default=48,
        help_text=_("Jusqu'à combien d'heures avant le début un visiteur peut annuler ou modifier."),
    )
    cancellation_refund_percent = models.PositiveSmallIntegerField(
        _("remboursement à l'annulation (%)"),
        default=100,
        validators=[MaxValueValidator(100)],
        help_text=_("Part du prix payé en ligne remboursée au visiteur qui annule dans le délai."),
    )
    pay_on_site_allowed = models.BooleanField(
        _("paiement sur place possible"),
        default=False,
        help_text=_(
            "Quand le paiement en ligne est actif, le visiteur peut choisir de régler sur place "
            "au lieu de payer par carte en réservant. Décidé par l'office."
        ),
    )
    is_published = models.BooleanField(_("publié"), default=True, db_index=True)
    # What the catalogue sorts and its card shows, kept by PostgreSQL (migration 0013): a trigger
    # on sessions and waitlist entries recomputes them from the rows, under the workshop's row
    # lock, at every change of seats, holds, dates or status; a periodic task refreshes what
    # time moves (a date that starts, an offer that expires). Never written from Python.
    next_start_with_seats = models.DateTimeField(
        _("prochaine date avec des places"), null=True, blank=True, editable=False
    )
    # Up to LISTING_DATES items {"id": public_id, "start": ISO datetime, "seats_left": n}, soonest first.
    next_dates = models.JSONField(_("prochaines dates avec des places"), default=list, editable=False)
    # The approved reviews' count and average, kept by a PostgreSQL trigger on reviews (migration 0015).
    review_count = models.PositiveIntegerField(_("avis publiés"), default=0, editable=False)
    review_average = models.FloatField(_("note moyenne"), null=True, blank=True, editable=False)

    # Other languages of these texts (django-modeltrans); French is the fallback.
    i18n = TranslationField(fields=WORKSHOP_TRANSLATED_FIELDS)

    class Meta:
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="workshop_price_not_negative"),
            models.CheckConstraint(
                condition=Q(child_price__isnull=True) | Q(child_price__gte=0),
                name="workshop_child_price_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(min_participants__gte=1) & Q(max_participants__gte=F("min_participants")),
                name="workshop_participants_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90) & Q(longitude__gte=-180, longitude__lte=180),
                name="workshop_coordinates_in_range",
            ),
            # The first stored date is the sort key: both set or both empty.
            models.CheckConstraint(
                condition=(Q(next_start_with_seats__isnull=True) & Q(next_dates=[]))
                | (Q(next_start_with_seats__isnull=False) & ~Q(next_dates=[])),
                name="workshop_next_dates_match_next_start",
            ),
            models.CheckConstraint(
                condition=(Q(review_count=0) & Q(review_average__isnull=True))
                | (Q(review_count__gt=0) & Q(review_average__gte=0) & Q(review_average__lte=10)),
                name="workshop_review_average_matches_count",
            ),
        ]
        indexes = [models.Index(fields=["member", "is_published"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:workshop_detail", kwargs={"slug": self.slug})

    def price_for(self, *, party_size: int, children: int) -> Decimal:
        child_price = self.child_price if self.child_price is not None else self.price
        return (self.price * (party_size - children) + child_price * children).quantize(Decimal("0.01"))

    def get_languages_display(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]

    def get_audiences_display(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels.get(code, code)) for code in self.audiences]


# What an artisan edits: the portal form shows these, the services accept only these.
WORKSHOP_EDITABLE_FIELDS = (
    "title",
    "craft",
    "summary",
    "description",
    "duration_minutes",
    "price",
    "child_price",
    "min_participants",
    "max_participants",
    "min_age",
    "languages",
    "audiences",
    "what_to_bring",
    "accessibility",
    "place_name",
    "address",
    "commune",
    "latitude",
    "longitude",
    "photo",
    "photo_alt",
    "cancellation_deadline_hours",
    "is_published",
)


class WorkshopPhoto(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("image"), upload_to="workshops/")
    alt = models.CharField(_("description"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("photo d'atelier")
        verbose_name_plural = _("photos d'atelier")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt


class Session(TimeStampedModel):
    """One date of a workshop. Times are aware datetimes; they display in Europe/Paris."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("programmée")
        CONFIRMED = "confirmed", _("confirmée")
        CANCELLED = "cancelled", _("annulée")

    class Decision(models.TextChoices):
        NONE = "", _("—")
        ASKED = "asked", _("artisan sollicité")
        GO = "go", _("maintenue")
        NO_GO = "no_go", _("annulée par l'artisan")
        AUTO_CANCELLED = "auto_cancelled", _("annulée faute de participants")

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("atelier"), on_delete=models.CASCADE, related_name="sessions"
    )
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    # Recomputed from the booking rows under the session lock; the CHECK below is the
    # database's own guarantee against overbooking.
    seats_booked = models.PositiveSmallIntegerField(_("places réservées"), default=0, editable=False)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.SCHEDULED, db_index=True
    )
    is_private = models.BooleanField(_("séance privée (groupe)"), default=False)
    go_no_go_at = models.DateTimeField(_("décision de maintien le"))
    decision = models.CharField(
        _("décision"), max_length=16, choices=Decision.choices, default="", blank=True
    )
    decision_asked_at = models.DateTimeField(_("artisan sollicité le"), null=True, blank=True)
    cancelled_reason = models.CharField(_("motif d'annulation"), max_length=255, blank=True)
    series = models.UUIDField(_("série"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="session_end_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
            models.CheckConstraint(
                condition=Q(seats_booked__gte=0) & Q(seats_booked__lte=F("capacity")),
                name="session_never_overbooked",
            ),
            # One live session per workshop and start: a series submitted twice must not
            # offer the same slot twice (and take twice the seats).
            models.UniqueConstraint(
                fields=["workshop", "start"],
                condition=~Q(status="cancelled"),
                name="session_one_live_per_workshop_start",
            ),
        ]
        indexes = [
            models.Index(fields=["workshop", "status", "start"]),
            models.Index(fields=["status", "start"]),
            # "Next public date of this workshop": an ordered walk that stops at the first row.
            models.Index(
                fields=["workshop", "start"],
                name="session_live_public_idx",
                condition=Q(status__in=["scheduled", "confirmed"], is_private=False),
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.workshop} — {local:%d/%m/%Y %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def awaits_go_no_go(self) -> bool:
        """Still to be confirmed or cancelled at ``go_no_go_at`` (minimum of participants)."""
        return self.status == self.Status.SCHEDULED and not self.decision and self.start > timezone.now()

    @property
    def is_past(self) -> bool:
        return self.start <= timezone.now()

    @property
    def is_bookable(self) -> bool:
        return not self.is_cancelled and not self.is_past


# A booking awaiting its online payment holds its seats until the payment's hold ends (the
# payments sweep releases it then), so it counts as taken like a confirmed one.
ACTIVE_BOOKING_STATUSES = ("confirmed", "confirmed_invoice", "pending_payment")


class Booking(TimeStampedModel):
    """Seats booked by a visitor (or a group) on one session."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmée")
        CONFIRMED_INVOICE = "confirmed_invoice", _("confirmée, paiement sur facture")
        CANCELLED = "cancelled", _("annulée")
        PENDING_PAYMENT = "pending_payment", _("en attente du paiement en ligne")

    class Channel(models.TextChoices):
        ONLINE = "online", _("en ligne")
        DESK = "desk", _("à l'accueil")
        PHONE = "phone", _("par téléphone")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("non renseignée")
        PRESENT = "present", _("présent")
        NO_SHOW = "no_show", _("absent")

    reference = models.CharField(
        _("référence"), max_length=REFERENCE_LENGTH, unique=True, default=new_reference, editable=False
    )
    manage_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    session = models.ForeignKey(
        Session, verbose_name=_("séance"), on_delete=models.PROTECT, related_name="bookings"
    )
    name = models.CharField(_("nom"), max_length=160)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    party_size = models.PositiveSmallIntegerField(_("nombre de personnes"))
    children = models.PositiveSmallIntegerField(_("dont enfants"), default=0)
    # Asked when the workshop has a minimum age; kept so a later change needs not ask again.
    youngest_age = models.PositiveSmallIntegerField(_("âge du plus jeune"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.CONFIRMED, db_index=True
    )
    channel = models.CharField(_("canal"), max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    price = models.DecimalField(_("prix total"), max_digits=9, decimal_places=2)
    consent_contact = models.BooleanField(_("accepte d'être recontacté"), default=False)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    is_group = models.BooleanField(_("réservation de groupe"), default=False)
    po_number = models.CharField(_("bon de commande"), max_length=60, blank=True)
    headcount_deadline = models.DateTimeField(_("effectif modifiable jusqu'au"), null=True, blank=True)
    attendance = models.CharField(
        _("présence"), max_length=8, choices=Attendance.choices, default="", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    cancel_reason = models.CharField(_("motif d'annulation"), max_length=255, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    survey_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(party_size__gt=0), name="booking_party_size_positive"),
            models.CheckConstraint(
                condition=Q(children__lte=F("party_size")), name="booking_children_within_party"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="booking_price_not_negative"),
        ]
        indexes = [models.Index(fields=["session", "status"]), models.Index(fields=["email"])]

    def __str__(self) -> str:
        return f"{self.reference} — {self.name}"

    def get_manage_url(self) -> str:
        return reverse("workshops:booking_manage", kwargs={"token": self.manage_token})

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_BOOKING_STATUSES

    def change_deadline(self) -> datetime.datetime:
        if self.is_group and self.headcount_deadline:
            return self.headcount_deadline
        hours = self.session.workshop.cancellation_deadline_hours
        return self.session.start - datetime.timedelta(hours=hours)

    def can_change(self, *, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.is_active and not self.session.is_cancelled and now < self.change_deadline()


class WaitlistEntry(TimeStampedModel):
    """A party waiting for seats; an offer holds the seats until it expires."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("en attente")
        OFFERED = "offered", _("places proposées")
        CLAIMED = "claimed", _("réservé")
        EXPIRED = "expired", _("offre expirée")
        CANCELLED = "cancelled", _("retiré")

    session = models.ForeignKey(
        Session, verbose_name=_("séance"), on_delete=models.CASCADE, related_name="waitlist"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    name = models.CharField(_("nom"), max_length=160)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    party_size = models.PositiveSmallIntegerField(_("nombre de personnes"))
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True
    )
    offered_at = models.DateTimeField(_("proposé le"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offre valable jusqu'au"), null=True, blank=True)
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="waitlist_entry"
    )
    language = models.CharField(_("langue"), max_length=8, default="fr")

    class Meta:
        verbose_name = _("inscription en liste d'attente")
        verbose_name_plural = _("liste d'attente")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(party_size__gt=0), name="waitlist_party_size_positive"),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="waitlist_offer_has_expiry",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            # Seats held by open offers are counted for every session the catalogue looks at:
            # a tiny index of the offered rows only makes that probe nearly free.
            models.Index(
                fields=["session", "offer_expires_at"],
                name="waitlist_open_offer_idx",
                condition=Q(status="offered"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.party_size})"

    def is_offer_open(self, *, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.OFFERED and self.offer_expires_at > now


class GroupRequest(TimeStampedModel):
    """A school or a group asking for a private session; answered with a proposal."""

    class GroupType(models.TextChoices):
        SCHOOL = "school", _("école / classe")
        LEISURE = "leisure", _("centre de loisirs")
        ASSOCIATION = "association", _("association / club")
        COMPANY = "company", _("entreprise / comité")
        FAMILY = "family", _("famille / amis")
        OTHER = "other", _("autre")

    class Status(models.TextChoices):
        NEW = "new", _("nouvelle")
        PROPOSED = "proposed", _("proposition envoyée")
        ACCEPTED = "accepted", _("acceptée")
        DECLINED = "declined", _("déclinée")

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("atelier"), on_delete=models.CASCADE, related_name="group_requests"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    group_type = models.CharField(_("type de groupe"), max_length=12, choices=GroupType.choices)
    organisation = models.CharField(_("établissement ou structure"), max_length=160, blank=True)
    contact_name = models.CharField(_("nom du contact"), max_length=160)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    size = models.PositiveSmallIntegerField(_("nombre de participants"))
    age_min = models.PositiveSmallIntegerField(_("âge des plus jeunes"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("âge des plus âgés"), null=True, blank=True)
    preferred_dates = models.TextField(_("dates souhaitées"))
    message = models.TextField(_("message"), blank=True)
    # The language the request was written in: the proposal and the group booking's emails use it.
    language = models.CharField(_("langue"), max_length=8, default="fr")
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    proposed_start = models.DateTimeField(_("date proposée"), null=True, blank=True)
    proposed_price = models.DecimalField(
        _("prix par personne proposé"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    proposal_message = models.TextField(_("message de la proposition"), blank=True)
    headcount_deadline = models.DateTimeField(_("effectif modifiable jusqu'au"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    session = models.OneToOneField(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="group_request"
    )
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="group_request"
    )

    class Meta:
        verbose_name = _("demande de groupe")
        verbose_name_plural = _("demandes de groupe")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="group_request_size_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_type_display()} — {self.organisation or self.contact_name}"

    @property
    def reference(self) -> str:
        """A short reference the group quotes when it writes or phones (« GR-1A2B3C4D »)."""
        return f"GR-{self.public_id.hex[:8].upper()}"

    @property
    def adaptations(self) -> list[str]:
        """What the artisan must adapt (« à adapter »): more people or younger children than the
        workshop takes. The request is kept, never refused silently."""
        notes = []
        workshop = self.workshop
        if self.size > workshop.max_participants:
            notes.append(
                _(
                    "%(size)s participants pour %(max)s places par séance : "
                    "à adapter (deux groupes, deux séances…)"
                )
                % {"size": self.size, "max": workshop.max_participants}
            )
        if self.age_min is not None and workshop.min_age and self.age_min < workshop.min_age:
            notes.append(
                _("enfants dès %(age)s ans pour un atelier à partir de %(min)s ans : à adapter")
                % {"age": self.age_min, "min": workshop.min_age}
            )
        return notes


class Review(TimeStampedModel):
    """A satisfaction survey answer; public as a review once approved by staff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("à modérer")
        APPROVED = "approved", _("publié")
        REJECTED = "rejected", _("refusé")

    booking = models.OneToOneField(
        Booking, verbose_name=_("réservation"), on_delete=models.CASCADE, related_name="review"
    )
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("atelier"), on_delete=models.CASCADE, related_name="reviews"
    )
    score = models.PositiveSmallIntegerField(_("note sur 10"))
    comment = models.TextField(_("commentaire"), blank=True)
    author_name = models.CharField(_("signature"), max_length=80)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=10), name="review_score_0_10"),
        ]
        indexes = [
            models.Index(
                fields=["workshop", "created_at"], name="review_approved_idx", condition=Q(status="approved")
            )
        ]

    def __str__(self) -> str:
        return f"{self.workshop} — {self.score}/10"


class CalendarFeed(models.Model):
    """A member's private iCal feed of their sessions (the token is the only key)."""

    member = models.OneToOneField(
        "network.Member", on_delete=models.CASCADE, related_name="workshop_calendar"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda iCal")
        verbose_name_plural = _("agendas iCal")

    def __str__(self) -> str:
        return str(self.member)


class NotificationLog(models.Model):
    """One row per notification sent, so a task delivered twice sends one email."""

    key = models.CharField(max_length=160, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notification envoyée")
        verbose_name_plural = _("notifications envoyées")

    def __str__(self) -> str:
        return self.key


class CatalogueChange(models.Model):
    """One row per statement that changed what the public workshop pages show.

    Written by PostgreSQL triggers (migration 0006) on workshops, sessions, bookings,
    waitlist entries, reviews, photos and members, so no writer can forget it; the public
    page cache keys on ``(count, max id)`` of this table (see selectors.catalogue_stamp).
    Rows marked ``content`` (migration 0017) are the changes a workshop page's shell shows (all
    but seats and dates; see selectors.catalogue_content_stamp). A periodic task prunes old rows.
    """

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(default=timezone.now)
    # What a workshop page's shell shows changed (not only seats or dates): migration 0017.
    content = models.BooleanField(_("contenu"), default=False, db_default=False)

    class Meta:
        verbose_name = _("changement du catalogue")
        verbose_name_plural = _("changements du catalogue")

    def __str__(self) -> str:
        return f"{self.pk} · {self.at:%d/%m/%Y %H:%M:%S}"
