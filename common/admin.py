from django.contrib import admin
from django.db import models

from .models import ActionLog
from .uploads import VerifiedDocumentField, VerifiedImageField


class VerifiedUploadsMixin:
    """For ModelAdmin and inlines: files uploaded in the admin go through common.uploads too
    (verified, size-limited, images re-encoded without their metadata)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.ImageField):
            kwargs.setdefault("form_class", VerifiedImageField)
        elif isinstance(db_field, models.FileField):
            kwargs.setdefault("form_class", VerifiedDocumentField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(ActionLog)
class ActionLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "object_type", "object_id")
    list_filter = ("action",)
    search_fields = ("action", "object_id", "actor__email")
    readonly_fields = [f.name for f in ActionLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# allauth's user-sessions admin searches ``user__username``, which our e-mail-only User lacks.
from allauth.usersessions.admin import UserSessionAdmin as _UserSessionAdmin  # noqa: E402
from allauth.usersessions.models import UserSession  # noqa: E402

if admin.site.is_registered(UserSession):
    admin.site.unregister(UserSession)


@admin.register(UserSession)
class UserSessionAdmin(_UserSessionAdmin):
    search_fields = ["user__email", "ip"]
