"""Payments taken online, their refunds, and the provider's webhook events (each processed once).

A payment points at what it pays through a generic reference (``reference_kind``,
``reference_id``): payments knows no app above it; the paying app reacts through ``hooks``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel

OPEN_STATUSES = ("pending", "requires_action", "failed")


class Payment(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        REQUIRES_ACTION = "requires_action", _("authentification en cours")
        SUCCEEDED = "succeeded", _("payé")
        FAILED = "failed", _("refusé (nouvel essai possible)")
        EXPIRED = "expired", _("délai dépassé")
        CANCELLED = "cancelled", _("abandonné")

    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    reference_kind = models.CharField(_("objet payé"), max_length=40)
    reference_id = models.CharField(_("identifiant de l'objet"), max_length=64)
    description = models.CharField(_("libellé"), max_length=200)
    email = models.EmailField(_("e-mail"))
    amount = models.DecimalField(_("montant"), max_digits=9, decimal_places=2)
    currency = models.CharField(_("devise"), max_length=3, default="eur")
    provider = models.CharField(_("prestataire"), max_length=20)
    provider_ref = models.CharField(_("référence du prestataire"), max_length=120, blank=True, db_index=True)
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    failure_message = models.CharField(_("motif du refus"), max_length=255, blank=True)
    expires_at = models.DateTimeField(_("à payer avant"), null=True, blank=True)
    return_url = models.CharField(_("page de retour"), max_length=300, blank=True)
    paid_at = models.DateTimeField(_("payé le"), null=True, blank=True)
    # A success that arrived after the hold ended (the paying app decides whether to honour it).
    late = models.BooleanField(_("payé après le délai"), default=False)

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            # A double click cannot open two intents for the same thing.
            models.UniqueConstraint(
                fields=["reference_kind", "reference_id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="payment_one_open_per_reference",
            ),
        ]
        indexes = [
            models.Index(fields=["reference_kind", "reference_id"]),
            models.Index(
                fields=["expires_at"], name="payment_open_expiry_idx", condition=Q(status__in=OPEN_STATUSES)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} — {self.amount} €"

    def get_absolute_url(self) -> str:
        return reverse("payments:pay", kwargs={"key": self.public_id})

    def get_staff_url(self) -> str:
        return reverse("payments_staff:payment_detail", kwargs={"key": self.public_id})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_paid(self) -> bool:
        return self.status == self.Status.SUCCEEDED

    def hold_over(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def total(self) -> Decimal:
        """Card and voucher together: what the refund's credit note covers."""
        return self.amount + self.voucher_amount

    @property
    def amount_cents(self) -> int:
        return int((self.amount * 100).to_integral_value())

    def refunded_total(self) -> Decimal:
        """Refunds asked or done (failed ones give the amount back)."""
        total = self.refunds.exclude(status=Refund.Status.FAILED).aggregate(s=Sum("amount"))["s"]
        return total or Decimal("0")


class Refund(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("en cours")
        SUCCEEDED = "succeeded", _("remboursé")
        FAILED = "failed", _("échec")

    class Kind(models.TextChoices):
        STAFF = "staff", _("par l'équipe")
        CANCELLATION = "cancellation", _("annulation par le visiteur")
        SESSION_CANCELLED = "session_cancelled", _("séance annulée")
        LATE_PAYMENT = "late_payment", _("paiement après le délai")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    payment = models.ForeignKey(
        Payment, verbose_name=_("paiement"), on_delete=models.PROTECT, related_name="refunds"
    )
    # What goes back on the card (0 when a gift voucher gets all of it back).
    amount = models.DecimalField(_("montant"), max_digits=9, decimal_places=2)
    # What the same refund gave back to the gift voucher(s) that paid part of the payment's
    # checkout; the credit note covers ``amount + voucher_amount``.
    voucher_amount = models.DecimalField(
        _("recrédité sur le bon cadeau"), max_digits=9, decimal_places=2, default=Decimal("0.00")
    )
    # A staff refund form carries one key: a double click records one refund.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    reason = models.CharField(_("motif"), max_length=255)
    kind = models.CharField(_("origine"), max_length=20, choices=Kind.choices, default=Kind.STAFF)
    # What the refund covers, e.g. ["booking:ABCD2345", "product:12x1"] (shown to staff and the visitor).
    lines = models.JSONField(_("lignes"), default=list, blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.PENDING)
    provider_ref = models.CharField(_("référence du prestataire"), max_length=120, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("remboursement")
        verbose_name_plural = _("remboursements")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0, voucher_amount__gte=0)
                & (Q(amount__gt=0) | Q(voucher_amount__gt=0)),
                name="refund_amount_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.amount} € — {self.reason}"

    @property
    def total(self) -> Decimal:
        """Card and voucher together: what the refund's credit note covers."""
        return self.amount + self.voucher_amount

    @property
    def amount_cents(self) -> int:
        return int((self.amount * 100).to_integral_value())


class WebhookEvent(models.Model):
    """One row per provider event: the unique key is what makes a replay harmless."""

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=120)
    type = models.CharField(max_length=80)
    received_at = models.DateTimeField(auto_now_add=True)
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("événement du prestataire")
        verbose_name_plural = _("événements du prestataire")
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="webhook_event_once")]

    def __str__(self) -> str:
        return f"{self.provider} {self.type} {self.event_id}"
