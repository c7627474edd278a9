from django.contrib import admin

from .models import Invoice, InvoiceLine


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0
    can_delete = False
    readonly_fields = ("position", "label", "quantity", "unit_price_ht", "vat_rate", "total_ht")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    """Read-only: an issued invoice is never edited; a credit note corrects it."""

    list_display = ("number", "kind", "buyer_name", "total_ttc", "issued_on", "status")
    list_filter = ("kind", "status", "buyer_kind", "year")
    search_fields = ("number", "buyer_name")
    inlines = [InvoiceLineInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
