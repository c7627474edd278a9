"""Issue 11 point 8: portal dates read « 1er avril 2027 », and touch targets are declared large
enough (the phone walk measures them in a real browser)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _portal_templates() -> list[Path]:
    templates = ROOT / "templates"
    found = list(templates.glob("*/portal/**/*.html")) + [templates / "layouts" / "portal.html"]
    found += list((templates / "pages" / "partials").glob("*portal*.html"))
    return found


def test_no_portal_template_writes_dates_with_django_j_f_y():
    # « 1 avril 2027 » is what |date:"j F Y" gives; French writes « 1er avril 2027 » (|date_long).
    offenders = [
        str(path.relative_to(ROOT))
        for path in _portal_templates()
        if re.search(r"""date:["']j F""", path.read_text())
    ]
    assert offenders == []


def test_portal_home_writes_the_first_of_the_month_as_1er(member_client, member):
    member.renewal_due_on = datetime.date(2027, 4, 1)
    member.save(update_fields=["renewal_due_on"])

    body = member_client.get("/portail/").content.decode()

    assert "1er avril 2027" in body
    assert " 1 avril 2027" not in body


def test_portal_menu_links_and_table_actions_are_at_least_32_px_high():
    css = (ROOT / "static" / "css" / "site.css").read_text()
    subnav = re.search(r"\.subnav a \{([^}]*)\}", css).group(1)
    assert "min-height: 32px" in subnav
    assert re.search(r"main td a, main td button[^{]*\{[^}]*min-height: 32px", css)
