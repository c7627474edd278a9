"""The territory's tourism offers, where they come from (imports) and how they map to families."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltrans.fields import TranslationField

from common.models import TimeStampedModel
from common.storage import private_storage


class Family(models.TextChoices):
    OUTDOOR = "outdoor", _("Plein air")
    HERITAGE = "heritage", _("Savoir-faire et patrimoine")
    FOOD = "food", _("Gastronomie")
    WINE = "wine", _("Vins et spiritueux")
    WELLBEING = "wellbeing", _("Bien-être")


class Kind(models.TextChoices):
    ACTIVITY = "activity", _("Activité")
    VISIT = "visit", _("Visite")
    EVENT = "event", _("Événement")
    TASTING = "tasting", _("Dégustation")
    EXCURSION = "excursion", _("Excursion")
    LODGING = "lodging", _("Hébergement")
    DINING = "dining", _("Restauration")
    OTHER = "other", _("Autre")


class Audience(models.TextChoices):
    FAMILIES = "families", _("Familles")
    GROUPS = "groups", _("Groupes")
    SENIORS = "seniors", _("Seniors")
    SCHOOLS = "schools", _("Scolaires")


class Source(models.TextChoices):
    MANUAL = "manual", _("Saisie manuelle")
    APIDAE = "apidae", _("Apidae")
    DATATOURISME = "datatourisme", _("DATAtourisme")


# Each language's texts are indexed with that language's dictionary (stemming, stop words):
# « randonnées » matches « randonnée » in French, « hikes » matches « hiking » in English.
# The French text search configuration (unaccented, created by a migration); other languages below.
SEARCH_CONFIG = "french_unaccent"
OTHER_SEARCH_CONFIGS = {"en": "english", "de": "german", "it": "italian", "nl": "dutch", "es": "spanish"}


# Texts of an offer kept in other languages (imports give them; members may write them).
OFFER_TRANSLATED_FIELDS = ("title", "short_description", "description")


class Offer(TimeStampedModel):
    """A tourism offer: activity, visit, event, tasting… by a member or an external provider.

    Status workflow: draft → submitted (member asks for review) / preselected (staff) →
    assessed (self-assessment validated) → published; rejected (with a reason) or archived
    from any state. Transitions happen only in offers.services.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        SUBMITTED = "submitted", _("soumise pour relecture")
        PRESELECTED = "preselected", _("présélectionnée")
        ASSESSED = "assessed", _("évaluée")
        PUBLISHED = "published", _("publiée")
        REJECTED = "rejected", _("refusée")
        ARCHIVED = "archived", _("archivée")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("identifiant"), unique=True, max_length=160)
    title = models.CharField(_("titre"), max_length=255)
    families = ArrayField(
        models.CharField(max_length=20, choices=Family.choices),
        verbose_name=pgettext_lazy("offer categories", "familles"),
        default=list,
        blank=True,
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.ACTIVITY)
    short_description = models.TextField(_("description courte"), blank=True)
    description = models.TextField(_("description détaillée"), blank=True)

    member = models.ForeignKey(
        "network.Member",
        verbose_name=_("membre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    provider_name = models.CharField(_("prestataire (hors réseau)"), max_length=255, blank=True)

    commune = models.ForeignKey(
        "network.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    commune_name = models.CharField(_("nom de la commune"), max_length=120, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    insee_code = models.CharField(_("code INSEE"), max_length=5, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    price_min = models.DecimalField(_("prix minimum"), max_digits=9, decimal_places=2, null=True, blank=True)
    price_max = models.DecimalField(_("prix maximum"), max_digits=9, decimal_places=2, null=True, blank=True)
    free = models.BooleanField(_("gratuit"), default=False)
    price_note = models.TextField(_("précisions sur les tarifs"), blank=True)
    duration_minutes = models.PositiveIntegerField(_("durée (minutes)"), null=True, blank=True)
    audiences = ArrayField(
        models.CharField(max_length=20, choices=Audience.choices),
        verbose_name=_("publics"),
        default=list,
        blank=True,
    )
    opening_note = models.TextField(_("période d'ouverture en clair"), blank=True)
    accessibility = models.TextField(_("accessibilité"), blank=True)
    without_car = models.BooleanField(_("accessible sans voiture"), default=False)
    transport_note = models.TextField(_("accès en transports en commun"), blank=True)

    phone = models.CharField(_("téléphone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), max_length=500, blank=True)
    # Real sources list several of each (a shop phone and a mobile, a booking site…): all kept.
    phones = ArrayField(
        models.CharField(max_length=60), verbose_name=_("téléphones"), default=list, blank=True
    )
    emails = ArrayField(models.CharField(max_length=254), verbose_name=_("e-mails"), default=list, blank=True)
    websites = ArrayField(
        models.CharField(max_length=500), verbose_name=_("sites web"), default=list, blank=True
    )
    practical = models.JSONField(
        _("informations pratiques"),
        default=dict,
        blank=True,
        help_text=_(
            "Lu à la source : moyens de paiement, langues parlées, services et équipements, capacité, accès."
        ),
    )
    provider = models.ForeignKey(
        "offers.Provider",
        verbose_name=_("structure gestionnaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    provider_external_id = models.CharField(
        _("identifiant de la structure à la source"), max_length=255, blank=True
    )

    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True)
    status_before_archive = models.CharField(
        _("statut avant archivage"), max_length=12, choices=Status.choices, blank=True
    )
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)

    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    external_id = models.CharField(_("identifiant à la source"), max_length=255, blank=True)
    source_url = models.URLField(_("adresse à la source"), max_length=500, blank=True)
    source_modified_at = models.DateTimeField(_("modifiée à la source le"), null=True, blank=True)
    source_types = ArrayField(
        models.CharField(max_length=120), verbose_name=_("types à la source"), default=list, blank=True
    )
    attribution_name = models.CharField(_("producteur de la donnée"), max_length=255, blank=True)
    provider_keys = ArrayField(
        models.CharField(max_length=260),
        verbose_name=_("identifiants du prestataire à la source"),
        default=list,
        blank=True,
        help_text=_("E-mails et SIRET lus à la source (« email:… », « siret:… ») pour proposer un membre."),
    )
    attribution_updated_on = models.DateField(_("donnée mise à jour le"), null=True, blank=True)
    content_hash = models.CharField(
        _("empreinte du contenu à la source"),
        max_length=64,
        blank=True,
        help_text=_("Sert à reconnaître une fiche inchangée quand la source ne donne pas de date."),
    )

    badge_level = models.CharField(_("niveau du label"), max_length=30, blank=True)
    badge_awarded_on = models.DateField(_("label attribué le"), null=True, blank=True)
    badge_expires_on = models.DateField(_("label valable jusqu'au"), null=True, blank=True)
    badge_scores = models.JSONField(
        _("engagements par dimension"),
        default=dict,
        blank=True,
        help_text=_("Rempli par l'autodiagnostic : score et engagements par dimension."),
    )

    search_vector = SearchVectorField(null=True, editable=False)
    # The first opening day from today (offers/opening.py), kept by PostgreSQL: a trigger on the
    # opening periods and a refresh every 15 minutes (issue 18: sorting by date stays cheap).
    next_opening_date = models.DateField(
        _("prochaine date d'ouverture"), null=True, blank=True, editable=False
    )

    # Other languages of these texts (django-modeltrans); French is the fallback.
    i18n = TranslationField(fields=OFFER_TRANSLATED_FIELDS)

    class Meta:
        verbose_name = _("offre")
        verbose_name_plural = _("offres")
        ordering = ["title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="offer_search_vector_gin"),
            GinIndex(fields=["families"], name="offer_families_gin"),
            GinIndex(fields=["audiences"], name="offer_audiences_gin"),
            models.Index(fields=["status", "kind"], name="offer_status_kind"),
            # The public search (issue 18): keywords and families of published offers in one
            # GIN index, so both narrow the candidates before any row is read. No btree on the
            # coordinates: a travel-time circle covers most of a region, and the planner ANDed
            # its bitmap in at a loss; the bounding box is checked on the rows instead.
            GinIndex(
                fields=["search_vector", "families"],
                condition=Q(status="published"),
                name="offer_published_text_families",
            ),
            # The date sort of the public search walks this index and stops after a page.
            models.Index(
                F("next_opening_date").asc(nulls_last=True),
                "title",
                "id",
                condition=Q(status="published"),
                name="offer_published_next_date",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="offer_unique_source_external_id",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="offer_coordinates_in_range",
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True)
                | Q(price_max__isnull=True)
                | Q(price_min__lte=models.F("price_max")),
                name="offer_price_min_le_max",
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True) | Q(price_min__gte=0), name="offer_price_min_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def contact_phones(self) -> list[str]:
        return self.phones or ([self.phone] if self.phone else [])

    @property
    def contact_emails(self) -> list[str]:
        return self.emails or ([self.email] if self.email else [])

    @property
    def contact_websites(self) -> list[str]:
        return self.websites or ([self.website] if self.website else [])

    @property
    def capacity_display(self) -> list[str]:
        """« 12 chambres », « 24 personnes »… from the practical information."""
        figures = []
        for item in (self.practical or {}).get("capacity", []):
            if isinstance(item, list | tuple) and len(item) == 2 and item[0] in CAPACITY_UNITS:
                figures.append(f"{item[1]} {CAPACITY_UNITS[item[0]]}")
        return figures

    def get_absolute_url(self) -> str:
        return reverse("offers:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def has_badge(self) -> bool:
        return bool(self.badge_level) and (
            self.badge_expires_on is None or self.badge_expires_on >= timezone.localdate()
        )

    @property
    def provider_display(self) -> str:
        return self.member.name if self.member_id else self.provider_name

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def get_families_display(self) -> list[str]:
        labels = dict(Family.choices)
        return [str(labels.get(f, f)) for f in self.families]

    def get_audiences_display(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels.get(a, a)) for a in self.audiences]

    def can_be_edited_by_member(self) -> bool:
        # A pre-selected, assessed or published offer may be edited too: the edit sends it back
        # to the office's review (offers.services.offer_update). Only archived ones are frozen.
        return self.source == Source.MANUAL and self.status != self.Status.ARCHIVED

    @property
    def edit_sends_back_to_review(self) -> bool:
        return self.status in (self.Status.PRESELECTED, self.Status.ASSESSED, self.Status.PUBLISHED)

    @property
    def can_be_submitted_by_member(self) -> bool:
        return self.source == Source.MANUAL and self.status in (self.Status.DRAFT, self.Status.REJECTED)


WEEKDAY_NAMES = [_("lundi"), _("mardi"), _("mercredi"), _("jeudi"), _("vendredi"), _("samedi"), _("dimanche")]


# Units of the capacity figures read at the source (Offer.practical["capacity"]).
CAPACITY_UNITS = {
    "people": _("personnes"),
    "rooms": _("chambres"),
    "suites": _("suites"),
    "family_rooms": _("chambres familiales"),
    "covers": _("couverts"),
    "pitches": _("emplacements"),
    "beds": _("lits"),
    "group": _("personnes par groupe au plus"),
}


class OpeningPeriod(models.Model):
    """When an offer is open: a date range, optional hours and week days."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="periods", verbose_name=_("offre")
    )
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    opens_at = models.TimeField(_("ouverture"), null=True, blank=True)
    closes_at = models.TimeField(_("fermeture"), null=True, blank=True)
    weekdays = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("jours"),
        default=list,
        blank=True,
        help_text=_("0 = lundi … 6 = dimanche ; vide = tous les jours."),
    )
    note = models.CharField(_("précision"), max_length=500, blank=True)
    # A closure (« fermeture exceptionnelle ») rather than an opening: the days it covers are
    # closed whatever the other periods say (offers/opening.py). db_default: importers COPY rows.
    closed = models.BooleanField(
        _("fermeture"),
        default=False,
        db_default=False,
        help_text=_("Période de fermeture (exceptionnelle ou congés) plutôt que d'ouverture."),
    )
    every_year = models.BooleanField(
        _("tous les ans"),
        default=False,
        help_text=_(
            "Période qui revient chaque année aux mêmes dates (reportée sur l'année en cours et la suivante)."
        ),
    )

    class Meta:
        verbose_name = _("période d'ouverture")
        verbose_name_plural = _("périodes d'ouverture")
        ordering = ["starts_on", "opens_at"]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="offer_period_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="period_starts_before_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y}"

    @property
    def weekdays_display(self) -> str:
        """ "lundi, mercredi et samedi" (empty when open every day)."""
        names = [str(WEEKDAY_NAMES[d]) for d in sorted(self.weekdays) if 0 <= d < 7]
        if not names or len(names) == 7:
            return ""
        if len(names) == 1:
            return names[0]
        return _("%(days)s et %(last)s") % {"days": ", ".join(names[:-1]), "last": names[-1]}


class Provider(models.Model):
    """An organisation that manages offers at the source (Apidae STRUCTURE, DATAtourisme agent).

    Kept apart from offers: visitors never see it as an offer, staff use it to link offers to
    the member that runs them.
    """

    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    external_id = models.CharField(_("identifiant à la source"), max_length=255)
    name = models.CharField(_("nom"), max_length=255)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    commune_name = models.CharField(_("commune"), max_length=120, blank=True)
    phones = ArrayField(
        models.CharField(max_length=60), verbose_name=_("téléphones"), default=list, blank=True
    )
    emails = ArrayField(models.CharField(max_length=254), verbose_name=_("e-mails"), default=list, blank=True)
    websites = ArrayField(
        models.CharField(max_length=500), verbose_name=_("sites web"), default=list, blank=True
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    member = models.ForeignKey(
        "network.Member",
        verbose_name=_("membre du réseau"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="providers",
    )
    source_modified_at = models.DateTimeField(_("modifiée à la source le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="provider_unique_external_id"),
        ]

    def __str__(self) -> str:
        return self.name


class OfferImage(models.Model):
    """A picture of an offer: a URL given by the source, or a file uploaded by a member or staff."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="images", verbose_name=_("offre"))
    url = models.URLField(_("adresse de l'image"), max_length=1000, blank=True)
    image = models.ImageField(_("fichier"), upload_to="offers/", blank=True)
    alt = models.CharField(_("texte alternatif"), max_length=255, blank=True)
    credit = models.CharField(_("crédit"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(url="") | ~Q(image=""), name="offer_image_has_url_or_file"),
        ]

    def __str__(self) -> str:
        return self.alt or self.url or self.image.name

    @property
    def src(self) -> str:
        return self.image.url if self.image else self.url


class TypeMapping(models.Model):
    """Maps a source's code or label to families, a kind, audiences, an accessibility mention and
    access without a car; edited by staff, read by importers."""

    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    code = models.CharField(
        _("code ou libellé à la source"),
        max_length=160,
        help_text=_(
            "Ex. : FETE_ET_MANIFESTATION, TypeClientele:570 (type et id Apidae), CulturalSite, "
            "kb:ChildRate, reducedMobilityAccess, Dégustation."
        ),
    )
    label = models.CharField(_("description"), max_length=255, blank=True)
    families = ArrayField(
        models.CharField(max_length=20, choices=Family.choices),
        verbose_name=pgettext_lazy("offer categories", "familles"),
        default=list,
        blank=True,
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, blank=True)
    audiences = ArrayField(
        models.CharField(max_length=20, choices=Audience.choices),
        verbose_name=_("publics"),
        default=list,
        blank=True,
    )
    accessibility = models.CharField(
        _("mention d'accessibilité"),
        max_length=255,
        blank=True,
        help_text=_("Ex. : « Accessible en fauteuil roulant ». Ajoutée à l'accessibilité de l'offre."),
    )
    without_car = models.BooleanField(
        _("accessible sans voiture"),
        default=False,
        help_text=_("Ex. : un environnement Apidae « gare à proximité »."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priorité"),
        default=100,
        help_text=_("Le type de la règle la plus prioritaire (plus petit nombre) gagne."),
    )

    class Meta:
        verbose_name = _("correspondance de type")
        verbose_name_plural = _("correspondances de types")
        ordering = ["source", "priority", "code"]
        constraints = [
            models.UniqueConstraint(fields=["source", "code"], name="type_mapping_unique_source_code"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} · {self.code}"

    def families_labels(self) -> list[str]:
        names = dict(Family.choices)
        return [str(names.get(code, code)) for code in self.families]

    def audiences_labels(self) -> list[str]:
        names = dict(Audience.choices)
        return [str(names.get(code, code)) for code in self.audiences]


class ImportSource(models.Model):
    """A source imported on a schedule (URL of an Apidae search or export, or a DATAtourisme flow)."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    source = models.CharField(
        _("format"), max_length=20, choices=[c for c in Source.choices if c[0] != "manual"]
    )
    url = models.URLField(_("adresse"), max_length=1000)
    enabled = models.BooleanField(_("active"), default=True)
    every_hours = models.PositiveSmallIntegerField(_("toutes les (heures)"), default=24)
    last_run_at = models.DateTimeField(_("dernier import"), null=True, blank=True)

    class Meta:
        verbose_name = _("source programmée")
        verbose_name_plural = _("sources programmées")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    """One import of a file, folder, archive or URL, with its counts and errors."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        RUNNING = "running", _("en cours")
        FINISHED = "finished", _("terminé")
        FAILED = "failed", _("échoué")

    source = models.CharField(_("source"), max_length=20, choices=Source.choices, blank=True)
    origin = models.CharField(_("origine"), max_length=1000, blank=True)
    upload = models.FileField(_("fichier envoyé"), storage=private_storage, upload_to="imports/", blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scheduled_source = models.ForeignKey(
        ImportSource,
        verbose_name=_("source programmée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runs",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("début"), null=True, blank=True)
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("créées"), default=0)
    updated_count = models.PositiveIntegerField(_("mises à jour"), default=0)
    unchanged_count = models.PositiveIntegerField(_("inchangées"), default=0)
    archived_count = models.PositiveIntegerField(_("archivées"), default=0)
    failed_count = models.PositiveIntegerField(_("en erreur"), default=0)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # Local time (Europe/Paris), as on the staff pages; the database keeps UTC.
        return f"{self.get_source_display() or '?'} · {timezone.localtime(self.created_at):%d/%m/%Y %H:%M}"

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": self.created_count,
            "updated": self.updated_count,
            "unchanged": self.unchanged_count,
            "archived": self.archived_count,
            "failed": self.failed_count,
        }


class ImportError(models.Model):  # noqa: A001 - domain name; never imported bare next to the builtin
    """One bad record of a run: which object, where in the data, and why."""

    class Level(models.TextChoices):
        ERROR = "error", _("erreur : fiche non importée")
        WARNING = "warning", _("avertissement : fiche importée")

    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="errors", verbose_name=_("import")
    )
    level = models.CharField(_("gravité"), max_length=10, choices=Level.choices, default=Level.ERROR)
    external_id = models.CharField(_("identifiant à la source"), max_length=255, blank=True)
    path = models.CharField(_("emplacement"), max_length=1000, blank=True)
    reason = models.TextField(_("motif"))

    class Meta:
        verbose_name = _("erreur d'import")
        verbose_name_plural = _("erreurs d'import")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.external_id or '?'} : {self.reason[:80]}"


class ExportNotification(models.Model):
    """An Apidae export notification: the zip to fetch and the URL to confirm once imported."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("reçue")
        IMPORTED = "imported", _("importée")
        FAILED = "failed", _("échouée")

    received_at = models.DateTimeField(_("reçue le"), auto_now_add=True)
    project_id = models.CharField(_("projet"), max_length=60, blank=True)
    export_status = models.CharField(_("statut annoncé"), max_length=60, blank=True)
    reinit = models.BooleanField(_("réinitialisation"), default=False)
    url_recuperation = models.URLField(_("adresse de récupération"), max_length=1000)
    url_confirmation = models.URLField(_("adresse de confirmation"), max_length=1000, blank=True)
    payload = models.JSONField(_("contenu"), default=dict, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("notification d'export Apidae")
        verbose_name_plural = _("notifications d'export Apidae")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.received_at:%d/%m/%Y %H:%M}"
