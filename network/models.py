"""The association and its people: accounts, territory, crafts, members."""

from __future__ import annotations

import secrets
import uuid
from pathlib import Path

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField

from common.models import TimeStampedModel
from common.storage import private_storage


def vat_mention(*, exempt: bool, number: str) -> str:
    """The VAT line a French receipt, invoice or statement carries for a seller."""
    if exempt:
        return str(_("TVA non applicable, art. 293 B du CGI"))
    return str(_("TVA intracommunautaire : %(number)s") % {"number": number}) if number else ""


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
        "network.Member",
        verbose_name=_("membre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
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
        "network.User",
        verbose_name=_("coordinateurs"),
        blank=True,
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
        Antenna,
        verbose_name=_("antenne"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communes",
    )

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["postcode"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90) & Q(longitude__gte=-180, longitude__lte=180),
                name="commune_coordinates_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.postcode})"


class Craft(models.Model):
    """Taxonomy of know-how: wood turning, pottery, honey, jams, knives, weaving…"""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), unique=True)

    # Other languages of these texts (django-modeltrans); French is the fallback.
    i18n = TranslationField(fields=("name",))

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
        LAPSED = "lapsed", _("adhésion non renouvelée")

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
    vat_number = models.CharField(_("numéro de TVA intracommunautaire"), max_length=20, blank=True)
    vat_exempt = models.BooleanField(
        _("non assujetti à la TVA"),
        default=False,
        help_text=_("Micro-entrepreneur en franchise : « TVA non applicable, art. 293 B du CGI »."),
    )
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    bank_holder = models.CharField(
        _("titulaire du compte"),
        max_length=70,
        blank=True,
        help_text=_("Nom du titulaire tel qu'il figure sur le RIB (virements SEPA, 70 caractères au plus)."),
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    joined_on = models.DateField(_("adhésion le"), null=True, blank=True)
    renewal_due_on = models.DateField(_("renouvellement dû le"), null=True, blank=True)
    commission_rate = models.DecimalField(
        _("taux de commission particulier"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("En pourcentage ; vide = taux du réseau."),
    )
    last_renewed_on = models.DateField(_("dernier renouvellement le"), null=True, blank=True)
    charter_overdue_since = models.DateField(
        _("charte non signée depuis"),
        null=True,
        blank=True,
        help_text=_("Renseigné quand le membre a dépassé l'échéance de signature de la charte."),
    )

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90) & Q(longitude__gte=-180, longitude__lte=180),
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

    @property
    def vat_mention(self) -> str:
        """The VAT line French documents carry for this seller (exemption or number)."""
        return vat_mention(exempt=self.vat_exempt, number=self.vat_number)


def _member_photo_path(instance, filename: str) -> str:
    return f"members/{instance.member_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class MemberPhoto(models.Model):
    """A photo of the member's work for the public gallery (re-encoded on upload)."""

    member = models.ForeignKey(
        Member, verbose_name=_("membre"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("image"), upload_to=_member_photo_path)
    caption = models.CharField(_("légende"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo de membre")
        verbose_name_plural = _("photos de membres")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.caption


class CharterVersion(models.Model):
    """One version of the charter: text, numbered commitments, effective date.

    A version is a draft until it is published; the current version is the published one
    with the highest number.
    """

    number = models.PositiveSmallIntegerField(_("numéro de version"), unique=True)
    title = models.CharField(_("titre"), max_length=200)
    preamble = models.TextField(_("préambule"), blank=True)
    commitments = models.JSONField(
        _("engagements"),
        default=list,
        help_text=_("Liste ordonnée des engagements (un texte par engagement)."),
    )
    changes_summary = models.TextField(_("résumé des changements"), blank=True)
    effective_on = models.DateField(_("en vigueur le"))
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    sign_deadline = models.DateField(_("à signer avant le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    # Other languages of these texts (django-modeltrans); French is the fallback.
    i18n = TranslationField(fields=("title", "preamble", "changes_summary"))

    class Meta:
        verbose_name = _("version de la charte")
        verbose_name_plural = _("versions de la charte")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="charter_version_number_positive"),
        ]

    def __str__(self) -> str:
        return _("Charte v%(number)s — %(title)s") % {"number": self.number, "title": self.title}

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def numbered_commitments(self) -> list[tuple[int, str]]:
        return [(i, text) for i, text in enumerate(self.commitments, start=1)]


class CharterSignature(models.Model):
    member = models.ForeignKey(
        Member, verbose_name=_("membre"), on_delete=models.CASCADE, related_name="charter_signatures"
    )
    version = models.ForeignKey(
        CharterVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="signatures"
    )
    signer = models.ForeignKey(
        "network.User",
        verbose_name=_("signataire"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="charter_signatures",
    )
    signed_at = models.DateTimeField(_("signée le"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature de la charte")
        verbose_name_plural = _("signatures de la charte")
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "version"], name="one_signature_per_member_version"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · v{self.version.number}"


class CapacityRule(models.Model):
    """At most ``max_members`` active members of a craft in an antenna (or of the whole
    antenna when no craft is given). These rows are the lock taken when accepting."""

    antenna = models.ForeignKey(
        Antenna, verbose_name=_("antenne"), on_delete=models.CASCADE, related_name="capacity_rules"
    )
    craft = models.ForeignKey(
        Craft,
        verbose_name=_("savoir-faire"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="capacity_rules",
        help_text=_("Vide : limite pour toute l'antenne."),
    )
    max_members = models.PositiveSmallIntegerField(_("nombre maximum de membres actifs"))

    class Meta:
        verbose_name = _("règle de capacité")
        verbose_name_plural = _("règles de capacité")
        ordering = ["antenna__name", "craft__name"]
        constraints = [
            models.UniqueConstraint(fields=["antenna", "craft"], name="one_capacity_rule_per_craft"),
            models.UniqueConstraint(
                fields=["antenna"], condition=Q(craft__isnull=True), name="one_capacity_rule_per_antenna"
            ),
        ]

    def __str__(self) -> str:
        scope = self.craft.name if self.craft_id else _("toute l'antenne")
        return f"{self.antenna} · {scope} ≤ {self.max_members}"


def _new_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "ADH-" + "".join(secrets.choice(alphabet) for _i in range(8))


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class MembershipApplication(TimeStampedModel):
    """A business asking to join the network; its decision drives the waitlist."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("déposée")
        UNDER_REVIEW = "under_review", _("en cours d'examen")
        INFO_REQUESTED = "info_requested", _("informations demandées")
        WAITLISTED = "waitlisted", _("en liste d'attente")
        ACCEPTED = "accepted", _("acceptée")
        REFUSED = "refused", _("refusée")

    OPEN_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.INFO_REQUESTED, Status.WAITLISTED)

    reference = models.CharField(_("référence"), max_length=16, unique=True, default=_new_reference)
    token = models.CharField(_("jeton du lien de suivi"), max_length=64, unique=True, default=_new_token)
    business_name = models.CharField(_("nom de l'entreprise"), max_length=160)
    contact_name = models.CharField(_("nom du contact"), max_length=120)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    website = models.URLField(_("site web"), blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="applications"
    )
    antenna = models.ForeignKey(
        Antenna, verbose_name=_("antenne"), on_delete=models.PROTECT, related_name="applications"
    )
    crafts = models.ManyToManyField(Craft, verbose_name=_("savoir-faire"), related_name="applications")
    description = models.TextField(_("présentation de l'activité"))
    charter_version = models.ForeignKey(
        CharterVersion,
        verbose_name=_("version de la charte"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    answers = models.JSONField(
        _("réponses à la charte"),
        default=list,
        help_text=_("Pour chaque engagement : texte, respecté ou non, commentaire."),
    )
    consent_at = models.DateTimeField(_("consentement donné le"))
    language = models.CharField(_("langue"), max_length=8, default="fr")
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    decision_message = models.TextField(_("message au candidat"), blank=True)
    applicant_reply = models.TextField(_("réponse du candidat"), blank=True)
    waitlisted_at = models.DateTimeField(_("mise en attente le"), null=True, blank=True)
    reviewer = models.ForeignKey(
        "network.User",
        verbose_name=_("pris en charge par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_started_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "network.User",
        verbose_name=_("décision par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    member = models.OneToOneField(
        Member,
        verbose_name=_("membre créé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["-created_at"]
        constraints = [
            # One open application per address: a second one is pointed to the first's link.
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(status__in=["submitted", "under_review", "info_requested", "waitlisted"]),
                name="one_open_application_per_email",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="waitlisted_application_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.business_name}"

    def get_status_url(self) -> str:
        return reverse("network:application_status", kwargs={"token": self.token})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def can_decide(self) -> bool:
        return self.is_open


def _application_document_path(instance, filename: str) -> str:
    # Unguessable names: evidence is private and served only through a staff view.
    return f"applications/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ApplicationDocument(models.Model):
    class Kind(models.TextChoices):
        SIRET = "siret", _("justificatif SIRET / Kbis")
        ORGANIC = "organic", _("certificat bio ou label")
        WORK = "work", _("photo du travail")
        OTHER = "other", _("autre pièce")

    application = models.ForeignKey(
        MembershipApplication,
        verbose_name=_("candidature"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("type de pièce"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("fichier"), storage=private_storage, upload_to=_application_document_path)
    original_name = models.CharField(_("nom d'origine"), max_length=200)
    uploaded_at = models.DateTimeField(_("déposée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("pièce justificative")
        verbose_name_plural = _("pièces justificatives")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.original_name}"


class DecisionTemplate(models.Model):
    """Reusable wording for a refusal, a waitlist or a request for information."""

    class Kind(models.TextChoices):
        REFUSE = "refuse", _("refus")
        INFO = "info", _("demande d'informations")
        WAITLIST = "waitlist", _("liste d'attente")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=120)
    body = models.TextField(_("texte"))

    class Meta:
        verbose_name = _("modèle de réponse")
        verbose_name_plural = _("modèles de réponse")
        ordering = ["kind", "title"]
        constraints = [models.UniqueConstraint(fields=["kind", "title"], name="unique_decision_template")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.title}"


class ReminderLog(models.Model):
    """One row per reminder sent, so periodic jobs never send the same one twice."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("type"), max_length=40)
    key = models.CharField(_("clé"), max_length=60)
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [models.UniqueConstraint(fields=["member", "kind", "key"], name="one_reminder_per_key")]

    def __str__(self) -> str:
        return f"{self.member} · {self.kind} · {self.key}"


# --- Contacts and consent --------------------------------------------------------------


class ConsentPurpose(models.TextChoices):
    """What a contact may be written to for (one registry: ``network.selectors.contact_reachable``)."""

    NEWS = "news", _("informations et offres du réseau")
    SURVEYS = "surveys", _("enquêtes de satisfaction")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("consentement explicite")
    SOFT_OPT_IN = "soft_opt_in", _("client, services analogues (soft opt-in)")
    LEGITIMATE_INTEREST = "legitimate_interest", _("intérêt légitime")


class Contact(models.Model):
    """Someone the network talks to (visitor, inhabitant, partner), fed by bookings and orders.

    Marketing emails go only to contacts with ``marketing_consent``; the consent history
    (``ConsentEvent``) is the proof the office keeps for the RGPD.
    """

    class Kind(models.TextChoices):
        VISITOR = "visitor", _("visiteur")
        INHABITANT = "inhabitant", _("habitant")
        PARTNER = "partner", _("partenaire")
        SECOND_HOME = "second_home", _("résident secondaire")
        GROUP_ORGANISER = "group_organiser", _("voyagiste ou organisateur de groupe")
        ELECTED = "elected", _("élu")

    # Readable names of the codes stored in ``sources`` and ``consent_source`` (one place for
    # the staff pages and the contacts filter); an unknown code is shown as it is.
    SOURCE_LABELS = {
        "workshops.booking": _("réservation d'atelier"),
        "shop.order": _("commande en boutique"),
        "staff": _("saisie par l'équipe"),
        "admin": _("administration"),
        "command": _("import en ligne de commande"),
        "network.unsubscribe": _("lien de désinscription"),
        "relations.one_click": _("désinscription en un clic"),
        "relations.newsletter": _("inscription aux informations"),
        "relations.complaint": _("plainte du destinataire"),
        "relations.surveys_link": _("lien des enquêtes"),
    }

    # Stored lower-cased (a check constraint keeps it so): unique whatever the case typed.
    email = models.EmailField(_("adresse e-mail"), unique=True)
    name = models.CharField(_("nom"), max_length=160, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    language = models.CharField(
        _("langue"), max_length=8, default="fr", choices=[("fr", "Français"), ("en", "English")]
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=Kind.choices, default=Kind.VISITOR, db_index=True
    )
    marketing_consent = models.BooleanField(
        _("accepte les informations du réseau"), default=False, db_index=True
    )
    consent_given_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    consent_source = models.CharField(_("origine du consentement"), max_length=40, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consentement retiré le"), null=True, blank=True)
    news_legal_basis = models.CharField(
        _("base légale des informations"), max_length=20, choices=LegalBasis.choices, blank=True
    )
    # Satisfaction surveys follow a booking or a stay (legitimate interest): opt-out only.
    surveys_opt_out_at = models.DateTimeField(_("opposé aux enquêtes le"), null=True, blank=True)
    # Hard bounce or complaint reported by the sending service: never written to again.
    undeliverable_at = models.DateTimeField(_("adresse non distribuable depuis"), null=True, blank=True)
    undeliverable_reason = models.CharField(_("motif de non-distribution"), max_length=80, blank=True)
    first_seen_at = models.DateTimeField(_("premier contact le"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("dernier contact le"), default=timezone.now, db_index=True)
    sources = ArrayField(
        models.CharField(max_length=40), verbose_name=_("origines"), default=list, blank=True
    )
    unsubscribe_token = models.CharField(
        _("jeton de désinscription"), max_length=64, unique=True, default=_new_token, editable=False
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-last_seen_at", "id"]
        indexes = [GinIndex(fields=["sources"], name="contact_sources_gin")]
        constraints = [
            models.CheckConstraint(condition=Q(email=Lower("email")), name="contact_email_lowercase"),
            models.CheckConstraint(
                condition=Q(marketing_consent=False) | Q(consent_given_at__isnull=False),
                name="contact_consent_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email

    def get_unsubscribe_url(self) -> str:
        return reverse("network:contact_unsubscribe", kwargs={"token": self.unsubscribe_token})

    @classmethod
    def source_label(cls, code: str) -> str:
        return str(cls.SOURCE_LABELS.get(code, code))

    @property
    def source_labels(self) -> list[str]:
        return [self.source_label(code) for code in self.sources]

    @property
    def consent_source_label(self) -> str:
        return self.source_label(self.consent_source) if self.consent_source else ""


class ConsentEvent(models.Model):
    """One row each time a contact gives or withdraws consent: never edited, never deleted."""

    class Kind(models.TextChoices):
        GIVEN = "given", _("consentement donné")
        WITHDRAWN = "withdrawn", _("consentement retiré")

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="consent_events"
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    purpose = models.CharField(
        _("finalité"), max_length=10, choices=ConsentPurpose.choices, default=ConsentPurpose.NEWS
    )
    legal_basis = models.CharField(_("base légale"), max_length=20, choices=LegalBasis.choices, blank=True)
    occurred_at = models.DateTimeField(_("date"), default=timezone.now)
    source = models.CharField(_("origine"), max_length=40)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    actor = models.ForeignKey(
        "network.User",
        verbose_name=_("saisi par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("événement de consentement")
        verbose_name_plural = _("historique des consentements")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.contact.email} · {self.get_kind_display()} · {self.occurred_at:%d/%m/%Y}"


class Office(models.Model):
    """A tourism office (or antenna desk) of the network: identity, contact and opening hours.

    One office is the main one: it is the seller named on receipts, invoices and statements
    and the publisher named in the legal notice. Staff edit these details from staff pages.
    """

    name = models.CharField(_("nom"), max_length=160)
    legal_name = models.CharField(_("raison sociale"), max_length=160, blank=True)
    legal_form = models.CharField(
        _("forme juridique"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple : association loi 1901, EPIC, SPL."),
    )
    is_main = models.BooleanField(_("office principal"), default=False)
    antenna = models.ForeignKey(
        Antenna,
        verbose_name=_("antenne"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offices",
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("ville"), max_length=120, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    opening_hours = models.TextField(
        _("horaires d'ouverture"),
        blank=True,
        help_text=_(
            "Une ligne par période, par exemple « Lundi–samedi : 9 h 00 – 12 h 30, 14 h 00 – 18 h 00 »."
        ),
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    vat_number = models.CharField(_("numéro de TVA intracommunautaire"), max_length=20, blank=True)
    vat_exempt = models.BooleanField(
        _("non assujetti à la TVA"),
        default=False,
        help_text=_("Coché : « TVA non applicable, art. 293 B du CGI » sur les documents."),
    )
    publication_director = models.CharField(_("directeur de la publication"), max_length=160, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["-is_main", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["is_main"], condition=Q(is_main=True), name="office_one_main"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def postal_address(self) -> str:
        return ", ".join(p for p in [self.address, f"{self.postcode} {self.city}".strip()] if p)

    @property
    def vat_mention(self) -> str:
        return vat_mention(exempt=self.vat_exempt, number=self.vat_number)
