"""Issue 10 points 13 and 14: quick dates, the error summary, the year only when needed, the
staff pages' dates, one list of travel times."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from common.geo import TRAVEL_TIME_CHOICES
from common.quickdates import quick_date_ranges, school_holidays
from common.templatetags import maillage_dates
from network.filters import MemberDirectoryFilter
from offers.filters import OfferSearchFilter
from workshops.filters import WorkshopCatalogueFilter
from workshops.models import Workshop

PARIS = ZoneInfo("Europe/Paris")


def _render(source: str, language: str = "fr", **context) -> str:
    with translation.override(language):
        return Template("{% load maillage_dates %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # Wednesday: today, the coming weekend, the rest of the week.
        (
            datetime.date(2026, 12, 2),
            [("today", 2, 2), ("weekend", 5, 6), ("week", 2, 6)],
        ),
        # Saturday: « Cette semaine » would be the weekend again — left out.
        (datetime.date(2026, 12, 5), [("today", 5, 5), ("weekend", 5, 6)]),
        # Sunday: all three are today — one button.
        (datetime.date(2026, 12, 6), [("today", 6, 6)]),
        # Monday: the next weekend, the whole week.
        (
            datetime.date(2026, 12, 7),
            [("today", 7, 7), ("weekend", 12, 13), ("week", 7, 13)],
        ),
    ],
)
def test_quick_dates_cover_today_the_coming_weekend_and_the_rest_of_the_week_without_duplicates(
    today, expected
):
    ranges = [(c.key, c.start.day, c.end.day) for c in quick_date_ranges(today)]
    assert ranges == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # Christmas 2026 (zone A): from the first day; once under way, from today.
        (datetime.date(2026, 12, 4), (datetime.date(2026, 12, 19), datetime.date(2027, 1, 3))),
        (datetime.date(2026, 12, 24), (datetime.date(2026, 12, 24), datetime.date(2027, 1, 3))),
        # Beyond the data (or too far ahead): no « Vacances » button rather than a wrong one.
        (datetime.date(2031, 3, 5), None),
    ],
)
def test_school_holidays_are_the_ones_under_way_or_the_next(today, expected):
    assert school_holidays(today, "A") == expected
    keys = [choice.key for choice in quick_date_ranges(today, holiday_zone="A")]
    assert keys == (["today", "weekend", "week", "holidays"] if expected else ["today", "weekend", "week"])


@pytest.mark.django_db
def test_search_pages_offer_quick_dates_and_a_folded_filter_panel(visitor):
    for path in (reverse("offers:search"), reverse("workshops:catalogue")):
        html = visitor.get(path, {"q": "bol", "page": "2"}).content.decode()
        assert '<details class="filters-panel" id="filters" data-open-wide>' in html, path
        links = re.findall(r'<a class="chip" href="\?([^"]+)"', html)
        # Today, this weekend, this week, the holidays — fewer on a weekend (same days).
        assert len(links) == len(quick_date_ranges(timezone.localdate(), holiday_zone="A")) >= 2, path
        # The quick dates keep the visitor's other criteria and go back to the first page.
        assert all("q=bol" in link and "date_from=" in link and "page" not in link for link in links)
        assert "1 critère" in html, path


@pytest.mark.django_db
def test_the_directory_folds_its_filters_and_puts_the_map_after_the_results(visitor):
    html = visitor.get(reverse("network:directory"), {"within": "30"}).content.decode()
    assert '<details class="filters-panel" id="filters" data-open-wide>' in html
    assert "1 critère" in html
    assert html.index('<ul class="cards">') < html.index('id="directory-map"')


@pytest.mark.django_db
def test_a_search_with_errors_opens_its_filter_panel(visitor):
    html = visitor.get(reverse("offers:search"), {"date_from": "pas une date"}).content.decode()
    assert '<details class="filters-panel" id="filters" data-open-wide open>' in html


class _Form(forms.Form):
    name = forms.CharField(label="Nom et prénom")
    email = forms.EmailField(label="E-mail")

    def clean(self):
        raise forms.ValidationError("Plus que 2 places sur cette séance.")


def test_error_summary_lists_each_field_with_a_link_and_is_focusable():
    form = _Form(data={"name": "", "email": "pas-un-mail"})
    assert not form.is_valid()
    with translation.override("fr"):
        html = Template('{% include "common/_error_summary.html" %}').render(Context({"form": form}))
    assert 'tabindex="-1" data-error-summary' in html
    assert "<li>Plus que 2 places sur cette séance.</li>" in html
    assert '<a href="#id_name">Nom et prénom :' in html
    assert '<a href="#id_email">E-mail :' in html


def test_the_year_is_written_only_when_it_is_not_this_year(monkeypatch):
    monkeypatch.setattr(maillage_dates, "_current_year", lambda: 2026)
    this_year = datetime.datetime(2026, 11, 22, 14, 0, tzinfo=PARIS)
    next_year = datetime.datetime(2027, 1, 7, 9, 30, tzinfo=PARIS)
    assert _render("{{ v|when_short }}", v=this_year) == "dim. 22 nov., 14\u00a0h\u00a000"
    assert _render("{{ v|when_short }}", v=next_year) == "jeu. 7 janv. 2027, 9\u00a0h\u00a030"
    assert _render("{{ v|day_long }}", v=next_year) == "jeudi 7 janvier 2027"
    assert _render('{{ v|day_short:"noyear" }}', v=next_year) == "jeu. 7 janv."
    assert _render("{{ v|day_month }}", v=this_year) == "22 novembre"
    assert _render("{{ v|date_time }}", v=this_year) == "22 novembre à 14\u00a0h\u00a000"
    assert _render("{{ v|date_time }}", v=next_year) == "7 janvier 2027 à 9\u00a0h\u00a030"
    assert _render("{{ v|date_time }}", "en", v=next_year) == "7 January 2027 at 9:30"


def test_staff_pages_write_dates_the_french_way():
    """No staff page writes « 4 décembre 2026 14:05 » (Django's ``j F Y H:i``) any more."""
    from pathlib import Path

    from django.conf import settings

    templates = Path(settings.BASE_DIR) / "templates"
    offenders = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if re.search(r'\|date:"j F( Y)?( à| \\à)? H:i"', path.read_text())
    ]
    assert offenders == []


@pytest.mark.django_db
def test_every_search_offers_the_same_travel_times():
    request = RequestFactory().get("/")
    offers = OfferSearchFilter(data={}, request=request).form.fields["within"].choices
    directory = MemberDirectoryFilter(data={}).form.fields["within"].choices
    workshops = (
        WorkshopCatalogueFilter(data={}, queryset=Workshop.objects.none()).form.fields["minutes"].choices
    )
    expected = [(value, str(label)) for value, label in TRAVEL_TIME_CHOICES]
    assert [(v, str(label)) for v, label in offers if v] == expected
    assert [(v, str(label)) for v, label in directory if v] == expected
    assert [(v, str(label)) for v, label in workshops if v] == expected
    # Near a place without a choice, the catalogue keeps 20 minutes and its select says so.
    assert WorkshopCatalogueFilter(data={}, queryset=Workshop.objects.none()).form["minutes"].value() == "20"
