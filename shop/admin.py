"""Admin: staff run the shop from here too; ledger, tickets and journal are read-only."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from common.admin import VerifiedUploadsMixin
from common.content_languages import translated_admin_form

from . import services
from .exceptions import ShopError
from .models import (
    Category,
    DailyClosing,
    DailyFootfall,
    DepositLine,
    DepositSlip,
    JournalEntry,
    Label,
    Order,
    OrderLine,
    Product,
    Sale,
    SaleLine,
    ShopSettings,
    Statement,
    StatementLine,
    StockMovement,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ShopSettings)
class ShopSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "commission_rate", "order_hold_hours", "low_stock_threshold")

    def has_add_permission(self, request):
        return not ShopSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = translated_admin_form(Category, ("name", "description"))
    list_display = ("name", "default_vat_rate", "commission_rate", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Product)
class ProductAdmin(VerifiedUploadsMixin, admin.ModelAdmin):
    form = translated_admin_form(Product, ("name", "description"))
    list_display = ("name", "code", "member", "category", "price", "vat_rate", "best_before", "is_active")
    list_filter = ("is_active", "category", "vat_rate", "vat_exempt", "member__antenna")
    search_fields = ("name", "code", "barcode", "member__name")
    list_select_related = ("member", "category")
    autocomplete_fields = ("member",)
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("labels",)
    actions = ["deactivate"]

    @admin.action(description=_("Retirer de la vente"))
    def deactivate(self, request, queryset):
        for product in queryset:
            services.product_update(product=product, actor=request.user, data={"is_active": False})
        self.message_user(request, _("Produits retirés de la vente."))


class DepositLineInline(admin.TabularInline):
    model = DepositLine
    extra = 0
    readonly_fields = ("product", "quantity_announced", "quantity_received")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DepositSlip)
class DepositSlipAdmin(admin.ModelAdmin):
    list_display = ("reference", "member", "status", "planned_on", "created_at", "received_at")
    list_filter = ("status",)
    search_fields = ("reference", "member__name")
    list_select_related = ("member",)
    readonly_fields = ("reference", "member", "status", "requested_by", "received_at", "received_by")
    inlines = [DepositLineInline]
    actions = ["receive"]

    @admin.action(description=_("Confirmer la réception (quantités annoncées)"))
    def receive(self, request, queryset):
        for slip in queryset:
            try:
                services.deposit_receive(slip=slip, actor=request.user)
            except ShopError as exc:
                self.message_user(request, f"{slip.reference} : {exc}", messages.ERROR)
        self.message_user(request, _("Dépôts réceptionnés."))


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "product", "kind", "quantity", "actor", "reason")
    list_filter = ("kind",)
    search_fields = ("product__name", "product__code", "reason")
    list_select_related = ("product", "actor")
    date_hierarchy = "created_at"


class SaleLineInline(admin.TabularInline):
    model = SaleLine
    extra = 0
    fields = ("product_name", "quantity", "unit_price", "vat_rate", "total", "vat_amount", "commission")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Sale)
class SaleAdmin(ReadOnlyAdmin):
    list_display = ("reference", "created_at", "kind", "channel", "payment_method", "total", "seller")
    list_filter = ("kind", "channel", "payment_method", "sold_on")
    search_fields = ("reference", "customer_email")
    list_select_related = ("seller",)
    date_hierarchy = "sold_on"
    inlines = [SaleLineInline]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    readonly_fields = ("product", "quantity", "unit_price", "total")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("reference", "name", "email", "status", "total", "created_at", "hold_until")
    list_filter = ("status",)
    search_fields = ("reference", "name", "email", "phone")
    readonly_fields = ("token", "reference", "status", "total", "hold_until", "ready_at", "closed_at", "sale")
    inlines = [OrderLineInline]
    actions = ["mark_ready", "release"]

    @admin.action(description=_("Marquer prêtes (e-mail au client)"))
    def mark_ready(self, request, queryset):
        for order in queryset:
            try:
                services.order_mark_ready(order=order, actor=request.user)
            except ShopError as exc:
                self.message_user(request, f"{order.reference} : {exc}", messages.ERROR)

    @admin.action(description=_("Annuler et libérer le stock"))
    def release(self, request, queryset):
        for order in queryset:
            services.order_release(order=order, actor=request.user)


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ("sequence", "kind", "created_at", "hash")
    list_filter = ("kind",)
    search_fields = ("hash",)


@admin.register(DailyClosing)
class DailyClosingAdmin(ReadOnlyAdmin):
    list_display = ("day", "tickets", "total", "vat_total", "journal_sequence", "closed_by")
    date_hierarchy = "day"


class StatementLineInline(admin.TabularInline):
    model = StatementLine
    extra = 0
    fields = ("product_name", "quantity", "gross", "vat", "commission", "net_due")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ("member", "period", "number", "status", "gross", "commission", "net_due")
    list_filter = ("status", "period")
    search_fields = ("member__name",)
    list_select_related = ("member",)
    inlines = [StatementLineInline]
    actions = ["close", "mark_paid"]

    def has_change_permission(self, request, obj=None):
        # Read-only form, but the changelist actions stay available.
        return obj is None

    @admin.action(description=_("Clôturer"))
    def close(self, request, queryset):
        for statement in queryset:
            try:
                services.statement_close(statement=statement, actor=request.user)
            except ShopError as exc:
                self.message_user(request, f"{statement} : {exc}", messages.ERROR)

    @admin.action(description=_("Marquer comme payés"))
    def mark_paid(self, request, queryset):
        for statement in queryset:
            try:
                services.statement_mark_paid(statement=statement, actor=request.user)
            except ShopError as exc:
                self.message_user(request, f"{statement} : {exc}", messages.ERROR)


@admin.register(DailyFootfall)
class DailyFootfallAdmin(admin.ModelAdmin):
    list_display = ("day", "visitors", "note")
    date_hierarchy = "day"
