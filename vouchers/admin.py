from django.contrib import admin

from .models import Movement, Voucher


class MovementInline(admin.TabularInline):
    model = Movement
    extra = 0
    can_delete = False
    readonly_fields = ("created_at", "kind", "amount", "balance_after", "reference", "reason", "actor")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the staff pages and their services (ledger)."""

    list_display = ("display_code", "buyer_name", "amount", "balance", "expires_on", "status")
    list_filter = ("status", "kind")
    search_fields = ("code", "buyer_name", "buyer_email")
    inlines = [MovementInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
