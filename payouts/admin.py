from django.contrib import admin

from .models import Payout, SepaExport, WorkshopCommission


@admin.register(WorkshopCommission)
class WorkshopCommissionAdmin(admin.ModelAdmin):
    list_display = ("workshop", "rate")
    autocomplete_fields = ("workshop",)


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):
    """Read-only: payouts are recorded by the service from the staff page."""

    list_display = ("member", "period", "amount", "paid_on", "method", "reference")
    list_filter = ("method", "period")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SepaExport)
class SepaExportAdmin(admin.ModelAdmin):
    list_display = ("message_id", "period", "count", "total", "created_at")
    exclude = ("xml",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
