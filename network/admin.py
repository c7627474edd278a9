import datetime

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.access import is_office_staff
from common.admin import VerifiedUploadsMixin
from common.content_languages import translated_admin_form
from common.forms import CommitmentLinesField

from . import selectors, services
from .exceptions import NetworkError
from .models import (
    Antenna,
    ApplicationDocument,
    CapacityRule,
    CharterSignature,
    CharterVersion,
    Commune,
    ConsentEvent,
    Contact,
    Craft,
    DecisionTemplate,
    Member,
    MemberPhoto,
    MembershipApplication,
    Office,
    ReminderLog,
    Territory,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "member", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "first_name", "last_name")
    autocomplete_fields = ("member",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name", "language", "member")}),
        (_("Droits"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Antenna)
class AntennaAdmin(admin.ModelAdmin):
    list_display = ("name", "territory", "latitude", "longitude")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("coordinators",)


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("name", "postcode", "insee_code", "antenna")
    list_filter = ("antenna",)
    search_fields = ("name", "postcode", "insee_code")


@admin.register(Craft)
class CraftAdmin(admin.ModelAdmin):
    form = translated_admin_form(Craft, ("name",))
    list_display = ("name", "name_en", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


class MemberPhotoInline(VerifiedUploadsMixin, admin.TabularInline):
    model = MemberPhoto
    extra = 0
    fields = ("image", "caption", "position")


class CharterSignatureInline(admin.TabularInline):
    model = CharterSignature
    extra = 0
    fields = ("version", "signer", "signed_at", "ip_address")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AntennaScopedAdmin(admin.ModelAdmin):
    """Coordinators see only their antennas' rows in the admin too."""

    antenna_field = "antenna"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_office_staff(request.user):
            return queryset
        antennas = selectors.antennas_for_coordinator(request.user)
        return queryset.filter(**{f"{self.antenna_field}__in": antennas})


@admin.register(Member)
class MemberAdmin(VerifiedUploadsMixin, AntennaScopedAdmin):
    list_display = (
        "name",
        "antenna",
        "commune",
        "status",
        "joined_on",
        "renewal_due_on",
        "charter_overdue_since",
    )
    list_filter = ("status", "antenna", "crafts", ("charter_overdue_since", admin.EmptyFieldListFilter))
    inlines = [MemberPhotoInline, CharterSignatureInline]
    actions = ["mark_suspended", "mark_left", "mark_active"]

    def _set_status(self, request, queryset, status):
        for member in queryset:
            try:
                first = services.member_set_status(member=member, status=status, actor=request.user)
            except NetworkError as exc:
                self.message_user(request, f"{member} : {exc.message}", messages.WARNING)
                continue
            if first is not None:
                self.message_user(
                    request,
                    _("Place libérée par %(member)s : premier en liste d'attente, %(name)s (%(ref)s).")
                    % {"member": member, "name": first.business_name, "ref": first.reference},
                    messages.INFO,
                )

    @admin.action(description=_("Suspendre"))
    def mark_suspended(self, request, queryset):
        self._set_status(request, queryset, Member.Status.SUSPENDED)

    @admin.action(description=_("Marquer comme parti"))
    def mark_left(self, request, queryset):
        self._set_status(request, queryset, Member.Status.LEFT)

    @admin.action(description=_("Réactiver (si la capacité le permet)"))
    def mark_active(self, request, queryset):
        self._set_status(request, queryset, Member.Status.ACTIVE)

    search_fields = ("name", "slug", "email", "contact_name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("commune",)
    filter_horizontal = ("crafts",)


class CharterVersionAdminForm(
    translated_admin_form(CharterVersion, ("title", "preamble", "changes_summary"))
):
    commitments = CommitmentLinesField(
        label=_("Engagements (un par ligne, dans l'ordre)"),
        help_text=_(
            "La page « Rédiger la charte » de l'espace équipe offre aussi un aperçu des changements."
        ),
    )


@admin.register(CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    form = CharterVersionAdminForm
    list_display = ("number", "title", "effective_on", "published_at", "sign_deadline", "signature_count")
    readonly_fields = ("published_at",)
    actions = ["publish"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_signatures=Count("signatures"))

    @admin.display(description=_("signatures"), ordering="_signatures")
    def signature_count(self, obj):
        return obj._signatures

    def get_readonly_fields(self, request, obj=None):
        # A published version is a record of what members signed: it no longer changes.
        if obj is not None and obj.published_at is not None:
            return [f.name for f in CharterVersion._meta.fields]
        return self.readonly_fields

    @admin.action(description=_("Publier (échéance de signature dans 30 jours)"))
    def publish(self, request, queryset):
        deadline = timezone.localdate() + datetime.timedelta(days=30)
        for version in queryset.order_by("number"):
            try:
                services.charter_version_publish(version=version, actor=request.user, sign_deadline=deadline)
            except NetworkError as exc:
                self.message_user(request, f"v{version.number} : {exc.message}", messages.WARNING)
            else:
                self.message_user(request, _("Version %(n)s publiée.") % {"n": version.number})


@admin.register(CharterSignature)
class CharterSignatureAdmin(admin.ModelAdmin):
    list_display = ("member", "version", "signer", "signed_at", "ip_address")
    list_filter = ("version",)
    search_fields = ("member__name", "signer__email")
    readonly_fields = ("member", "version", "signer", "signed_at", "ip_address")

    def has_add_permission(self, request):
        return False


@admin.register(CapacityRule)
class CapacityRuleAdmin(admin.ModelAdmin):
    list_display = ("antenna", "craft", "max_members")
    list_filter = ("antenna",)
    list_editable = ("max_members",)


class ApplicationDocumentInline(VerifiedUploadsMixin, admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    fields = ("kind", "original_name", "file", "uploaded_at")
    readonly_fields = ("uploaded_at",)


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(AntennaScopedAdmin):
    list_display = (
        "reference",
        "business_name",
        "antenna",
        "status",
        "reviewer",
        "created_at",
        "waitlisted_at",
    )
    list_filter = ("status", "antenna", "crafts")
    search_fields = ("reference", "business_name", "email", "contact_name")
    readonly_fields = (
        "reference",
        "token",
        "consent_at",
        "created_at",
        "updated_at",
        "decided_at",
        "decided_by",
        "member",
        "waitlisted_at",
        "status",
        "reviewer",
        "review_started_at",
    )
    autocomplete_fields = ("commune",)
    filter_horizontal = ("crafts",)
    inlines = [ApplicationDocumentInline]
    actions = ["take_charge", "waitlist"]

    @admin.action(description=_("Prendre en charge"))
    def take_charge(self, request, queryset):
        for application in queryset:
            try:
                services.application_take_charge(application=application, actor=request.user)
            except NetworkError as exc:
                self.message_user(request, f"{application.reference} : {exc.message}", messages.WARNING)

    @admin.action(description=_("Mettre en liste d'attente"))
    def waitlist(self, request, queryset):
        for application in queryset:
            try:
                services.application_waitlist(application=application, actor=request.user)
            except NetworkError as exc:
                self.message_user(request, f"{application.reference} : {exc.message}", messages.WARNING)


@admin.register(DecisionTemplate)
class DecisionTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "kind")
    list_filter = ("kind",)


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("member", "kind", "key", "sent_at")
    list_filter = ("kind",)
    search_fields = ("member__name",)


class ConsentEventInline(admin.TabularInline):
    model = ConsentEvent
    extra = 0
    fields = ("kind", "occurred_at", "source", "ip_address", "actor")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = (
        "email",
        "name",
        "kind",
        "marketing_consent",
        "consent_given_at",
        "consent_source",
        "last_seen_at",
    )
    list_filter = (
        "marketing_consent",
        "kind",
        "language",
        ("consent_withdrawn_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("email", "name", "phone")
    date_hierarchy = "last_seen_at"
    # Consent only changes through the services, so that every change leaves a ConsentEvent.
    readonly_fields = (
        "email",
        "marketing_consent",
        "consent_given_at",
        "consent_source",
        "consent_withdrawn_at",
        "first_seen_at",
        "last_seen_at",
        "sources",
        "unsubscribe_token",
    )
    fields = ("email", "name", "phone", "language", "kind", *readonly_fields[1:])
    inlines = [ConsentEventInline]
    actions = ["withdraw_consent"]

    def has_add_permission(self, request):
        # Contacts are added from the staff page (network_staff:contact_list) through
        # services.contact_record, which merges with an existing address and records consent.
        return False

    @admin.action(description=_("Retirer le consentement (à la demande de la personne)"))
    def withdraw_consent(self, request, queryset):
        for contact in queryset:
            services.contact_withdraw_consent(
                contact=contact,
                source="admin",
                actor=request.user,
                ip_address=request.META.get("REMOTE_ADDR") or None,
            )
        self.message_user(request, _("Consentement retiré pour %(n)s contact(s).") % {"n": queryset.count()})


@admin.register(ConsentEvent)
class ConsentEventAdmin(admin.ModelAdmin):
    """The proof of consent (RGPD): read-only."""

    list_display = ("contact", "kind", "occurred_at", "source", "ip_address", "actor")
    list_filter = ("kind", "source")
    search_fields = ("contact__email",)
    list_select_related = ("contact", "actor")
    readonly_fields = ("contact", "kind", "occurred_at", "source", "ip_address", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "is_main", "antenna", "city", "phone", "email")
    list_filter = ("is_main", "antenna")
    search_fields = ("name", "legal_name", "city")
