from django import forms
from django.contrib import admin
from django.db import models

from .models import Document, Training


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ("workshop", "audience", "hours", "trainer", "is_active")
    list_filter = ("audience", "is_active")
    autocomplete_fields = ("workshop",)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "is_published")
    # The file has no public URL (private storage): a plain input, not the « currently: <link> » widget.
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}
    list_filter = ("category", "is_published")
