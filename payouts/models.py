"""Money to members: the commission rate of a workshop, payouts of a monthly statement, and the
SEPA credit-transfer files sent to the office's bank."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel


class WorkshopCommission(models.Model):
    """A commission rate agreed for one workshop (beats the member's rate and the network's)."""

    workshop = models.OneToOneField(
        "workshops.Workshop", verbose_name=_("atelier"), on_delete=models.CASCADE, related_name="commission"
    )
    rate = models.DecimalField(_("taux de commission (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("commission d'un atelier")
        verbose_name_plural = _("commissions des ateliers")
        constraints = [
            models.CheckConstraint(
                condition=Q(rate__gte=0, rate__lte=100), name="payouts_workshop_commission_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workshop} — {self.rate} %"


class SepaExport(TimeStampedModel):
    """One pain.001.001.03 file: the credit transfers of a month's unpaid members."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    period = models.DateField(_("mois"), help_text=_("Premier jour du mois."))
    message_id = models.CharField(_("identifiant du message"), max_length=35, unique=True)
    execution_date = models.DateField(_("date d'exécution demandée"))
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    count = models.PositiveIntegerField(_("nombre de virements"))
    xml = models.TextField(_("fichier XML"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("fichier de virements SEPA")
        verbose_name_plural = _("fichiers de virements SEPA")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gt=0, count__gt=0), name="payouts_sepa_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} — {self.total} €"

    @property
    def filename(self) -> str:
        return f"virements-{self.period:%Y-%m}-{self.message_id}.xml"


class Payout(TimeStampedModel):
    """The payment of a member's net for one month (one per member and month)."""

    class Method(models.TextChoices):
        SEPA = "sepa", _("virement SEPA (fichier)")
        TRANSFER = "transfer", _("virement")
        CHEQUE = "cheque", _("chèque")

    member = models.ForeignKey(
        "network.Member", verbose_name=_("membre"), on_delete=models.PROTECT, related_name="payouts"
    )
    period = models.DateField(_("mois"), help_text=_("Premier jour du mois."))
    statement = models.OneToOneField(
        "shop.Statement",
        verbose_name=_("relevé"),
        on_delete=models.PROTECT,
        related_name="payout",
    )
    amount = models.DecimalField(_("montant"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("date du versement"))
    reference = models.CharField(_("référence"), max_length=35)
    method = models.CharField(_("moyen"), max_length=10, choices=Method.choices)
    # The account the money went to, as it was then (the member may change it later).
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    sepa_export = models.ForeignKey(
        SepaExport,
        verbose_name=_("fichier SEPA"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payouts",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisi par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("versement")
        verbose_name_plural = _("versements")
        ordering = ["-period", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["member", "period"], name="payouts_one_per_member_month"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payouts_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.period:%m/%Y} — {self.amount} €"

    @property
    def amount_cents(self) -> int:
        return int((self.amount * 100).to_integral_value())
