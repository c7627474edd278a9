"""Staff build questionnaires here (inlines, preview, publish, new version) and follow assessments."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .exceptions import SelfDiagnosisError
from .models import (
    Answer,
    Assessment,
    Campaign,
    Choice,
    Criterion,
    CriterionReview,
    Dimension,
    Indicator,
    IndicatorMapping,
    Questionnaire,
    RespondentKind,
    Signature,
)


class FrozenInlineMixin:
    """Inlines of a published questionnaire are read-only: a new version must be created."""

    def _frozen(self, obj) -> bool:
        questionnaire = (
            obj.owning_questionnaire()
            if obj is not None and hasattr(obj, "owning_questionnaire")
            else (obj if isinstance(obj, Questionnaire) else None)
        )
        return questionnaire is not None and questionnaire.is_frozen

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class FrozenAdminMixin:
    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.owning_questionnaire().is_frozen:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.owning_questionnaire().is_frozen:
            return False
        return super().has_delete_permission(request, obj)


class DimensionInline(FrozenInlineMixin, admin.TabularInline):
    model = Dimension
    extra = 0
    fields = ("order", "code", "title", "scored", "edit_link")
    readonly_fields = ("edit_link",)

    @admin.display(description=_("critères"))
    def edit_link(self, obj):
        if not obj.pk:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:selfdiagnosis_dimension_change", args=[obj.pk]),
            _("voir les critères"),
        )


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "version", "kind", "status", "published_at", "preview_link")
    list_filter = ("kind", "status")
    search_fields = ("title", "code")
    readonly_fields = ("status", "published_at", "previous", "preview_link")
    inlines = [DimensionInline]
    actions = ["publish", "new_version"]

    def has_change_permission(self, request, obj=None):
        # Published content is frozen: staff create a new version (action) instead.
        if obj is not None and obj.is_frozen:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return [f.name for f in Questionnaire._meta.fields if f.name not in ("id",)] + ["preview_link"]
        return self.readonly_fields

    @admin.display(description=_("aperçu"))
    def preview_link(self, obj):
        if not obj.pk:
            return ""
        url = reverse(
            "selfdiagnosis_staff:questionnaire_preview", kwargs={"code": obj.code, "version": obj.version}
        )
        return format_html('<a href="{}">{}</a>', url, _("aperçu"))

    @admin.action(description=_("Publier (fige le contenu)"))
    def publish(self, request, queryset):
        for questionnaire in queryset:
            try:
                services.questionnaire_publish(questionnaire=questionnaire, actor=request.user)
                self.message_user(request, _("%(q)s publié.") % {"q": questionnaire})
            except SelfDiagnosisError as exc:
                self.message_user(request, f"{questionnaire} : {exc.message}", messages.ERROR)

    @admin.action(description=_("Créer une nouvelle version (brouillon, réponses reprises)"))
    def new_version(self, request, queryset):
        for questionnaire in queryset:
            new = services.questionnaire_new_version(source=questionnaire, actor=request.user)
            self.message_user(request, _("%(q)s créé.") % {"q": new})


class CriterionAdminForm(forms.ModelForm):
    respondent_kinds = forms.MultipleChoiceField(
        label=_("répondants concernés"), choices=RespondentKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Criterion
        fields = (
            "dimension",
            "code",
            "title",
            "public_label",
            "scope",
            "mandatory",
            "weight",
            "respondent_kinds",
            "order",
        )


class CriterionInline(FrozenInlineMixin, admin.TabularInline):
    model = Criterion
    form = CriterionAdminForm
    extra = 0
    fields = ("order", "code", "title", "public_label", "scope", "mandatory", "weight", "respondent_kinds")
    show_change_link = True


@admin.register(Dimension)
class DimensionAdmin(FrozenAdminMixin, admin.ModelAdmin):
    list_display = ("title", "questionnaire", "code", "scored", "order")
    list_filter = ("questionnaire",)
    inlines = [CriterionInline]


class IndicatorInline(FrozenInlineMixin, admin.StackedInline):
    model = Indicator
    extra = 0
    fields = (
        ("order", "code"),
        "statement",
        "help_text",
        ("answer_kind", "points"),
        ("number_min", "number_max", "number_target", "unit"),
        ("allow_not_applicable", "evidence"),
    )
    show_change_link = True


@admin.register(Criterion)
class CriterionAdmin(FrozenAdminMixin, admin.ModelAdmin):
    form = CriterionAdminForm
    list_display = ("title", "dimension", "scope", "mandatory", "weight")
    list_filter = ("dimension__questionnaire", "scope", "mandatory")
    search_fields = ("title", "code")
    inlines = [IndicatorInline]


class ChoiceInline(FrozenInlineMixin, admin.TabularInline):
    model = Choice
    extra = 0
    fields = ("order", "code", "label", "points")


class MappingInline(admin.TabularInline):
    model = IndicatorMapping
    fk_name = "target"
    extra = 0
    autocomplete_fields = ("source",)
    verbose_name = _("reprend les réponses de")


@admin.register(Indicator)
class IndicatorAdmin(FrozenAdminMixin, admin.ModelAdmin):
    list_display = ("statement", "code", "questionnaire", "answer_kind", "evidence")
    list_filter = ("questionnaire", "answer_kind", "evidence")
    search_fields = ("statement", "code")
    inlines = [ChoiceInline, MappingInline]

    def has_change_permission(self, request, obj=None):
        # Mappings stay editable on a draft's indicators only, like the rest of its content.
        return super().has_change_permission(request, obj)


class AssessmentInline(admin.TabularInline):
    model = Assessment
    extra = 0
    fields = ("subject", "respondent_email", "status", "badge_level", "badge_expires_on")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("pour"))
    def subject(self, obj):
        return obj.subject_label


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "questionnaire", "deadline", "language", "status", "created_at", "staff_link")
    list_filter = ("status", "questionnaire", "language")
    search_fields = ("title",)
    inlines = [AssessmentInline]
    actions = ["send_reminders", "close"]

    def get_readonly_fields(self, request, obj=None):
        return ("questionnaire", "created_by") if obj is not None else ("created_by",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("suivi"))
    def staff_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("selfdiagnosis_staff:campaign_detail", kwargs={"public_id": obj.public_id}),
            _("ouvrir"),
        )

    @admin.action(description=_("Relancer ceux qui n'ont pas signé"))
    def send_reminders(self, request, queryset):
        sent = 0
        for campaign in queryset:
            for assessment in campaign.assessments.filter(
                status__in=[Assessment.Status.INVITED, Assessment.Status.IN_PROGRESS]
            ):
                sent += services.assessment_send_reminder(assessment_id=assessment.pk, actor=request.user)
        self.message_user(request, _("%(n)d relance(s) envoyée(s).") % {"n": sent})

    @admin.action(description=_("Clore"))
    def close(self, request, queryset):
        for campaign in queryset:
            services.campaign_close(campaign=campaign, actor=request.user)


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ("indicator", "value", "evidence")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("réponse"))
    def value(self, obj):
        return obj.display_value


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    fields = (
        "signer_name",
        "signer_role",
        "signed_at",
        "questionnaire_label",
        "answers_digest",
        "ip_address",
    )
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CriterionReviewInline(admin.TabularInline):
    model = CriterionReview
    extra = 0
    fields = ("criterion", "comment", "author")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = (
        "subject",
        "questionnaire",
        "respondent_kind",
        "respondent_email",
        "status",
        "badge_level",
        "badge_expires_on",
        "review_link",
    )
    list_filter = ("status", "respondent_kind", "questionnaire", "campaign", "badge_level", "language")
    search_fields = ("respondent_email", "respondent_name", "organisation", "offer__title", "member__name")
    date_hierarchy = "invited_at"
    list_select_related = ("questionnaire", "offer", "member")
    # Only the language of the emails can be corrected here; the rest goes through the services.
    readonly_fields = [f.name for f in Assessment._meta.fields if f.name not in ("id", "language")] + [
        "review_link"
    ]
    exclude = ("token",)
    inlines = [AnswerInline, SignatureInline, CriterionReviewInline]
    actions = ["send_reminder", "extend_link", "renew"]

    def has_add_permission(self, request):
        return False  # invitations go through campaigns, so the email and the token are created together

    @admin.display(description=_("pour"))
    def subject(self, obj):
        return obj.subject_label

    @admin.display(description=_("relecture"))
    def review_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("selfdiagnosis_staff:assessment_review", kwargs={"public_id": obj.public_id}),
            _("ouvrir"),
        )

    @admin.action(description=_("Relancer"))
    def send_reminder(self, request, queryset):
        sent = sum(
            services.assessment_send_reminder(assessment_id=a.pk, actor=request.user) for a in queryset
        )
        self.message_user(request, _("%(n)d relance(s) envoyée(s).") % {"n": sent})

    @admin.action(description=_("Prolonger le lien de 30 jours"))
    def extend_link(self, request, queryset):
        for assessment in queryset:
            services.assessment_extend_link(assessment=assessment, days=30, actor=request.user)

    @admin.action(description=_("Inviter au renouvellement (réponses reprises)"))
    def renew(self, request, queryset):
        for assessment in queryset:
            try:
                services.assessment_renew(previous=assessment, actor=request.user)
            except SelfDiagnosisError as exc:
                self.message_user(request, f"{assessment} : {exc.message}", messages.ERROR)
