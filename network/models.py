"""The association and its people: accounts, territory, crafts, members."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("email is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An account, identified by its email address (no username)."""

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    language = models.CharField(
        _("langue"), max_length=8, default="fr", choices=[("fr", "Français"), ("en", "English")]
    )
    member = models.ForeignKey(
        "network.Member", verbose_name=_("membre"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="users",
        help_text=_("L'entreprise membre que ce compte représente dans le portail."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Territory(models.Model):
    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), unique=True)

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Antenna(models.Model):
    """A small, autonomous local branch of the association."""

    territory = models.ForeignKey(
        Territory, verbose_name=_("territoire"), on_delete=models.PROTECT, related_name="antennas"
    )
    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), unique=True)
    latitude = models.FloatField(_("latitude du centre"))
    longitude = models.FloatField(_("longitude du centre"))
    coordinators = models.ManyToManyField(
        "network.User", verbose_name=_("coordinateurs"), blank=True,
        related_name="coordinated_antennas",
    )

    class Meta:
        verbose_name = _("antenne")
        verbose_name_plural = _("antennes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    postcode = models.CharField(_("code postal"), max_length=5)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    antenna = models.ForeignKey(
        Antenna, verbose_name=_("antenne"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="communes",
    )

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["postcode"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="commune_coordinates_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.postcode})"


class Craft(models.Model):
    """Taxonomy of know-how: wood turning, pottery, honey, jams, knives, weaving…"""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), unique=True)
    name_en = models.CharField(_("nom en anglais"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("savoir-faire")
        verbose_name_plural = _("savoir-faire")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Member(TimeStampedModel):
    """An artisan or producer business of the network."""

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("candidat")
        ACTIVE = "active", _("actif")
        SUSPENDED = "suspended", _("suspendu")
        LEFT = "left", _("parti")

    slug = models.SlugField(_("identifiant"), unique=True, max_length=140)
    name = models.CharField(_("nom de l'entreprise"), max_length=160)
    crafts = models.ManyToManyField(Craft, verbose_name=_("savoir-faire"), related_name="members")
    antenna = models.ForeignKey(
        Antenna, verbose_name=_("antenne"), on_delete=models.PROTECT, related_name="members"
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="members"
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    description = models.TextField(_("présentation"), blank=True)
    story = models.TextField(_("histoire"), blank=True)
    photo = models.ImageField(_("photo principale"), upload_to="members/", blank=True)
    contact_name = models.CharField(_("nom du contact"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    website = models.URLField(_("site web"), blank=True)
    show_email = models.BooleanField(_("afficher l'e-mail"), default=False)
    show_phone = models.BooleanField(_("afficher le téléphone"), default=True)
    show_website = models.BooleanField(_("afficher le site web"), default=True)
    show_address = models.BooleanField(_("afficher l'adresse"), default=False)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    joined_on = models.DateField(_("adhésion le"), null=True, blank=True)
    renewal_due_on = models.DateField(_("renouvellement dû le"), null=True, blank=True)
    commission_rate = models.DecimalField(
        _("taux de commission particulier"), max_digits=5, decimal_places=2, null=True,
        blank=True, help_text=_("En pourcentage ; vide = taux du réseau."),
    )

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="member_coordinates_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pages:member_detail", kwargs={"slug": self.slug})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE
