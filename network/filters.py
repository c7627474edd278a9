"""FilterSets of the network app (applied inside selectors)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from common.geo import TRAVEL_TIME_CHOICES

from .models import Antenna, Commune, Contact, Craft, Member, MembershipApplication

NEAR_CHOICES = TRAVEL_TIME_CHOICES


class MemberDirectoryFilter(django_filters.FilterSet):
    """Directory filters: craft, antenna, commune, text, and « near a place ».

    ``near`` (a commune) or ``lat``/``lon`` (browser geolocation) give an origin; the
    selector then sorts by estimated travel time and ``within`` keeps the closest.
    """

    q = django_filters.CharFilter(label=_("Recherche"), method="filter_text")
    craft = django_filters.ModelChoiceFilter(
        label=_("Savoir-faire"),
        queryset=Craft.objects.all(),
        to_field_name="slug",
        field_name="crafts",
        empty_label=_("Tous les savoir-faire"),
    )
    antenna = django_filters.ModelChoiceFilter(
        label=_("Antenne"),
        queryset=Antenna.objects.all(),
        to_field_name="slug",
        empty_label=_("Toutes les antennes"),
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        queryset=Commune.objects.filter(members__isnull=False).distinct(),
        to_field_name="insee_code",
        empty_label=_("Toutes les communes"),
    )
    near = django_filters.ModelChoiceFilter(
        label=_("Près de"),
        queryset=Commune.objects.all(),
        to_field_name="insee_code",
        method="filter_noop",
        empty_label=_("Choisir une commune"),
    )
    lat = django_filters.NumberFilter(method="filter_noop", widget=forms.HiddenInput)
    lon = django_filters.NumberFilter(method="filter_noop", widget=forms.HiddenInput)
    within = django_filters.ChoiceFilter(
        label=_("Temps de trajet"),
        choices=NEAR_CHOICES,
        method="filter_noop",
        empty_label=_("Toute distance"),
    )

    class Meta:
        model = Member
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        craft_match = Craft.objects.filter(members=OuterRef("pk"), name__unaccent__icontains=value)
        return queryset.filter(
            Q(name__unaccent__icontains=value)
            | Q(description__unaccent__icontains=value)
            | Q(commune__name__unaccent__icontains=value)
            | Exists(craft_match)
        )

    def filter_noop(self, queryset, name, value):
        # Origin and radius are applied by the selector, which also annotates travel time.
        return queryset

    def origin(self) -> tuple[float, float, str] | None:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        commune = data.get("near")
        if commune is not None:
            return commune.latitude, commune.longitude, commune.name
        lat, lon = data.get("lat"), data.get("lon")
        if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
            return float(lat), float(lon), str(_("votre position"))
        return None

    def max_minutes(self) -> int | None:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return int(data["within"]) if data.get("within") else None


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Statut"),
        choices=MembershipApplication.Status.choices,
        empty_label=_("Toutes en cours"),
        method="filter_status",
    )
    antenna = django_filters.ModelChoiceFilter(
        label=_("Antenne"),
        queryset=Antenna.objects.all(),
        to_field_name="slug",
        empty_label=_("Toutes les antennes"),
    )
    craft = django_filters.ModelChoiceFilter(
        label=_("Savoir-faire"),
        queryset=Craft.objects.all(),
        to_field_name="slug",
        field_name="crafts",
        empty_label=_("Tous les savoir-faire"),
    )
    review = django_filters.ChoiceFilter(
        label=_("Prise en charge"),
        method="filter_review",
        empty_label=_("Toutes"),
        choices=[("mine", _("par moi")), ("nobody", _("par personne"))],
    )

    class Meta:
        model = MembershipApplication
        fields: list[str] = []

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def filter_review(self, queryset, name, value):
        if value == "nobody":
            return queryset.filter(reviewer__isnull=True)
        return queryset.filter(reviewer=self.user) if self.user is not None else queryset.none()

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)


class StaffMemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="filter_text")
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=Member.Status.choices, empty_label=_("Tous les statuts")
    )
    antenna = django_filters.ModelChoiceFilter(
        label=_("Antenne"),
        queryset=Antenna.objects.all(),
        to_field_name="slug",
        empty_label=_("Toutes les antennes"),
    )
    craft = django_filters.ModelChoiceFilter(
        label=_("Savoir-faire"),
        queryset=Craft.objects.all(),
        to_field_name="slug",
        field_name="crafts",
        empty_label=_("Tous les savoir-faire"),
    )

    class Meta:
        model = Member
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__unaccent__icontains=value)
            | Q(contact_name__unaccent__icontains=value)
            | Q(email__icontains=value)
            | Q(commune__name__unaccent__icontains=value)
        )


# Where contacts come from (the consent-only codes such as unsubscribe links are not origins).
CONTACT_SOURCES = [
    (code, Contact.SOURCE_LABELS[code]) for code in ("workshops.booking", "shop.order", "staff", "admin")
]


class ContactFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="filter_text")
    consent = django_filters.ChoiceFilter(
        label=_("Consentement"),
        choices=[("yes", _("consentants")), ("no", _("sans consentement"))],
        method="filter_consent",
        empty_label=_("Tous"),
    )
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Contact.Kind.choices, empty_label=_("Tous"))
    source = django_filters.ChoiceFilter(
        label=_("Origine"),
        choices=CONTACT_SOURCES,
        method="filter_source",
        empty_label=_("Toutes"),
    )

    class Meta:
        model = Contact
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(email__icontains=value) | Q(name__unaccent__icontains=value) | Q(phone__icontains=value)
        )

    def filter_consent(self, queryset, name, value):
        return queryset.filter(marketing_consent=(value == "yes"))

    def filter_source(self, queryset, name, value):
        return queryset.filter(sources__contains=[value])
