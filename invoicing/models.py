"""Invoices and credit notes, numbered without gaps per year and kind.

The seller and buyer are copied onto the invoice when it is issued: an invoice never changes
when the office's address or the school's name changes later. Amounts per line are HT; the VAT
of each rate is computed on the total HT of that rate (French practice, EN 16931 BR-CO rules).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel


class Invoice(TimeStampedModel):
    class Kind(models.TextChoices):
        INVOICE = "invoice", _("facture")
        CREDIT_NOTE = "credit_note", _("avoir")

    class Status(models.TextChoices):
        ISSUED = "issued", _("émise, à payer")
        PAID = "paid", _("payée")

    class BuyerKind(models.TextChoices):
        PERSON = "person", _("particulier")
        BUSINESS = "business", _("professionnel")
        PUBLIC = "public", _("organisme public (Chorus Pro)")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    year = models.PositiveSmallIntegerField(_("année"))
    sequence = models.PositiveIntegerField(_("rang"))
    number = models.CharField(_("numéro"), max_length=20, unique=True)
    issued_on = models.DateField(_("date d'émission"))
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=8, choices=Status.choices, default=Status.ISSUED)
    credited_invoice = models.ForeignKey(
        "self",
        verbose_name=_("facture d'origine"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_notes",
    )
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    # What the invoice is for, without a foreign key to an app above (« workshops.booking », 42).
    reference_kind = models.CharField(max_length=40, blank=True)
    reference_id = models.CharField(max_length=40, blank=True)
    # Seller, copied from the main office at issue.
    seller_name = models.CharField(_("vendeur"), max_length=160)
    seller_address = models.CharField(_("adresse du vendeur"), max_length=255, blank=True)
    seller_postcode = models.CharField(max_length=10, blank=True)
    seller_city = models.CharField(max_length=120, blank=True)
    seller_siret = models.CharField(_("SIRET du vendeur"), max_length=14, blank=True)
    seller_vat_number = models.CharField(max_length=20, blank=True)
    seller_vat_exempt = models.BooleanField(default=False)
    seller_email = models.EmailField(blank=True)
    # Buyer.
    buyer_kind = models.CharField(
        _("client"), max_length=10, choices=BuyerKind.choices, default=BuyerKind.PERSON
    )
    buyer_name = models.CharField(_("nom du client"), max_length=160)
    buyer_address = models.CharField(_("adresse"), max_length=255, blank=True)
    buyer_postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    buyer_city = models.CharField(_("ville"), max_length=120, blank=True)
    buyer_country = models.CharField(_("pays"), max_length=2, default="FR")
    buyer_email = models.EmailField(_("e-mail"), blank=True)
    buyer_siret = models.CharField(_("SIRET du client"), max_length=14, blank=True)
    buyer_vat_number = models.CharField(_("TVA intracommunautaire du client"), max_length=20, blank=True)
    buyer_reference = models.CharField(_("bon de commande / engagement"), max_length=60, blank=True)
    # Totals (computed by the service, never typed).
    total_ht = models.DecimalField(_("total HT"), max_digits=12, decimal_places=2)
    total_vat = models.DecimalField(_("total TVA"), max_digits=12, decimal_places=2)
    total_ttc = models.DecimalField(_("total TTC"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("payée le"), null=True, blank=True)
    payment_method = models.CharField(_("moyen de paiement"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("facture")
        verbose_name_plural = _("factures")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "sequence"], name="invoice_sequence_unique"),
            models.UniqueConstraint(
                fields=["reference_kind", "reference_id"],
                condition=Q(kind="invoice") & ~Q(reference_kind=""),
                name="invoice_one_per_reference",
            ),
            models.CheckConstraint(
                condition=Q(kind="invoice", credited_invoice__isnull=True)
                | Q(kind="credit_note", credited_invoice__isnull=False),
                name="invoice_credit_note_has_origin",
            ),
            models.CheckConstraint(
                condition=Q(total_ttc=models.F("total_ht") + models.F("total_vat")),
                name="invoice_totals_add_up",
            ),
            models.CheckConstraint(condition=Q(total_ht__gte=0), name="invoice_totals_not_negative"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def is_electronic(self) -> bool:
        """Professionals and public bodies get a Factur-X (PDF/A-3 + CII XML)."""
        return self.buyer_kind in (self.BuyerKind.BUSINESS, self.BuyerKind.PUBLIC)

    @property
    def seller_vat_mention(self) -> str:
        from network.models import vat_mention

        return vat_mention(exempt=self.seller_vat_exempt, number=self.seller_vat_number)

    def vat_breakdown(self) -> list[dict]:
        """[{rate, base, vat}] per VAT rate, VAT computed on the total HT of the rate."""
        from .services.compute import vat_breakdown

        return vat_breakdown(self.lines.all())

    @property
    def credited_total(self) -> Decimal:
        return sum((note.total_ttc for note in self.credit_notes.all()), Decimal("0.00"))


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(_("désignation"), max_length=255)
    quantity = models.DecimalField(_("quantité"), max_digits=9, decimal_places=2)
    unit_price_ht = models.DecimalField(_("prix unitaire HT"), max_digits=12, decimal_places=4)
    vat_rate = models.DecimalField(_("taux de TVA"), max_digits=5, decimal_places=2)
    total_ht = models.DecimalField(_("montant HT"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoice_line_position_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="invoice_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(vat_rate__gte=0, vat_rate__lt=100), name="invoice_line_vat_rate"
            ),
        ]

    def __str__(self) -> str:
        return self.label
