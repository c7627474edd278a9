"""Admin of the offers app: offers with workflow actions, imports (with an upload form), mappings."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin import VerifiedUploadsMixin
from common.content_languages import translated_admin_form

from . import services
from .exceptions import OfferError
from .forms import ImportUploadForm
from .models import (
    Audience,
    ExportNotification,
    Family,
    ImportError,
    ImportRun,
    ImportSource,
    Offer,
    OfferImage,
    OpeningPeriod,
    Provider,
    TypeMapping,
)


class OpeningPeriodInline(admin.TabularInline):
    model = OpeningPeriod
    extra = 0


class OfferImageInline(VerifiedUploadsMixin, admin.TabularInline):
    model = OfferImage
    extra = 0


def _bulk(action: str, label: str):
    def run(modeladmin, request, queryset):
        try:
            done, refused = services.offer_bulk_transition(
                offers=list(queryset), actor=request.user, action=action
            )
        except OfferError as exc:
            modeladmin.message_user(request, exc.message, messages.ERROR)
            return
        modeladmin.message_user(request, _("%(n)d offre(s) traitée(s).") % {"n": done}, messages.SUCCESS)
        if refused:
            modeladmin.message_user(
                request,
                _("%(n)d offre(s) ignorée(s) : statut incompatible.") % {"n": refused},
                messages.WARNING,
            )

    run.short_description = label
    run.__name__ = f"bulk_{action}"
    return run


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    form = translated_admin_form(Offer, ("title", "short_description", "description"))
    list_display = (
        "title",
        "kind",
        "families",
        "commune_name",
        "status",
        "source",
        "has_badge_display",
        "updated_at",
    )
    list_filter = ("status", "source", "kind", "without_car", "commune__antenna")
    search_fields = ("title", "external_id", "commune_name", "provider_name", "member__name")
    list_select_related = ("commune",)
    autocomplete_fields = ("member", "commune")
    readonly_fields = (
        "uuid",
        "source",
        "external_id",
        "source_url",
        "source_modified_at",
        "source_types",
        "provider_keys",
        "attribution_name",
        "attribution_updated_on",
        "created_at",
        "updated_at",
        "status",
        "rejection_reason",
        "submitted_at",
        "published_at",
    )
    inlines = [OpeningPeriodInline, OfferImageInline]
    actions = [
        _bulk("preselect", _("Présélectionner les offres choisies")),
        _bulk("publish", _("Publier les offres choisies")),
        _bulk("archive", _("Archiver les offres choisies")),
    ]
    date_hierarchy = "updated_at"

    @admin.display(description=_("label"), boolean=True)
    def has_badge_display(self, obj: Offer) -> bool:
        return obj.has_badge

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.offer_refresh_search_vector(offer_ids=[form.instance.pk])


class ImportErrorInline(admin.TabularInline):
    model = ImportError
    extra = 0
    can_delete = False
    fields = ("level", "external_id", "path", "reason")
    readonly_fields = fields
    max_num = 0
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("id")


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "source",
        "origin_short",
        "status",
        "created_count",
        "updated_count",
        "unchanged_count",
        "archived_count",
        "failed_count",
        "created_by",
    )
    list_filter = ("status", "source")
    search_fields = ("origin",)
    readonly_fields = [f.name for f in ImportRun._meta.fields]
    inlines = [ImportErrorInline]
    change_list_template = "admin/offers/importrun/change_list.html"

    @admin.display(description=_("origine"))
    def origin_short(self, obj: ImportRun) -> str:
        return obj.origin[-60:]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        urls = [
            path("importer/", self.admin_site.admin_view(self.upload_view), name="offers_importrun_upload"),
        ]
        return urls + super().get_urls()

    def upload_view(self, request):
        if not self.has_view_permission(request) or not request.user.has_perm("offers.change_importrun"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            run = services.import_run_request(
                actor=request.user,
                source=form.cleaned_data["source"],
                origin=form.cleaned_data.get("url") or "",
                upload=form.cleaned_data.get("file"),
            )
            self.message_user(
                request, _("Import enregistré : il est lancé en arrière-plan."), messages.SUCCESS
            )
            return redirect(reverse("admin:offers_importrun_change", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Importer des offres"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/offers/importrun/upload.html", context)


class TypeMappingForm(forms.ModelForm):
    """Families and audiences are ticked by their French labels, never typed as internal codes."""

    families = forms.TypedMultipleChoiceField(
        label=TypeMapping._meta.get_field("families").verbose_name,
        choices=Family.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audiences = forms.TypedMultipleChoiceField(
        label=TypeMapping._meta.get_field("audiences").verbose_name,
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TypeMapping
        fields = (
            "source",
            "code",
            "label",
            "families",
            "kind",
            "audiences",
            "accessibility",
            "without_car",
            "priority",
        )


@admin.register(TypeMapping)
class TypeMappingAdmin(admin.ModelAdmin):
    form = TypeMappingForm
    list_display = (
        "code",
        "source",
        "label",
        "families_fr",
        "kind",
        "audiences_fr",
        "without_car",
        "priority",
    )
    list_filter = ("source", "kind", "without_car")
    search_fields = ("code", "label")
    list_editable = ("kind", "priority")
    actions = ["reapply"]

    @admin.display(description=TypeMapping._meta.get_field("families").verbose_name)
    def families_fr(self, obj: TypeMapping) -> str:
        return ", ".join(obj.families_labels()) or "—"

    @admin.display(description=TypeMapping._meta.get_field("audiences").verbose_name)
    def audiences_fr(self, obj: TypeMapping) -> str:
        return ", ".join(obj.audiences_labels()) or "—"

    def save_model(self, request, obj, form, change):
        # The same entry point as the staff page: re-maps the offers and records who changed what.
        values = {name: getattr(obj, name) for name in services.TYPE_MAPPING_FIELDS}
        if change:
            obj.refresh_from_db()
        try:
            _mapping, count = services.type_mapping_save(actor=request.user, mapping=obj, **values)
        except OfferError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(request, _("Correspondances réappliquées à %(n)d offre(s).") % {"n": count})

    def delete_model(self, request, obj):
        services.type_mapping_delete(actor=request.user, mapping=obj)

    def delete_queryset(self, request, queryset):
        for mapping in queryset:
            services.type_mapping_delete(actor=request.user, mapping=mapping)

    @admin.action(description=_("Réappliquer les correspondances aux offres importées"))
    def reapply(self, request, queryset):
        total = sum(
            services.offer_apply_type_mappings(source=s)
            for s in set(queryset.values_list("source", flat=True))
        )
        self.message_user(request, _("Correspondances réappliquées à %(n)d offre(s).") % {"n": total})


@admin.register(ImportSource)
class ImportSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "source", "enabled", "every_hours", "last_run_at")
    list_filter = ("source", "enabled")
    actions = ["run_now"]

    @admin.action(description=_("Importer maintenant"))
    def run_now(self, request, queryset):
        for source in queryset.order_by("pk"):
            services.import_run_request(
                actor=request.user, source=source.source, origin=source.url, scheduled_source=source
            )
        self.message_user(request, _("Imports lancés en arrière-plan."))


@admin.register(ExportNotification)
class ExportNotificationAdmin(admin.ModelAdmin):
    list_display = ("received_at", "project_id", "export_status", "status", "run_link", "confirmed_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in ExportNotification._meta.fields]

    @admin.display(description=_("import"))
    def run_link(self, obj: ExportNotification):
        if not obj.run_id:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:offers_importrun_change", args=[obj.run_id]), obj.run_id
        )

    def has_add_permission(self, request):
        return False


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    """Organisations read at the source (Apidae STRUCTURE): never offers, linked to members."""

    list_display = ("name", "source", "external_id", "commune_name", "member", "offer_count")
    list_filter = ("source",)
    search_fields = ("name", "external_id", "siret", "emails")
    autocomplete_fields = ("member",)
    readonly_fields = ("source", "external_id", "source_modified_at", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member").annotate(n_offers=Count("offers"))

    @admin.display(description=_("offres"), ordering="n_offers")
    def offer_count(self, obj: Provider) -> int:
        return obj.n_offers
