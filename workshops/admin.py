"""Admin for staff: every state change goes through the services (same rules as the pages)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from common.admin import VerifiedUploadsMixin
from common.content_languages import translated_admin_form

from . import services
from .forms import WorkshopPhotoAdminForm
from .models import (
    Booking,
    CalendarFeed,
    GroupRequest,
    NotificationLog,
    Review,
    Session,
    WaitlistEntry,
    Workshop,
    WorkshopPhoto,
)


class WorkshopPhotoInline(admin.TabularInline):
    model = WorkshopPhoto
    form = WorkshopPhotoAdminForm
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(VerifiedUploadsMixin, admin.ModelAdmin):
    form = translated_admin_form(
        Workshop, ("title", "summary", "description", "what_to_bring", "accessibility")
    )
    list_display = (
        "title",
        "member",
        "craft",
        "price",
        "max_participants",
        "is_published",
        "pay_on_site_allowed",
    )
    list_filter = ("is_published", "pay_on_site_allowed", "craft", "member__antenna")
    search_fields = ("title", "slug", "member__name")
    raw_id_fields = ("member",)
    readonly_fields = ("slug", "created_at", "updated_at")
    inlines = [WorkshopPhotoInline]
    actions = ["allow_pay_on_site", "require_card"]

    @admin.action(description=_("Autoriser le paiement sur place (en plus de la carte)"))
    def allow_pay_on_site(self, request, queryset):
        changed = queryset.update(pay_on_site_allowed=True)
        self.message_user(request, _("%(n)d atelier(s) : paiement sur place possible.") % {"n": changed})

    @admin.action(description=_("Exiger le paiement par carte en réservant"))
    def require_card(self, request, queryset):
        changed = queryset.update(pay_on_site_allowed=False)
        self.message_user(request, _("%(n)d atelier(s) : paiement par carte exigé.") % {"n": changed})

    def has_add_permission(self, request):
        # Created from the portal (or by staff acting for the member) so the slug and defaults
        # come from services.workshop_create.
        return False


class BookingInline(admin.TabularInline):
    model = Booking
    extra = 0
    can_delete = False
    fields = ("reference", "name", "email", "party_size", "status", "channel", "price", "attendance")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("workshop", "start", "capacity", "seats_booked", "status", "decision", "is_private")
    list_filter = ("status", "decision", "is_private", "workshop__member__antenna")
    search_fields = ("workshop__title", "workshop__member__name", "public_id")
    date_hierarchy = "start"
    readonly_fields = (
        "public_id",
        "seats_booked",
        "capacity",
        "status",
        "decision",
        "decision_asked_at",
        "cancelled_reason",
        "series",
        "go_no_go_at",
    )
    fields = (
        "public_id",
        "workshop",
        "start",
        "end",
        "capacity",
        "seats_booked",
        "status",
        "decision",
        "decision_asked_at",
        "go_no_go_at",
        "cancelled_reason",
        "is_private",
        "series",
    )
    inlines = [BookingInline]
    actions = ["cancel_sessions", "offer_waitlist"]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "workshop", "start", "end", "is_private"]

    @admin.action(description=_("Annuler les séances (participants prévenus)"))
    def cancel_sessions(self, request, queryset):
        for session in queryset.order_by("id"):
            services.session_cancel(session_id=session.pk, actor=request.user, reason="Annulée par l'office")
        messages.success(request, _("Séances annulées."))

    @admin.action(description=_("Proposer les places libres à la liste d'attente"))
    def offer_waitlist(self, request, queryset):
        offered = sum(len(services.waitlist_offer_next(session_id=s.pk)) for s in queryset.order_by("id"))
        messages.success(request, _("%(n)d proposition(s) envoyée(s).") % {"n": offered})


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "name",
        "email",
        "session",
        "party_size",
        "price",
        "status",
        "channel",
        "attendance",
        "created_at",
    )
    list_filter = ("status", "channel", "language", "attendance", "is_group", "consent_contact")
    search_fields = ("reference", "name", "email", "po_number")
    date_hierarchy = "created_at"
    list_select_related = ("session", "session__workshop")
    readonly_fields = [f.name for f in Booking._meta.fields if f.name not in ("phone", "po_number")]
    actions = ["cancel_bookings"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Annuler les réservations (dérogation au délai)"))
    def cancel_bookings(self, request, queryset):
        for booking in queryset.order_by("id"):
            services.booking_cancel(booking_id=booking.pk, actor=request.user, override_deadline=True)
        messages.success(request, _("Réservations annulées."))


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "session", "party_size", "status", "offer_expires_at", "created_at")
    list_filter = ("status",)
    search_fields = ("name", "email", "session__workshop__title")
    readonly_fields = [f.name for f in WaitlistEntry._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(GroupRequest)
class GroupRequestAdmin(admin.ModelAdmin):
    list_display = ("__str__", "workshop", "size", "status", "proposed_start", "created_at")
    list_filter = ("status", "group_type", "language")
    search_fields = ("organisation", "contact_name", "email", "workshop__title")
    readonly_fields = ("public_id", "status", "proposed_by", "session", "booking", "created_at")
    actions = ["decline"]

    @admin.action(description=_("Décliner les demandes"))
    def decline(self, request, queryset):
        for group in queryset.order_by("id"):
            services.group_request_decline(group_request_id=group.pk, actor=request.user)
        messages.success(request, _("Demandes déclinées."))


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("workshop", "score", "author_name", "status", "created_at", "moderated_by")
    list_filter = ("status", "score", "workshop__member__antenna")
    search_fields = ("comment", "author_name", "workshop__title")
    readonly_fields = (
        "booking",
        "workshop",
        "score",
        "comment",
        "author_name",
        "status",
        "moderated_by",
        "moderated_at",
        "created_at",
    )
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Publier les avis"))
    def approve(self, request, queryset):
        for review in queryset.order_by("id"):
            services.review_moderate(review_id=review.pk, approve=True, actor=request.user)
        messages.success(request, _("Avis publiés."))

    @admin.action(description=_("Refuser les avis"))
    def reject(self, request, queryset):
        for review in queryset.order_by("id"):
            services.review_moderate(review_id=review.pk, approve=False, actor=request.user)
        messages.success(request, _("Avis refusés."))


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("member", "created_at")
    readonly_fields = ("member", "token", "created_at")


@admin.register(NotificationLog)
class NotificationLogAdmin(admin.ModelAdmin):
    list_display = ("key", "sent_at")
    search_fields = ("key",)
    readonly_fields = ("key", "sent_at")
