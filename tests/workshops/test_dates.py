import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from workshops.templatetags import workshops_dates as f

PARIS = ZoneInfo("Europe/Paris")
SUNDAY = datetime.datetime(2026, 11, 22, 14, 0, tzinfo=PARIS)


def render(source: str, value) -> str:
    with translation.override("fr"):
        return Template("{% load workshops_dates %}" + source).render(Context({"v": value}))


def test_short_day_is_lower_case_with_dots():
    assert render("{{ v|day_short }}", SUNDAY) == "dim. 22 nov."
    assert render("{{ v|when_short }}", SUNDAY) == "dim. 22 nov., 14\u00a0h\u00a000"


def test_short_months_keep_mars_mai_juin_aout_whole():
    with translation.override("fr"):
        months = [str(f.MONTHS_ABBR[m]) for m in range(12)]
    assert months == [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
    ]  # fmt: skip


def test_long_day_and_first_of_month():
    assert render("{{ v|day_long }}", SUNDAY) == "dimanche 22 novembre"
    assert render('{{ v|when_long:"year" }}', SUNDAY) == "dimanche 22 novembre 2026 à 14\u00a0h\u00a000"
    first = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=PARIS)
    assert render("{{ v|date_long }}", first) == "1er décembre 2026"
    assert render("{{ v|hour }}", first) == "9\u00a0h\u00a030"


def test_times_show_in_paris_across_daylight_saving():
    summer = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC)
    winter = datetime.datetime(2026, 12, 1, 13, 0, tzinfo=datetime.UTC)
    assert render("{{ v|hour }}", summer) == "14\u00a0h\u00a000"
    assert render("{{ v|hour }}", winter) == "14\u00a0h\u00a000"


@pytest.mark.parametrize("name", ["day_short", "day_long", "date_long", "date_short", "hour", "when_short"])
def test_empty_values_render_nothing(name):
    assert render("{{ v|" + name + " }}", None) == ""


@pytest.mark.django_db
def test_catalogue_and_workshop_page_write_dates_the_french_way(visitor, session):
    with translation.override("fr"):
        expected = f.when_short(timezone.localtime(session.start))
    assert "." in expected.split(",")[0]
    assert expected in visitor.get(reverse("workshops:catalogue")).content.decode()
    page = visitor.get(session.workshop.get_absolute_url()).content.decode()
    with translation.override("fr"):
        assert f.when_long(timezone.localtime(session.start), "year") in page
