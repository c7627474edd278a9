"""Public catalogue filters (django-filter), applied inside ``selectors.workshop_catalogue``."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from common.geo import TRAVEL_TIME_CHOICES, travel_minutes_expression

from .models import Audience, Language

MINUTES_CHOICES = TRAVEL_TIME_CHOICES
DEFAULT_MINUTES = 20


class LightSelect(forms.Select):
    """A select that writes its options directly. The stock widget renders two templates per
    option: with fifty communes that was a fifth of the catalogue's rendering time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(option["value"]), mark_safe(" selected") if option["selected"] else "", option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options)


def _noop(queryset, name, value):
    return queryset


class WorkshopCatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="filter_text")
    # Plain (value, label) choices read once per request: model choice fields would load
    # whole rows through a server-side cursor for each select, and again to validate.
    craft = django_filters.ChoiceFilter(
        widget=LightSelect, label=_("Savoir-faire"), field_name="craft__slug", empty_label=_("Tous")
    )
    antenna = django_filters.ChoiceFilter(
        widget=LightSelect, label=_("Antenne"), field_name="member__antenna__slug", empty_label=_("Toutes")
    )
    date_from = django_filters.DateFilter(
        label=_("À partir du"), method=_noop, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("Jusqu'au"), method=_noop, widget=forms.DateInput(attrs={"type": "date"})
    )
    price_max = django_filters.NumberFilter(
        label=_("Prix maximum (€)"),
        field_name="price",
        lookup_expr="lte",
        widget=forms.NumberInput(attrs={"min": 0, "step": 1}),
    )
    audience = django_filters.ChoiceFilter(
        widget=LightSelect,
        label=_("Public"),
        choices=Audience.choices,
        method="filter_audience",
        empty_label=_("Tous"),
    )
    language = django_filters.ChoiceFilter(
        widget=LightSelect,
        label=_("Langue"),
        choices=Language.choices,
        method="filter_language",
        empty_label=_("Toutes"),
    )
    available = django_filters.BooleanFilter(
        label=_("Seulement avec des places"), method=_noop, widget=forms.CheckboxInput
    )
    commune = django_filters.ChoiceFilter(
        widget=LightSelect, label=_("Près de"), method=_noop, empty_label=_("Toute commune")
    )
    lat = django_filters.NumberFilter(method=_noop, widget=forms.HiddenInput)
    lon = django_filters.NumberFilter(method=_noop, widget=forms.HiddenInput)
    minutes = django_filters.ChoiceFilter(
        widget=LightSelect,
        label=_("Temps de trajet"),
        choices=MINUTES_CHOICES,
        method=_noop,
        # Near a place, the catalogue keeps 20 minutes by default: the select shows it.
        empty_label=None,
        initial=str(DEFAULT_MINUTES),
    )

    def __init__(self, data=None, *args, now=None, **kwargs):
        if data is not None and not data.get("minutes"):
            data = data.copy()
            data["minutes"] = str(DEFAULT_MINUTES)
        super().__init__(data, *args, **kwargs)
        from .selectors import catalogue_filter_lists

        self.now = now
        self.lists = catalogue_filter_lists()
        self.filters["craft"].extra["choices"] = self.lists.crafts
        self.filters["antenna"].extra["choices"] = self.lists.antennas
        self.communes = self.lists.communes
        self.filters["commune"].extra["choices"] = [
            (code, f"{name} ({postcode})") for code, (name, postcode, _lat, _lon) in self.communes.items()
        ]
        self.origin: tuple[float, float] | None = None

    # The form class, built once per version of the choice lists (its fields only depend on the
    # filters, which are fixed, and on these lists; labels are lazy, so one class serves every
    # language). Each form instance still deep-copies the fields, as Django forms do.
    _form_class: tuple[int, type] | None = None

    def get_form_class(self):
        cached = type(self)._form_class
        if cached is not None and cached[0] == self.lists.version:
            return cached[1]
        form_class = super().get_form_class()
        type(self)._form_class = (self.lists.version, form_class)
        return form_class

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(title__unaccent__icontains=value)
            | Q(summary__unaccent__icontains=value)
            | Q(description__unaccent__icontains=value)
            | Q(member__name__unaccent__icontains=value)
        )

    def filter_audience(self, queryset, name, value):
        return queryset.filter(audiences__contains=[value])

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__contains=[value])

    def filter_queryset(self, queryset):
        from .selectors import workshop_ids_with_dates_sql

        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        now = self.now or timezone.now()
        # Day bounds as local midnights: the same days as ``start__date`` in the current time zone.
        start_from = start_before = None
        if data.get("date_from"):
            start_from = timezone.make_aware(datetime.datetime.combine(data["date_from"], datetime.time.min))
        if data.get("date_to"):
            day_after = data["date_to"] + datetime.timedelta(days=1)
            start_before = timezone.make_aware(datetime.datetime.combine(day_after, datetime.time.min))
        if start_from or start_before:
            ids = workshop_ids_with_dates_sql(
                now=now,
                start_from=start_from,
                start_before=start_before,
                with_seats=bool(data.get("available")),
            )
            queryset = queryset.filter(pk__in=ids)
        elif data.get("available"):
            # Any date with seats: the stored first one says it (Workshop.next_start_with_seats).
            queryset = queryset.filter(next_start_with_seats__isnull=False)
        commune = self.communes.get(data.get("commune") or "")
        if commune is not None:
            self.origin = (commune[2], commune[3])
        elif data.get("lat") is not None and data.get("lon") is not None:
            lat, lon = float(data["lat"]), float(data["lon"])
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                self.origin = (lat, lon)
        if self.origin:
            minutes = int(data.get("minutes") or DEFAULT_MINUTES)
            queryset = (
                queryset.annotate(
                    travel_minutes=travel_minutes_expression(*self.origin, "latitude", "longitude")
                )
                .filter(travel_minutes__lte=minutes)
                .order_by("travel_minutes", "title", "pk")
            )
        return queryset
