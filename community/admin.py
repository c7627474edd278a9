from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.forms import CommitmentLinesField

from .models import Eclaireur, EclaireurCharter, GreeterAbsence, Perk, Recommendation, WalkRequest


class EclaireurCharterAdminForm(forms.ModelForm):
    commitments = CommitmentLinesField(label=_("Engagements (un par ligne, dans l'ordre)"))

    class Meta:
        model = EclaireurCharter
        fields = ("number", "title", "preamble", "commitments", "published_at")


@admin.register(EclaireurCharter)
class EclaireurCharterAdmin(admin.ModelAdmin):
    form = EclaireurCharterAdminForm
    list_display = ("number", "title", "published_at")


class GreeterAbsenceInline(admin.TabularInline):
    model = GreeterAbsence
    extra = 0
    fields = ("start", "end")


@admin.register(Eclaireur)
class EclaireurAdmin(admin.ModelAdmin):
    inlines = [GreeterAbsenceInline]
    list_display = ("first_name", "last_name", "commune", "status", "is_greeter")
    list_filter = ("status", "is_greeter")
    search_fields = ("first_name", "last_name", "email")
    filter_horizontal = ("antennas",)


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("eclaireur", "subject", "status", "created_at")
    list_filter = ("status",)


@admin.register(WalkRequest)
class WalkRequestAdmin(admin.ModelAdmin):
    list_display = ("name", "date", "antenna", "walk_language", "group_size", "status", "greeter")
    list_filter = ("status", "antenna")
    search_fields = ("name", "email")


@admin.register(Perk)
class PerkAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "valid_until", "is_active")
    list_filter = ("kind", "is_active")
