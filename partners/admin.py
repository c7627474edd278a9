from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are created here; the raw key is shown once, in the confirmation message."""

    list_display = ("name", "prefix", "requests_per_minute", "is_active", "last_used_at", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "created_at", "created_by", "last_used_at")
    fields = (
        "name",
        "requests_per_minute",
        "is_active",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
    )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key, raw = services.api_key_create(
            name=obj.name, requests_per_minute=obj.requests_per_minute, actor=request.user
        )
        obj.pk = key.pk
        obj.prefix, obj.key_hash = key.prefix, key.key_hash
        messages.warning(
            request,
            _("Clé à transmettre au partenaire (elle ne sera plus affichée) : %(key)s") % {"key": raw},
        )
