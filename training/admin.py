from django.contrib import admin

from .models import Document, Training


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ("workshop", "audience", "hours", "trainer", "is_active")
    list_filter = ("audience", "is_active")
    autocomplete_fields = ("workshop",)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "is_published")
    list_filter = ("category", "is_published")
