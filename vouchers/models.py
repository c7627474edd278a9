"""Gift vouchers (bons cadeaux) and their ledger of movements.

The balance is the sum of the movements; ``Voucher.balance`` caches it and is written only in
the same transaction as a movement, under the voucher's row lock (see services). PostgreSQL
refuses a negative balance and any UPDATE or DELETE of a movement (trigger in migration 0002).
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel

from .codes import display, new_code


class Voucher(TimeStampedModel):
    class Kind(models.TextChoices):
        AMOUNT = "amount", _("montant libre")
        WORKSHOP = "workshop", _("atelier")

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente de paiement")
        ACTIVE = "active", _("émis")
        CANCELLED = "cancelled", _("annulé")

    class Channel(models.TextChoices):
        ONLINE = "online", _("en ligne")
        DESK = "desk", _("à l'accueil")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The buyer's link to the order page and PDF (a secret, like a booking's manage link).
    order_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("code"), max_length=14, unique=True, default=new_code, editable=False)
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices, default=Kind.AMOUNT)
    workshop = models.ForeignKey(
        "workshops.Workshop",
        verbose_name=_("atelier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vouchers",
    )
    seats = models.PositiveSmallIntegerField(_("places"), default=0)
    amount = models.DecimalField(_("valeur"), max_digits=9, decimal_places=2)
    balance = models.DecimalField(_("solde"), max_digits=9, decimal_places=2, default=Decimal("0.00"))
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    channel = models.CharField(_("canal"), max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    expires_on = models.DateField(_("valable jusqu'au"))
    buyer_name = models.CharField(_("acheteur"), max_length=160)
    buyer_email = models.EmailField(_("e-mail de l'acheteur"))
    recipient_name = models.CharField(_("bénéficiaire"), max_length=160, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    issued_at = models.DateTimeField(_("émis le"), null=True, blank=True)
    cancelled_reason = models.CharField(_("motif d'annulation"), max_length=300, blank=True)
    payment_method = models.CharField(_("moyen de paiement"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("bon cadeau")
        verbose_name_plural = _("bons cadeaux")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="voucher_amount_positive"),
            models.CheckConstraint(condition=Q(balance__gte=0), name="voucher_balance_not_negative"),
            models.CheckConstraint(
                condition=Q(balance__lte=models.F("amount")), name="voucher_balance_le_amount"
            ),
            models.CheckConstraint(
                condition=Q(kind="amount") | Q(workshop__isnull=False, seats__gt=0),
                name="voucher_workshop_has_seats",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_on"])]

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        return display(self.code)

    def get_order_url(self) -> str:
        return reverse("vouchers:order", kwargs={"key": self.order_key})

    def is_expired(self, today: datetime.date | None = None) -> bool:
        return self.expires_on < (today or timezone.localdate())

    @property
    def spent(self) -> Decimal:
        return self.amount - self.balance if self.issued_at else Decimal("0.00")


class Movement(models.Model):
    """One line of a voucher's ledger. Never updated nor deleted (trigger)."""

    class Kind(models.TextChoices):
        ISSUE = "issue", _("émission")
        REDEEM = "redeem", _("utilisation")
        RECREDIT = "recredit", _("remboursement / recrédit")
        EXPIRE = "expire", _("expiration")
        CANCEL = "cancel", _("annulation")
        REFUND = "refund", _("remboursé")

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("mouvement"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("montant"), max_digits=9, decimal_places=2)
    balance_after = models.DecimalField(_("solde après"), max_digits=9, decimal_places=2)
    reference = models.CharField(_("référence"), max_length=80, blank=True)
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("mouvement de bon cadeau")
        verbose_name_plural = _("mouvements de bons cadeaux")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="voucher_movement_not_zero"),
            models.CheckConstraint(condition=Q(balance_after__gte=0), name="voucher_movement_balance_ok"),
            models.CheckConstraint(
                condition=(Q(kind__in=["issue", "recredit"], amount__gt=0))
                | (Q(kind__in=["redeem", "expire", "cancel", "refund"], amount__lt=0)),
                name="voucher_movement_sign_by_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voucher} {self.get_kind_display()} {self.amount}"
