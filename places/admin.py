from django.contrib import admin

from .models import Exhibition, Space, SpaceBooking


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "capacity", "members_only", "is_active", "position")
    list_filter = ("kind", "members_only", "is_active")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(SpaceBooking)
class SpaceBookingAdmin(admin.ModelAdmin):
    """Read-mostly: bookings are taken and decided through the portal and staff pages (services)."""

    list_display = ("space", "start", "end", "status", "requester", "member", "organisation", "contact_name")
    list_filter = ("status", "requester", "space")
    search_fields = ("contact_name", "organisation", "email", "member__name")
    date_hierarchy = "start"
    readonly_fields = [f.name for f in SpaceBooking._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Exhibition)
class ExhibitionAdmin(admin.ModelAdmin):
    list_display = ("title", "member", "space", "starts_on", "ends_on", "is_published")
    list_filter = ("is_published", "space")
    autocomplete_fields = ("member",)
