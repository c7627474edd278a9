from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Antenna, Commune, Craft, Member, Territory, User


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
        (_("Droits"), {"fields": ("is_active", "is_staff", "is_superuser", "groups",
                                  "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",),
                             "fields": ("email", "password1", "password2")}),)


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
    list_display = ("name", "name_en", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "antenna", "commune", "status", "joined_on")
    list_filter = ("status", "antenna", "crafts")
    search_fields = ("name", "slug", "email", "contact_name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("commune",)
    filter_horizontal = ("crafts",)
