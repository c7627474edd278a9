from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Payment, Refund, WebhookEvent
from .providers import online_payment_enabled


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RefundInline(admin.TabularInline):
    model = Refund
    extra = 0
    can_delete = False
    readonly_fields = ("amount", "reason", "kind", "status", "actor", "provider_ref", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("description", "amount", "status", "email", "created_at", "paid_at")
    list_filter = ("status", "provider")
    search_fields = ("email", "description", "provider_ref", "reference_id")
    inlines = [RefundInline]

    def changelist_view(self, request, extra_context=None):
        from django.contrib import messages

        if not online_payment_enabled():
            messages.warning(
                request,
                _(
                    "Paiement en ligne désactivé : aucune clé Stripe (STRIPE_SECRET_KEY, "
                    "STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET). Les visiteurs règlent sur place."
                ),
            )
        return super().changelist_view(request, extra_context)


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ("payment", "amount", "reason", "kind", "status", "created_at")
    list_filter = ("status", "kind")


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ("provider", "type", "event_id", "received_at")
