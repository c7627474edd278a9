"""The self-assessment: questionnaires as data, campaigns, assessments, answers, signatures."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import TimeStampedModel
from common.storage import private_storage

from . import scoring


def default_thresholds() -> list[dict]:
    return [dict(t) for t in scoring.DEFAULT_THRESHOLDS]


def new_token() -> str:
    # 32 random bytes (256 bits): a private link nobody can guess or enumerate.
    return secrets.token_urlsafe(32)


class RespondentKind(models.TextChoices):
    MEMBER = "member", _("membre du réseau")
    PROVIDER = "provider", _("prestataire extérieur")
    TOURISM_OFFICE = "tourism_office", _("office de tourisme")


def default_respondent_kinds() -> list[str]:
    return [RespondentKind.MEMBER, RespondentKind.PROVIDER]


class Questionnaire(TimeStampedModel):
    """One version of a questionnaire. Once published, its content is frozen."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", _("professionnels (offres et membres)")
        TOURISM_OFFICE = "tourism_office", _("offices de tourisme")

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        PUBLISHED = "published", _("publié")
        ARCHIVED = "archived", _("archivé")

    code = models.SlugField(
        _("code"), max_length=60, help_text=_("Le même code pour toutes les versions d'un questionnaire.")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    kind = models.CharField(_("public"), max_length=20, choices=Kind.choices, default=Kind.PROFESSIONAL)
    title = models.CharField(_("titre"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    statement = models.TextField(
        _("déclaration sur l'honneur"),
        help_text=_("Le texte que le répondant signe avant d'envoyer ses réponses."),
    )
    thresholds = models.JSONField(
        _("seuils du badge"),
        default=default_thresholds,
        blank=True,
        help_text=_(
            "Liste de niveaux : level, label, average (moyenne minimale sur 100), "
            "minimum (score minimal de chaque dimension)."
        ),
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("version précédente"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_versions",
    )

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="questionnaire_code_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="questionnaire_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def label(self) -> str:
        return f"{self.code} v{self.version}"

    def clean(self) -> None:
        try:
            scoring.parse_thresholds(self.thresholds or [])
        except ValueError as exc:
            raise ValidationError({"thresholds": str(exc)}) from None


class FrozenWithQuestionnaire(models.Model):
    """Content rows of a questionnaire: refuse edits once the questionnaire is published."""

    class Meta:
        abstract = True

    def owning_questionnaire(self) -> Questionnaire:
        raise NotImplementedError

    def clean(self) -> None:
        super().clean()
        questionnaire = self.owning_questionnaire()
        if questionnaire is not None and questionnaire.is_frozen:
            raise ValidationError(
                _("Ce questionnaire est publié : créez une nouvelle version pour le modifier.")
            )


class Dimension(FrozenWithQuestionnaire):
    """A section of the questionnaire; the three scored ones are the badge's dimensions."""

    ENVIRONMENT = "environnement"
    LOCAL_ECONOMY = "economie-locale"
    SOCIAL = "social"

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE, related_name="dimensions"
    )
    code = models.SlugField(_("code"), max_length=60)
    title = models.CharField(_("titre"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    scored = models.BooleanField(_("compte pour le badge"), default=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["questionnaire", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="dimension_code_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def owning_questionnaire(self):
        return self.questionnaire if self.questionnaire_id else None


class Criterion(FrozenWithQuestionnaire):
    class Scope(models.TextChoices):
        BUSINESS = "business", _("l'entreprise")
        OFFER = "offer", _("l'offre")

    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.SlugField(_("code"), max_length=60)
    title = models.CharField(_("intitulé"), max_length=200)
    public_label = models.CharField(
        _("engagement affiché aux visiteurs"),
        max_length=200,
        blank=True,
        help_text=_("En français simple, affiché sur la fiche de l'offre quand le critère est tenu."),
    )
    scope = models.CharField(_("porte sur"), max_length=10, choices=Scope.choices, default=Scope.BUSINESS)
    mandatory = models.BooleanField(_("obligatoire"), default=False)
    weight = models.PositiveSmallIntegerField(_("poids"), default=1)
    respondent_kinds = ArrayField(
        models.CharField(max_length=20, choices=RespondentKind.choices),
        verbose_name=_("répondants concernés"),
        default=default_respondent_kinds,
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        ordering = ["dimension__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="criterion_code_unique"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def owning_questionnaire(self):
        return self.dimension.questionnaire if self.dimension_id else None

    def applies_to(self, *, respondent_kind: str, has_offer: bool) -> bool:
        if respondent_kind not in self.respondent_kinds:
            return False
        return self.scope == self.Scope.BUSINESS or has_offer


class Indicator(FrozenWithQuestionnaire):
    """A first-person statement the respondent answers."""

    class AnswerKind(models.TextChoices):
        YES_NO = "yes_no", _("oui / non")
        CHOICE = "choice", _("choix")
        NUMBER = "number", _("nombre")
        TEXT = "text", _("texte libre")

    class Evidence(models.TextChoices):
        NONE = "none", _("aucun justificatif")
        OPTIONAL = "optional", _("justificatif facultatif")
        REQUIRED = "required", _("justificatif obligatoire")

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("critère"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(
        _("code"), max_length=60, help_text=_("Unique dans le questionnaire ; sert dans les adresses.")
    )
    statement = models.CharField(
        _("énoncé"), max_length=300, help_text=_("À la première personne : « Je privilégie… »")
    )
    help_text = models.TextField(_("aide et exemples"), blank=True)
    answer_kind = models.CharField(
        _("type de réponse"), max_length=10, choices=AnswerKind.choices, default=AnswerKind.YES_NO
    )
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        default=1,
        help_text=_("Oui / non et nombre : points au maximum."),
    )
    number_min = models.DecimalField(_("minimum"), max_digits=12, decimal_places=2, null=True, blank=True)
    number_max = models.DecimalField(_("maximum"), max_digits=12, decimal_places=2, null=True, blank=True)
    number_target = models.DecimalField(
        _("valeur visée"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Nombre : tous les points à partir de cette valeur ; vide = non noté."),
    )
    unit = models.CharField(_("unité"), max_length=30, blank=True)
    allow_not_applicable = models.BooleanField(_("« non concerné » possible"), default=True)
    evidence = models.CharField(
        _("justificatif"), max_length=10, choices=Evidence.choices, default=Evidence.NONE
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    # Denormalised so that indicator codes are unique per questionnaire version.
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="indicators", editable=False
    )

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["criterion__dimension__order", "criterion__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="indicator_code_unique"),
            models.CheckConstraint(
                condition=Q(number_min__isnull=True)
                | Q(number_max__isnull=True)
                | Q(number_min__lte=models.F("number_max")),
                name="indicator_number_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.statement

    def save(self, *args, **kwargs):
        if self.criterion_id and not self.questionnaire_id:
            self.questionnaire_id = self.criterion.dimension.questionnaire_id
        super().save(*args, **kwargs)

    def owning_questionnaire(self):
        return self.criterion.dimension.questionnaire if self.criterion_id else None


class Choice(FrozenWithQuestionnaire):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicateur"), on_delete=models.CASCADE, related_name="choices"
    )
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("libellé"), max_length=200)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=0)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("choix")
        verbose_name_plural = _("choix")
        ordering = ["indicator", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "code"], name="choice_code_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    def owning_questionnaire(self):
        return self.indicator.questionnaire if self.indicator_id else None


class IndicatorMapping(models.Model):
    """Carries an answer from an indicator of an older version to one of a newer version."""

    source = models.ForeignKey(
        Indicator, verbose_name=_("indicateur d'origine"), on_delete=models.CASCADE, related_name="mapped_to"
    )
    target = models.ForeignKey(
        Indicator,
        verbose_name=_("indicateur de destination"),
        on_delete=models.CASCADE,
        related_name="mapped_from",
    )

    class Meta:
        verbose_name = _("correspondance d'indicateurs")
        verbose_name_plural = _("correspondances d'indicateurs")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="indicator_mapping_unique"),
            models.UniqueConstraint(fields=["target"], name="indicator_mapping_one_source"),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} → {self.target.code}"

    def clean(self) -> None:
        if (self.source_id and self.target_id) and (
            self.source.questionnaire.code != self.target.questionnaire.code
            or self.source.questionnaire.version >= self.target.questionnaire.version
        ):
            raise ValidationError(
                _("La correspondance va d'une version à une version plus récente du même questionnaire.")
            )


class Campaign(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("ouverte")
        CLOSED = "closed", _("close")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("titre"), max_length=200)
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="campaigns"
    )
    message = models.TextField(_("message d'invitation"), blank=True)
    deadline = models.DateField(_("date limite de réponse"))
    reminder_days = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("relances (jours après l'invitation)"),
        default=list,
        blank=True,
    )
    language = models.CharField(
        _("langue des e-mails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="fr",
        help_text=_("Pour les répondants sans compte (prestataires extérieurs, offices)."),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        """Still open after its answer deadline (shown « en retard » until someone closes it)."""
        return self.status == self.Status.OPEN and self.deadline < timezone.localdate()


class Assessment(TimeStampedModel):
    """One respondent's self-assessment of one subject (an offer, a member or an office)."""

    class Status(models.TextChoices):
        INVITED = "invited", _("pas commencé")
        IN_PROGRESS = "in_progress", _("en cours")
        SUBMITTED = "submitted", _("envoyé, à relire")
        CHANGES_REQUESTED = "changes_requested", _("modifications demandées")
        VALIDATED = "validated", _("validé")
        WITHDRAWN = "withdrawn", _("annulé")

    EDITABLE = (Status.INVITED, Status.IN_PROGRESS, Status.CHANGES_REQUESTED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token = models.CharField(
        _("jeton du lien"), max_length=64, unique=True, default=new_token, editable=False
    )
    token_expires_at = models.DateTimeField(_("lien valable jusqu'au"))
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campagne"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="assessments"
    )
    respondent_kind = models.CharField(
        _("type de répondant"), max_length=20, choices=RespondentKind.choices, default=RespondentKind.MEMBER
    )
    member = models.ForeignKey(
        "network.Member",
        verbose_name=_("membre"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    offer = models.ForeignKey(
        "offers.Offer",
        verbose_name=_("offre"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("Prestataire extérieur ou office de tourisme."),
    )
    respondent_name = models.CharField(_("nom du répondant"), max_length=160, blank=True)
    respondent_email = models.EmailField(_("e-mail du répondant"))
    language = models.CharField(
        _("langue du répondant"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="fr",
        help_text=_("Langue des e-mails envoyés au répondant."),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.INVITED, db_index=True
    )
    invited_at = models.DateTimeField(_("invité le"), default=timezone.now)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("relu le"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relu par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("commentaire de relecture"), blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("relances envoyées"), default=0)
    last_reminded_at = models.DateTimeField(_("dernière relance"), null=True, blank=True)
    scores = models.JSONField(_("scores par dimension"), default=dict, blank=True)
    met_criteria = ArrayField(
        models.CharField(max_length=60), verbose_name=_("critères tenus"), default=list, blank=True
    )
    badge_level = models.CharField(_("niveau du badge"), max_length=30, blank=True)
    badge_expires_on = models.DateField(_("badge valable jusqu'au"), null=True, blank=True, db_index=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("autodiagnostic précédent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    action_plan = models.TextField(
        _("plan d'action"), blank=True, help_text=_("Ce que je vais améliorer cette année.")
    )

    class Meta:
        verbose_name = _("autodiagnostic")
        verbose_name_plural = _("autodiagnostics")
        ordering = ["-invited_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="validated") | Q(reviewed_at__isnull=False),
                name="assessment_validated_has_review",
            ),
        ]
        indexes = [models.Index(fields=["status", "badge_expires_on"])]

    def __str__(self) -> str:
        return f"{self.subject_label} — {self.questionnaire.label}"

    @property
    def subject_label(self) -> str:
        if self.offer_id:
            return str(self.offer)
        if self.member_id:
            return str(self.member)
        return self.organisation or self.respondent_email

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def link_expired(self) -> bool:
        return self.token_expires_at < timezone.now()

    @property
    def badge_is_valid(self) -> bool:
        return (
            self.status == self.Status.VALIDATED
            and bool(self.badge_level)
            and self.badge_expires_on is not None
            and self.badge_expires_on >= timezone.localdate()
        )

    @property
    def badge_label(self) -> str:
        return (
            scoring.level_label(self.badge_level, self.questionnaire.thresholds) if self.badge_level else ""
        )

    @property
    def respondent_url(self) -> str:
        from django.urls import reverse

        return settings.SITE_URL.rstrip("/") + reverse("selfdiagnosis:respond", kwargs={"token": self.token})


def evidence_path(instance: Answer, filename: str) -> str:
    return f"selfdiagnosis/evidence/{instance.assessment.public_id}/{uuid.uuid4().hex[:8]}-{filename}"


class Answer(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("autodiagnostic"), on_delete=models.CASCADE, related_name="answers"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicateur"), on_delete=models.PROTECT, related_name="answers"
    )
    bool_value = models.BooleanField(_("oui / non"), null=True, blank=True)
    choice = models.ForeignKey(
        Choice, verbose_name=_("choix"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    number_value = models.DecimalField(_("nombre"), max_digits=12, decimal_places=2, null=True, blank=True)
    text_value = models.TextField(_("texte"), blank=True)
    not_applicable = models.BooleanField(_("non concerné"), default=False)
    na_reason = models.CharField(_("raison"), max_length=300, blank=True)
    evidence = models.FileField(
        _("justificatif"), storage=private_storage, upload_to=evidence_path, blank=True, max_length=255
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="answer_one_per_indicator"),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | ~Q(na_reason=""), name="answer_not_applicable_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.display_value}"

    @property
    def has_value(self) -> bool:
        kind = self.indicator.answer_kind
        if self.not_applicable:
            return True
        if kind == Indicator.AnswerKind.YES_NO:
            return self.bool_value is not None
        if kind == Indicator.AnswerKind.CHOICE:
            return self.choice_id is not None
        if kind == Indicator.AnswerKind.NUMBER:
            return self.number_value is not None
        return bool(self.text_value.strip())

    @property
    def display_value(self) -> str:
        if self.not_applicable:
            return str(_("Non concerné : %(reason)s") % {"reason": self.na_reason})
        kind = self.indicator.answer_kind
        if kind == Indicator.AnswerKind.YES_NO:
            return {True: str(_("Oui")), False: str(_("Non"))}.get(self.bool_value, "")
        if kind == Indicator.AnswerKind.CHOICE:
            return self.choice.label if self.choice_id else ""
        if kind == Indicator.AnswerKind.NUMBER:
            if self.number_value is None:
                return ""
            value = f"{self.number_value.normalize():f}".replace(".", ",")
            return f"{value} {self.indicator.unit}".strip()
        return self.text_value


class CriterionReview(models.Model):
    """A reviewer's comment on one criterion of an assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="criterion_reviews")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    comment = models.TextField(_("commentaire"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("commentaire par critère")
        verbose_name_plural = _("commentaires par critère")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="criterion_review_unique"),
        ]

    def __str__(self) -> str:
        return self.comment[:60]


class Signature(models.Model):
    """The signed statement of truthfulness, with the exact text and answers it covered."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="signatures")
    signer_name = models.CharField(_("nom"), max_length=160)
    signer_role = models.CharField(_("fonction"), max_length=160)
    signed_at = models.DateTimeField(_("signé le"), default=timezone.now)
    questionnaire_label = models.CharField(_("version du questionnaire"), max_length=80)
    statement = models.TextField(_("texte signé"))
    answers_digest = models.CharField(_("empreinte des réponses"), max_length=64)
    answers_snapshot = models.JSONField(_("réponses signées"), default=list)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"{self.signer_name} — {self.signed_at:%d/%m/%Y}"
