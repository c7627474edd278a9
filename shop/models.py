"""The local-products shop: consignment stock as a ledger, sales, click & collect, journal,
commission and monthly statements."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField

from common.models import TimeStampedModel

CENT = Decimal("0.01")


class VatRate(models.TextChoices):
    """French VAT rates a shop may apply (prices are always VAT included)."""

    FOOD = "5.50", _("5,5 % (alimentation)")
    INTERMEDIATE = "10.00", _("10 % (restauration, boissons non alcoolisées sur place)")
    STANDARD = "20.00", _("20 % (artisanat, alcools)")
    PRESS = "2.10", _("2,1 % (presse, médicaments)")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("espèces")
    CARD = "card", _("carte bancaire")
    CHEQUE = "cheque", _("chèque")
    VOUCHER = "voucher", _("bon cadeau")
    CREDIT = "credit", _("avoir (échange)")
    SPLIT = "split", _("paiement fractionné")


# What a person may choose at the counter (« split » and « credit » are set by the services).
COUNTER_METHODS = [
    (PaymentMethod.CARD, PaymentMethod.CARD.label),
    (PaymentMethod.CASH, PaymentMethod.CASH.label),
    (PaymentMethod.CHEQUE, PaymentMethod.CHEQUE.label),
    (PaymentMethod.VOUCHER, PaymentMethod.VOUCHER.label),
]


class PayoutMethod(models.TextChoices):
    """How the office pays a member's statement."""

    TRANSFER = "transfer", _("virement")
    CHEQUE = "cheque", _("chèque")
    CASH = "cash", _("espèces")


class ShopSettings(models.Model):
    """The network's shop settings (a single row, edited in the admin)."""

    commission_rate = models.DecimalField(
        _("taux de commission du réseau (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    order_hold_hours = models.PositiveIntegerField(
        _("délai de retrait des commandes (heures)"),
        default=72,
        help_text=_("Une commande non retirée passé ce délai est annulée et son stock libéré."),
    )
    low_stock_threshold = models.PositiveIntegerField(_("seuil de stock bas par défaut"), default=3)
    best_before_warning_days = models.PositiveIntegerField(_("alerte DLUO / DLC (jours avant)"), default=14)

    class Meta:
        verbose_name = _("réglages de la boutique")
        verbose_name_plural = _("réglages de la boutique")
        constraints = [
            models.CheckConstraint(
                condition=Q(commission_rate__gte=0, commission_rate__lte=100),
                name="shop_settings_commission_in_range",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Réglages de la boutique"))

    @classmethod
    def load(cls) -> ShopSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class Category(models.Model):
    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), unique=True)
    description = models.TextField(_("description"), blank=True)
    default_vat_rate = models.CharField(
        _("TVA par défaut"), max_length=5, choices=VatRate.choices, default=VatRate.STANDARD
    )
    commission_rate = models.DecimalField(
        _("taux de commission particulier (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Vide = taux du réseau. Le taux particulier d'un membre l'emporte."),
    )
    position = models.PositiveIntegerField(_("ordre"), default=0)

    # Other languages of these texts (django-modeltrans); French is the fallback.
    i18n = TranslationField(fields=("name", "description"))

    class Meta:
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(commission_rate__isnull=True)
                | Q(commission_rate__gte=0, commission_rate__lte=100),
                name="shop_category_commission_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Label(models.Model):
    """A quality label shown on products (organic, Nature & Progrès, local wood…)."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant"), unique=True)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Product(TimeStampedModel):
    member = models.ForeignKey(
        "network.Member", verbose_name=_("membre"), on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("nom"), max_length=160)
    slug = models.SlugField(_("identifiant"), unique=True, max_length=180)
    category = models.ForeignKey(
        Category, verbose_name=_("catégorie"), on_delete=models.PROTECT, related_name="products"
    )
    description = models.TextField(_("description"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="shop/products/", blank=True)
    price = models.DecimalField(
        _("prix TTC"), max_digits=10, decimal_places=2, validators=[MinValueValidator(CENT)]
    )
    vat_rate = models.CharField(_("taux de TVA"), max_length=5, choices=VatRate.choices)
    code = models.CharField(
        _("code court"),
        max_length=20,
        unique=True,
        help_text=_("Code tapé à la caisse, par exemple TOUR-BOL."),
    )
    barcode = models.CharField(_("code-barres"), max_length=32, unique=True, null=True, blank=True)
    labels = models.ManyToManyField(Label, verbose_name=_("labels"), blank=True, related_name="products")
    best_before = models.DateField(_("à consommer de préférence avant"), null=True, blank=True)
    low_stock_threshold = models.PositiveIntegerField(
        _("seuil de stock bas"), null=True, blank=True, help_text=_("Vide = seuil du réseau.")
    )
    is_active = models.BooleanField(_("en vente"), default=True, db_index=True)
    vat_exempt = models.BooleanField(
        _("non soumis à la TVA"),
        default=False,
        help_text=_(
            "Coché (ou membre non assujetti) : vendu sans TVA, « TVA non applicable, art. 293 B du CGI »."
        ),
    )

    # Other languages of these texts (django-modeltrans); French is the fallback.
    i18n = TranslationField(fields=("name", "description"))

    class Meta:
        verbose_name = _("produit")
        verbose_name_plural = _("produits")
        ordering = ["name"]
        indexes = [models.Index(fields=["member", "is_active"])]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="shop_product_price_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("shop:product_detail", kwargs={"slug": self.slug})

    @property
    def vat_rate_decimal(self) -> Decimal:
        return Decimal(self.vat_rate)

    @property
    def is_vat_exempt(self) -> bool:
        """One rule for counter, basket, statements: the product or its member is exempt."""
        return self.vat_exempt or self.member.vat_exempt

    @property
    def applicable_vat_rate(self) -> Decimal:
        return Decimal("0.00") if self.is_vat_exempt else Decimal(self.vat_rate)


class DepositSlip(TimeStampedModel):
    """A deposit of goods by a member: requested from the portal, received by staff."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("demandé")
        RECEIVED = "received", _("réceptionné")
        CANCELLED = "cancelled", _("annulé")

    reference = models.CharField(_("référence"), max_length=20, unique=True)
    member = models.ForeignKey(
        "network.Member", verbose_name=_("membre"), on_delete=models.PROTECT, related_name="deposit_slips"
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    planned_on = models.DateField(_("dépôt prévu le"), null=True, blank=True)
    note = models.TextField(_("remarque"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("réceptionné le"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("réceptionné par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bordereau de dépôt")
        verbose_name_plural = _("bordereaux de dépôt")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference


class DepositLine(models.Model):
    slip = models.ForeignKey(
        DepositSlip, verbose_name=_("bordereau"), on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("produit"), on_delete=models.PROTECT, related_name="deposit_lines"
    )
    quantity_announced = models.PositiveIntegerField(_("quantité annoncée"))
    quantity_received = models.PositiveIntegerField(_("quantité reçue"), null=True, blank=True)

    class Meta:
        verbose_name = _("ligne de dépôt")
        verbose_name_plural = _("lignes de dépôt")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity_announced__gt=0), name="shop_depositline_quantity_positive"
            ),
            models.UniqueConstraint(fields=["slip", "product"], name="shop_depositline_one_per_product"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity_announced} × {self.product_id}"


class StockMovement(models.Model):
    """One row of the stock ledger. Stock = SUM(quantity); rows are never edited."""

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", _("dépôt")
        SALE = "sale", _("vente au comptoir")
        SALE_REVERSAL = "sale_reversal", _("annulation de vente")
        ORDER_RESERVED = "order_reserved", _("réservé (commande)")
        ORDER_COLLECTED = "order_collected", _("retiré (commande)")
        ORDER_RELEASED = "order_released", _("libéré (commande)")
        RETURN = "return", _("retour au producteur")
        WRITE_OFF = "write_off", _("perte / casse")
        CORRECTION = "correction", _("correction d'inventaire")

    # The sign each kind must carry; enforced by a CHECK constraint below.
    POSITIVE = (Kind.DEPOSIT, Kind.SALE_REVERSAL, Kind.ORDER_RELEASED)
    NEGATIVE = (Kind.SALE, Kind.ORDER_RESERVED, Kind.RETURN, Kind.WRITE_OFF)

    product = models.ForeignKey(
        Product, verbose_name=_("produit"), on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    quantity = models.IntegerField(_("quantité"))
    # A default, not auto_now_add, so that an imported history keeps its own dates.
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("motif"), max_length=255, blank=True)
    deposit_slip = models.ForeignKey(
        DepositSlip, null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
    )
    sale = models.ForeignKey(
        "Sale", null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
    )
    order = models.ForeignKey(
        "Order", null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
    )

    class Meta:
        verbose_name = _("mouvement de stock")
        verbose_name_plural = _("mouvements de stock")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["product", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["deposit", "sale_reversal", "order_released"], quantity__gt=0)
                    | Q(kind__in=["sale", "order_reserved", "return", "write_off"], quantity__lt=0)
                    | Q(kind="order_collected", quantity=0)
                    | (Q(kind="correction") & ~Q(quantity=0) & ~Q(reason=""))
                ),
                name="shop_movement_sign_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity:+d} {self.product_id}"


class Sale(models.Model):
    """A ticket: a counter sale, a collected order, or the reversal of one of them."""

    class Channel(models.TextChoices):
        COUNTER = "counter", _("comptoir")
        ONLINE = "online", _("retrait de commande")

    class Kind(models.TextChoices):
        SALE = "sale", _("vente")
        REVERSAL = "reversal", _("annulation")
        RETURN = "return", _("retour")

    reference = models.CharField(_("numéro de ticket"), max_length=24, unique=True)
    till = models.ForeignKey(
        "Till",
        verbose_name=_("caisse"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sales",
    )
    number = models.PositiveIntegerField(_("numéro dans la caisse"), null=True, blank=True)
    till_session = models.ForeignKey(
        "TillSession",
        verbose_name=_("session de caisse"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sales",
    )
    returned_sale = models.ForeignKey(
        "self",
        verbose_name=_("retour sur le ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="returns",
    )
    discount_total = models.DecimalField(_("remises"), max_digits=12, decimal_places=2, default=Decimal("0"))
    discount_reason = models.CharField(_("motif de la remise"), max_length=255, blank=True)
    cash_tendered = models.DecimalField(
        _("espèces reçues"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    change_given = models.DecimalField(
        _("monnaie rendue"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices, default=Kind.SALE)
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices, default=Channel.COUNTER)
    created_at = models.DateTimeField(_("date"), db_index=True)
    sold_on = models.DateField(_("jour de vente"), db_index=True)
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vendeur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    payment_method = models.CharField(_("moyen de paiement"), max_length=10, choices=PaymentMethod.choices)
    total = models.DecimalField(_("total TTC"), max_digits=12, decimal_places=2)
    vat_total = models.DecimalField(_("dont TVA"), max_digits=12, decimal_places=2)
    customer_email = models.EmailField(_("e-mail du client"), blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("annule le ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    reason = models.CharField(_("motif"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="sale", reverses__isnull=True, returned_sale__isnull=True, total__gte=0)
                | (Q(kind="reversal", reverses__isnull=False, total__lte=0) & ~Q(reason=""))
                | (
                    Q(kind="return", returned_sale__isnull=False, reverses__isnull=True, total__lte=0)
                    & ~Q(reason="")
                ),
                name="shop_sale_kind_consistent",
            ),
            models.CheckConstraint(
                condition=Q(discount_total=0) | ~Q(discount_reason=""), name="shop_sale_discount_has_reason"
            ),
            models.UniqueConstraint(fields=["till", "number"], name="shop_sale_number_per_till"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_reversed(self) -> bool:
        return hasattr(self, "reversed_by")

    @property
    def ticket_number(self) -> str:
        """« OT-000042 »: the till's code and the ticket's number in that till."""
        if self.till_id and self.number:
            return f"{self.till.code}-{self.number:06d}"
        return self.reference


class SaleLine(models.Model):
    """A ticket line; prices, VAT and commission are frozen at the time of sale."""

    sale = models.ForeignKey(Sale, verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="lines")
    product = models.ForeignKey(
        Product, verbose_name=_("produit"), on_delete=models.PROTECT, related_name="sale_lines"
    )
    member = models.ForeignKey(
        "network.Member", verbose_name=_("membre"), on_delete=models.PROTECT, related_name="sale_lines"
    )
    product_name = models.CharField(_("désignation"), max_length=160)
    quantity = models.IntegerField(_("quantité"))
    unit_price = models.DecimalField(_("prix unitaire TTC"), max_digits=10, decimal_places=2)
    vat_rate = models.DecimalField(_("taux de TVA"), max_digits=4, decimal_places=2)
    total = models.DecimalField(_("total TTC"), max_digits=12, decimal_places=2)
    vat_amount = models.DecimalField(_("dont TVA"), max_digits=12, decimal_places=2)
    commission_rate = models.DecimalField(_("taux de commission"), max_digits=5, decimal_places=2)
    commission = models.DecimalField(_("commission"), max_digits=12, decimal_places=2)
    discount = models.DecimalField(_("remise"), max_digits=12, decimal_places=2, default=Decimal("0"))
    returned_line = models.ForeignKey(
        "self",
        verbose_name=_("ligne retournée"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="returns",
    )

    class Meta:
        verbose_name = _("ligne de ticket")
        verbose_name_plural = _("lignes de ticket")
        ordering = ["id"]
        indexes = [models.Index(fields=["member", "sale"])]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="shop_saleline_quantity_nonzero"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_name}"

    @property
    def total_ht(self) -> Decimal:
        return self.total - self.vat_amount


class SalePayment(models.Model):
    """One payment of a ticket (a split payment has several); refunds are negative."""

    sale = models.ForeignKey(
        Sale, verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="payments"
    )
    method = models.CharField(_("moyen de paiement"), max_length=10, choices=PaymentMethod.choices)
    amount = models.DecimalField(_("montant"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(method="split"), name="shop_salepayment_real_method"),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount}"


class Till(models.Model):
    """A till (the office's, an antenna's): each numbers its tickets on its own."""

    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        help_text=_("Imprimé avant le numéro du ticket, par exemple OT."),
    )
    name = models.CharField(_("nom"), max_length=120)
    office = models.ForeignKey(
        "network.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("en service"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("caisse")
        verbose_name_plural = _("caisses")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class TillSession(models.Model):
    """A till session: opening float, cash in/out, counted cash and the difference at closing."""

    till = models.ForeignKey(
        Till, verbose_name=_("caisse"), on_delete=models.PROTECT, related_name="sessions"
    )
    opened_at = models.DateTimeField(_("ouverte le"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouverte par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opening_float = models.DecimalField(_("fonds de caisse"), max_digits=12, decimal_places=2)
    closed_at = models.DateTimeField(_("fermée le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fermée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expected_cash = models.DecimalField(
        _("espèces attendues"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    counted_cash = models.DecimalField(
        _("espèces comptées"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    difference = models.DecimalField(_("écart"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("session de caisse")
        verbose_name_plural = _("sessions de caisse")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["till"],
                condition=Q(closed_at__isnull=True),
                name="shop_tillsession_one_open_per_till",
            ),
            models.CheckConstraint(condition=Q(opening_float__gte=0), name="shop_tillsession_float_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.till.code} {timezone.localtime(self.opened_at):%d/%m/%Y %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CashMovement(models.Model):
    """Cash put in or taken out of a till during a session, with its reason."""

    class Kind(models.TextChoices):
        IN = "in", _("entrée d'espèces")
        OUT = "out", _("sortie d'espèces")

    session = models.ForeignKey(
        TillSession, verbose_name=_("session"), on_delete=models.PROTECT, related_name="cash_movements"
    )
    kind = models.CharField(_("nature"), max_length=3, choices=Kind.choices)
    amount = models.DecimalField(_("montant"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("motif"), max_length=255)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mouvement d'espèces")
        verbose_name_plural = _("mouvements d'espèces")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0) & ~Q(reason=""), name="shop_cashmovement_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    @property
    def signed_amount(self) -> Decimal:
        return self.amount if self.kind == self.Kind.IN else -self.amount


class Order(TimeStampedModel):
    """A click & collect order: stock reserved until the visitor picks it up."""

    class Status(models.TextChoices):
        RESERVED = "reserved", _("en préparation")
        READY = "ready", _("prête à retirer")
        COLLECTED = "collected", _("retirée")
        RELEASED = "released", _("non retirée, annulée")
        CANCELLED = "cancelled", _("annulée")

    OPEN = (Status.RESERVED, Status.READY)

    token = models.UUIDField(_("jeton"), default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("référence"), max_length=16, unique=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.RESERVED, db_index=True
    )
    name = models.CharField(_("nom"), max_length=120)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30)
    note = models.CharField(_("message"), max_length=500, blank=True)
    total = models.DecimalField(_("total TTC"), max_digits=12, decimal_places=2)
    hold_until = models.DateTimeField(_("à retirer avant le"), db_index=True)
    ready_at = models.DateTimeField(_("prête le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    sale = models.OneToOneField(
        Sale, verbose_name=_("ticket"), null=True, blank=True, on_delete=models.PROTECT, related_name="order"
    )
    language = models.CharField(_("langue"), max_length=8, default="fr")

    class Meta:
        verbose_name = _("commande à retirer")
        verbose_name_plural = _("commandes à retirer")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("shop:order_detail", kwargs={"token": self.token})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, verbose_name=_("commande"), on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("produit"), on_delete=models.PROTECT, related_name="order_lines"
    )
    quantity = models.PositiveIntegerField(_("quantité"))
    unit_price = models.DecimalField(_("prix unitaire TTC"), max_digits=10, decimal_places=2)
    total = models.DecimalField(_("total TTC"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("ligne de commande")
        verbose_name_plural = _("lignes de commande")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="shop_orderline_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_id}"


class JournalEntry(models.Model):
    """Append-only, hash-chained till journal (French rules: inalterability, security,
    conservation, archiving). A trigger refuses UPDATE and DELETE (see migration 0002)."""

    class Kind(models.TextChoices):
        SALE = "sale", _("vente")
        REVERSAL = "reversal", _("annulation (écriture inverse)")
        RETURN = "return", _("retour (correction partielle)")
        CLOSING = "closing", _("clôture journalière (Z)")
        MONTH_CLOSING = "month_closing", _("clôture mensuelle")
        YEAR_CLOSING = "year_closing", _("clôture annuelle")
        EVENT = "event", _("événement technique (JET)")

    TICKET_KINDS = ("sale", "reversal", "return")

    sequence = models.PositiveBigIntegerField(_("numéro d'ordre"), unique=True)
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(_("date"))
    payload = models.JSONField(_("contenu"))
    previous_hash = models.CharField(_("empreinte précédente"), max_length=64)
    hash = models.CharField(_("empreinte"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("écriture du journal")
        verbose_name_plural = _("journal de caisse")
        ordering = ["sequence"]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.get_kind_display()}"


class DailyClosing(models.Model):
    """The daily closing of the till: totals per payment method and VAT rate."""

    day = models.DateField(_("jour"), unique=True)
    created_at = models.DateTimeField(_("clôturée le"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clôturée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tickets = models.PositiveIntegerField(_("tickets"))
    total = models.DecimalField(_("total TTC"), max_digits=12, decimal_places=2)
    vat_total = models.DecimalField(_("dont TVA"), max_digits=12, decimal_places=2)
    totals = models.JSONField(_("totaux détaillés"))
    journal_sequence = models.PositiveBigIntegerField(_("écriture du journal"))
    grand_total = models.DecimalField(
        _("grand total perpétuel"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    grand_total_abs = models.DecimalField(
        _("grand total perpétuel en valeur absolue"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    signature = models.TextField(_("signature Ed25519"), blank=True)

    class Meta:
        verbose_name = _("clôture journalière")
        verbose_name_plural = _("clôtures journalières")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}"


class PeriodClosing(models.Model):
    """A monthly or yearly (fiscal year) closing: the period's totals and the perpetual grand total."""

    class Kind(models.TextChoices):
        MONTH = "month", _("mensuelle")
        YEAR = "year", _("annuelle")

    kind = models.CharField(_("nature"), max_length=5, choices=Kind.choices)
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"))
    created_at = models.DateTimeField(_("clôturée le"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clôturée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tickets = models.PositiveIntegerField(_("tickets"))
    total = models.DecimalField(_("total TTC"), max_digits=14, decimal_places=2)
    vat_total = models.DecimalField(_("dont TVA"), max_digits=14, decimal_places=2)
    totals = models.JSONField(_("totaux détaillés"))
    grand_total = models.DecimalField(_("grand total perpétuel"), max_digits=14, decimal_places=2)
    grand_total_abs = models.DecimalField(
        _("grand total perpétuel en valeur absolue"), max_digits=14, decimal_places=2
    )
    journal_sequence = models.PositiveBigIntegerField(_("écriture du journal"))
    signature = models.TextField(_("signature Ed25519"), blank=True)

    class Meta:
        verbose_name = _("clôture périodique")
        verbose_name_plural = _("clôtures périodiques")
        ordering = ["-start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "start"], name="shop_periodclosing_once"),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.YEAR:
            return f"{self.start:%Y}"
        return f"{self.start:%m/%Y}"


class Statement(TimeStampedModel):
    """A member's monthly statement. Once closed it is numbered and immutable."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        CLOSED = "closed", _("clôturé")
        PAID = "paid", _("payé")

    member = models.ForeignKey(
        "network.Member", verbose_name=_("membre"), on_delete=models.PROTECT, related_name="statements"
    )
    period = models.DateField(_("mois"), help_text=_("Premier jour du mois."))
    status = models.CharField(
        _("statut"), max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    number = models.PositiveIntegerField(_("numéro"), unique=True, null=True, blank=True)
    gross = models.DecimalField(_("ventes TTC"), max_digits=12, decimal_places=2, default=Decimal("0"))
    vat = models.DecimalField(_("dont TVA"), max_digits=12, decimal_places=2, default=Decimal("0"))
    commission = models.DecimalField(
        _("commission de l'office"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    net_due = models.DecimalField(
        _("net dû au membre"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    closed_at = models.DateTimeField(_("clôturé le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clôturé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("payé le"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paiement saisi par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    payment_method = models.CharField(
        _("moyen de paiement"), max_length=10, choices=PayoutMethod.choices, blank=True
    )
    vat_by_rate = models.JSONField(
        _("TVA par taux"), default=dict, blank=True, help_text=_("Taux → ventes TTC et TVA, sur les totaux.")
    )
    commission_vat_rate = models.DecimalField(
        _("taux de TVA sur la commission"), max_digits=4, decimal_places=2, default=Decimal("0")
    )
    commission_vat = models.DecimalField(
        _("TVA sur la commission"), max_digits=12, decimal_places=2, default=Decimal("0")
    )

    class Meta:
        verbose_name = _("relevé mensuel")
        verbose_name_plural = _("relevés mensuels")
        ordering = ["-period", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["member", "period"], name="shop_statement_one_per_month"),
            models.CheckConstraint(condition=Q(period__day=1), name="shop_statement_period_first_day"),
            models.CheckConstraint(
                condition=Q(status="draft", number__isnull=True)
                | Q(status__in=["closed", "paid"], number__isnull=False, closed_at__isnull=False),
                name="shop_statement_closed_numbered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.period:%m/%Y}"

    @property
    def is_closed(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def net_before_commission_vat(self) -> Decimal:
        return self.gross - self.commission

    @property
    def commission_total(self) -> Decimal:
        """The office's service including its VAT (what is withheld from the sales)."""
        return self.commission + self.commission_vat

    @property
    def vat_rows(self) -> list[dict]:
        """VAT per rate for display: [{rate, gross, vat}] in rate order (rate 0 = exempt)."""
        return [
            {"rate": Decimal(rate), "gross": Decimal(v["gross"]), "vat": Decimal(v["vat"])}
            for rate, v in sorted(self.vat_by_rate.items(), key=lambda item: Decimal(item[0]))
        ]


class StatementLine(models.Model):
    statement = models.ForeignKey(
        Statement, verbose_name=_("relevé"), on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("produit"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    product_name = models.CharField(_("désignation"), max_length=160)
    quantity = models.IntegerField(_("quantité"))
    vat_rate = models.DecimalField(_("taux de TVA"), max_digits=4, decimal_places=2, default=Decimal("0"))
    gross = models.DecimalField(_("ventes TTC"), max_digits=12, decimal_places=2)
    vat = models.DecimalField(_("dont TVA"), max_digits=12, decimal_places=2)
    commission = models.DecimalField(_("commission"), max_digits=12, decimal_places=2)
    net_due = models.DecimalField(_("net"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("ligne de relevé")
        verbose_name_plural = _("lignes de relevé")
        ordering = ["product_name", "id"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_name}"


class DailyFootfall(models.Model):
    """Visitors counted at the shop on a day (optional entry by staff)."""

    day = models.DateField(_("jour"), unique=True)
    visitors = models.PositiveIntegerField(_("visiteurs"))
    note = models.CharField(_("remarque"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("fréquentation")
        verbose_name_plural = _("fréquentation")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} : {self.visitors}"


class StockAlert(models.Model):
    """An alert sent to a member; at most one per product, kind and week (idempotent task)."""

    class Kind(models.TextChoices):
        LOW_STOCK = "low_stock", _("stock bas")
        BEST_BEFORE = "best_before", _("date limite proche")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    week = models.DateField(help_text=_("Lundi de la semaine de l'alerte."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alerte de stock")
        verbose_name_plural = _("alertes de stock")
        constraints = [
            models.UniqueConstraint(fields=["product", "kind", "week"], name="shop_stockalert_once_a_week"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.product_id} {self.week}"
