"""One way to write dates, times and money across pages and e-mails (issue 10 point 13)."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal
from types import SimpleNamespace

from django.template import Context, Template
from django.template.loader import get_template
from django.utils import translation

from common.emails import render_plain


def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load maillage maillage_dates %}" + source).render(Context(context))


def test_first_of_the_month_in_every_date_filter_french_only():
    first = datetime.date(2027, 6, 1)
    assert _render("{{ d|date_long }}", "fr", d=first) == "1er juin 2027"
    assert _render('{{ d|day_month:"noyear" }}', "fr", d=first) == "1er juin"
    assert _render("{{ d|date_long }}", "en", d=first) == "1 June 2027"


def test_email_writes_1er_in_subject_and_body():
    """Subjects and bodies used ``|date:"j F Y"`` (« 1 juin 2027 »): now « 1er juin 2027 »."""
    member = SimpleNamespace(name="Atelier du Bois", renewal_due_on=datetime.date(2027, 6, 1))
    with translation.override("fr"):
        subject = render_plain("emails/network/renewal_reminder_subject.txt", {"member": member})
        body = render_plain("emails/network/renewal_reminder_body.txt", {"member": member})
    assert "1er juin 2027" in subject
    assert "1er juin 2027" in body
    assert "1 juin" not in subject + body


def test_public_voucher_page_template_uses_the_shared_filter():
    source = get_template("vouchers/public/balance.html").template.source
    assert '|date:"j F' not in source
    assert "date_long" in source


def test_hour_takes_datetimes_and_times_in_each_language():
    at = datetime.time(9, 5)
    assert _render("{{ t|hour }}", "fr", t=at) == "9\u00a0h\u00a005"
    assert _render("{{ t|hour }}", "en", t=at) == "9:05"


def test_money_and_numbers_follow_the_language():
    amount = Decimal("1234.5")
    assert _render("{{ a|money }}", "fr", a=amount).replace("\u202f", "\u00a0") == ("1\u00a0234,50\u00a0€")
    assert _render("{{ a|money }}", "en", a=amount) == "1,234.50\u00a0€"


def test_travel_time_never_says_about_zero_minutes():
    """The cards wrote « environ 0 min en voiture » for a place next door."""
    assert html.unescape(_render("{{ t|travel_time }}", "fr", t=0.3)) == "moins d'une minute en voiture"
    assert _render("{{ t|travel_time }}", "fr", t=12) == "environ 12 min en voiture"
    assert _render("{{ t|travel_time }}", "en", t=0) == "less than a minute by car"
    card = get_template("offers/partials/_offer_card.html").template.source
    assert "|travel_time" in card
