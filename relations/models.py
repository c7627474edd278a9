"""The relationship tool (issue 14): contact profiles, merges, newsletter sign-ups, segments,
campaigns and their per-recipient log, promo codes, stay surveys.

Consent itself lives in ``network`` (``Contact``, ``ConsentEvent``) and is read through ONE
registry, ``network.selectors.contact_reachable(purpose=…)``.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _token() -> str:
    return secrets.token_urlsafe(32)


class RelationsSettings(models.Model):
    """The office's choices for the relationship tool (one row)."""

    coordinators_see_contacts = models.BooleanField(
        _("les coordinateurs voient les contacts de leur antenne"), default=True
    )

    class Meta:
        verbose_name = _("réglages de la relation visiteurs")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> RelationsSettings:
        return cls.objects.order_by("pk").first() or cls()


class ContactProfile(models.Model):
    """What the contact file adds to ``network.Contact``: residence, tags."""

    contact = models.OneToOneField("network.Contact", on_delete=models.CASCADE, related_name="profile")
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    commune = models.CharField(_("commune de résidence"), max_length=120, blank=True)
    department = models.CharField(_("département"), max_length=3, blank=True, db_index=True)
    country = models.CharField(_("pays"), max_length=2, default="FR", db_index=True)
    tags = ArrayField(models.CharField(max_length=40), verbose_name=_("étiquettes"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("fiche contact")
        verbose_name_plural = _("fiches contact")

    def __str__(self) -> str:
        return str(self.contact_id)

    def save(self, *args, **kwargs):
        self.department = department_of(self.postcode, self.country)
        super().save(*args, **kwargs)


def department_of(postcode: str, country: str = "FR") -> str:
    postcode = (postcode or "").strip().replace(" ", "")
    if country != "FR" or len(postcode) != 5 or not postcode.isdigit():
        return ""
    if postcode.startswith("97"):
        return postcode[:3]
    if postcode.startswith("20"):
        return "2A" if int(postcode) < 20200 else "2B"
    return postcode[:2]


class ContactMerge(models.Model):
    """A duplicate merged into ``kept``: the merged row's details, kept as history."""

    kept = models.ForeignKey("network.Contact", on_delete=models.CASCADE, related_name="merges")
    merged_email = models.EmailField(_("adresse fusionnée"), db_index=True)
    snapshot = models.JSONField(_("fiche fusionnée"))
    merged_at = models.DateTimeField(_("fusionné le"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("fusion de contacts")
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return self.merged_email


class NewsletterSignup(models.Model):
    """Double opt-in: a sign-up counts only once the link sent by e-mail is confirmed (POST)."""

    email = models.EmailField(_("adresse e-mail"))
    language = models.CharField(max_length=8, default="fr")
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("inscription à la lettre")

    def __str__(self) -> str:
        return self.email


class Segment(models.Model):
    """A saved filter over the contacts (always within the consent registry)."""

    name = models.CharField(_("nom"), max_length=160)
    filters = models.JSONField(_("filtres"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("segment")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PromoCode(models.Model):
    """An off-season reduction: valid on chosen session dates and workshops, applied at booking."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    percent_off = models.PositiveSmallIntegerField(_("réduction (%)"))
    valid_from = models.DateField(_("séances à partir du"))
    valid_until = models.DateField(_("séances jusqu'au"))
    workshops = models.ManyToManyField("workshops.Workshop", verbose_name=_("ateliers"), blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("code promo")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_off__gte=1, percent_off__lte=100), name="promo_percent_range"
            ),
            models.CheckConstraint(condition=Q(code=models.functions.Upper("code")), name="promo_code_upper"),
        ]

    def __str__(self) -> str:
        return f"{self.code} (−{self.percent_off} %)"


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        SCHEDULED = "scheduled", _("programmée")
        SENDING = "sending", _("en cours d'envoi")
        SENT = "sent", _("envoyée")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nom"), max_length=160)
    subject = models.CharField(_("objet"), max_length=160)
    intro = models.TextField(_("texte"), blank=True)
    offer = models.TextField(_("offre"), blank=True)
    segment = models.ForeignKey(Segment, verbose_name=_("segment"), on_delete=models.PROTECT)
    workshops = models.ManyToManyField("workshops.Workshop", verbose_name=_("ateliers"), blank=True)
    products = models.ManyToManyField("shop.Product", verbose_name=_("produits"), blank=True)
    promo_code = models.ForeignKey(
        PromoCode, verbose_name=_("code promo"), null=True, blank=True, on_delete=models.SET_NULL
    )
    voucher_offer = models.BooleanField(
        _("proposer un bon cadeau"),
        default=False,
        help_text=_("Un lien vers l'achat d'un bon cadeau, à offrir pour un atelier ou d'un montant libre."),
    )
    voucher_workshop = models.ForeignKey(
        "workshops.Workshop",
        verbose_name=_("bon cadeau pour l'atelier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Facultatif : le lien ouvre l'achat d'un bon pour cet atelier."),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    scheduled_at = models.DateTimeField(_("envoi programmé le"), null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("campagne")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class CampaignRecipient(models.Model):
    """One row per recipient, fixed when the send starts: the log, and what makes resuming safe."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("en file")
        CLAIMED = "claimed", _("en cours")
        SENT = "sent", _("envoyé")
        SKIPPED = "skipped", _("écarté")

    id = models.BigAutoField(primary_key=True)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recipients")
    contact = models.ForeignKey("network.Contact", null=True, on_delete=models.SET_NULL, related_name="+")
    email = models.CharField(max_length=254)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    reason = models.CharField(_("motif"), max_length=120, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("destinataire")
        constraints = [models.UniqueConstraint(fields=["campaign", "email"], name="one_send_per_address")]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return self.email


class StaySurvey(models.Model):
    """The office-level satisfaction survey after a stay (bookings and orders within days)."""

    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    contact = models.ForeignKey("network.Contact", null=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField()
    stay_end = models.DateField(_("fin du séjour"))
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("recommanderiez-vous le territoire ? (0 à 10)"), null=True)
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("enquête séjour")
        constraints = [models.UniqueConstraint(fields=["email", "stay_end"], name="one_stay_survey")]

    def __str__(self) -> str:
        return self.email


class RetentionNotice(models.Model):
    """Staff were warned that this contact reaches the retention limit (anonymised a month later
    unless they come back)."""

    contact = models.OneToOneField("network.Contact", on_delete=models.CASCADE, related_name="+")
    warned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("avertissement de conservation")

    def __str__(self) -> str:
        return f"{self.contact_id} · {self.warned_at:%d/%m/%Y}"


class Spending(models.Model):
    """What each address has spent: confirmed workshop bookings plus collected click & collect
    orders, in euros, keyed by the lower-cased address.

    Maintained by PostgreSQL triggers on ``workshops_booking`` and ``shop_order`` (migration
    0004), by increments so that concurrent bookings of one person add up instead of the last
    writer winning. The « amount spent » segment reads it: summing 140,000 rows for each count
    took 0.5 to 5 s over 100,000 contacts (bench/relations_bench.py).
    """

    email = models.CharField(max_length=254, primary_key=True)
    amount = models.DecimalField(_("montant dépensé"), max_digits=12, decimal_places=2, db_index=True)

    class Meta:
        db_table = "relations_spending"
        verbose_name = _("dépenses d'une adresse")

    def __str__(self) -> str:
        return f"{self.email}: {self.amount}"
