"""FilterSets of the offers app (applied inside selectors)."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from common.geo import TRAVEL_TIME_CHOICES
from network.selectors import antenna_list, commune_list

from .models import OTHER_SEARCH_CONFIGS, SEARCH_CONFIG, Audience, Family, Kind, Offer
from .opening import open_between_stored_sql

SORT_CHOICES = [
    ("relevance", _("pertinence")),
    ("distance", _("distance")),
    ("date", _("date (prochaines dates d'abord)")),
    ("title", _("titre")),
]
WITHIN_CHOICES = TRAVEL_TIME_CHOICES


class DateInput(forms.DateInput):
    input_type = "date"


class OfferSearchFilter(django_filters.FilterSet):
    """Public search: text, family, kind, audience, place, open dates, price, without car, badge.

    ``near`` (a commune) or ``lat``/``lon`` (browser geolocation) give an origin; the
    selector then computes the distance, ``within`` keeps the closest and ``sort=distance``
    orders by it.
    """

    q = django_filters.CharFilter(label=_("Mots-clés"), method="filter_text")
    family = django_filters.MultipleChoiceFilter(
        label=pgettext_lazy("offer categories", "Familles"),
        choices=Family.choices,
        method="filter_family",
        widget=forms.CheckboxSelectMultiple,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type d'offre"), choices=Kind.choices, empty_label=_("Tous les types")
    )
    audience = django_filters.ChoiceFilter(
        label=_("Public"),
        choices=Audience.choices,
        method="filter_audience",
        empty_label=_("Tous les publics"),
    )
    antenna = django_filters.ModelChoiceFilter(
        label=_("Antenne"),
        queryset=antenna_list(),
        to_field_name="slug",
        field_name="commune__antenna",
        empty_label=_("Toutes les antennes"),
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        queryset=commune_list(),
        to_field_name="insee_code",
        empty_label=_("Toutes les communes"),
    )
    date_from = django_filters.DateFilter(label=_("Ouvert du"), method="filter_noop", widget=DateInput)
    date_to = django_filters.DateFilter(label=_("au"), method="filter_noop", widget=DateInput)
    price_max = django_filters.NumberFilter(
        label=_("Prix maximum (€)"),
        method="filter_price",
        widget=forms.NumberInput(attrs={"min": 0, "step": 1}),
    )
    without_car = django_filters.BooleanFilter(
        label=_("Accessible sans voiture"), method="filter_true", widget=forms.CheckboxInput
    )
    badge = django_filters.BooleanFilter(
        label=_("Offres labellisées « bienveillantes »"), method="filter_badge", widget=forms.CheckboxInput
    )
    near = django_filters.ModelChoiceFilter(
        label=_("Près de"),
        queryset=commune_list(),
        to_field_name="insee_code",
        method="filter_noop",
        empty_label=_("Choisir une commune"),
    )
    lat = django_filters.NumberFilter(method="filter_noop", widget=forms.HiddenInput)
    lon = django_filters.NumberFilter(method="filter_noop", widget=forms.HiddenInput)
    within = django_filters.ChoiceFilter(
        label=_("Temps de trajet"),
        choices=WITHIN_CHOICES,
        method="filter_noop",
        empty_label=_("Toute distance"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Trier par"), choices=SORT_CHOICES, method="filter_noop", empty_label=None
    )

    class Meta:
        model = Offer
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.search_query = None

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_text(self, queryset, name, value):
        value = (value or "").strip()[:200]
        if not value:
            return queryset
        self.search_query = SearchQuery(value, config=SEARCH_CONFIG, search_type="websearch")
        # A visitor reading another language also searches that language's texts.
        other = OTHER_SEARCH_CONFIGS.get(get_language() or "")
        if other:
            self.search_query |= SearchQuery(value, config=other, search_type="websearch")
        return queryset.filter(search_vector=self.search_query).annotate(
            rank=SearchRank(F("search_vector"), self.search_query)
        )

    def filter_family(self, queryset, name, value):
        return queryset.filter(families__overlap=list(value)) if value else queryset

    def filter_audience(self, queryset, name, value):
        return queryset.filter(audiences__contains=[value]) if value else queryset

    def filter_price(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Q(free=True) | Q(price_min__lte=value))

    def filter_true(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset

    def filter_badge(self, queryset, name, value):
        from django.utils import timezone

        if not value:
            return queryset
        return queryset.exclude(badge_level="").filter(
            Q(badge_expires_on__isnull=True) | Q(badge_expires_on__gte=timezone.localdate())
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        start = self.form.cleaned_data.get("date_from")
        end = self.form.cleaned_data.get("date_to") or start
        if start or end:
            start = start or end
            if end < start:
                start, end = end, start
            # Open on at least one of the chosen days, by the one rule of offers/opening.py
            # (week days, closures, today's closing time); permanent places stay in.
            queryset = queryset.filter(open_between_stored_sql(start, end))
        return queryset


class StaffOfferFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="filter_text")
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=Offer.Status.choices, empty_label=_("Tous")
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=Offer._meta.get_field("source").choices, empty_label=_("Toutes")
    )
    family = django_filters.ChoiceFilter(
        label=_("Famille"), choices=Family.choices, method="filter_family", empty_label=_("Toutes")
    )

    class Meta:
        model = Offer
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__unaccent__icontains=value)
            | Q(commune_name__unaccent__icontains=value)
            | Q(provider_name__unaccent__icontains=value)
            | Q(external_id=value)
        )

    def filter_family(self, queryset, name, value):
        return queryset.filter(families__contains=[value]) if value else queryset
