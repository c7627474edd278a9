"""Every e-mail subject renders as plain text: a title with ' & < " arrives as typed.

The conftest checks every e-mail a test happens to send; this walk covers the subjects no
test sends, by rendering each ``templates/emails/**/*_subject.txt`` with every variable set
to a tricky title.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context
from django.template.loader import get_template

from common.emails import render_plain
from tests.conftest import HTML_ENTITIES

TRICKY = 'L\'atelier « Bois & <Fer> » dit "oui"'


class Tricky(str):
    """A text value that also answers any attribute (``workshop.title``…) with itself."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Tricky(TRICKY)


class AnyName(dict):
    """A context where every name is known and is the tricky title."""

    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return Tricky(TRICKY)

    def get(self, key, default=None):
        return Tricky(TRICKY)


def subject_templates() -> list[str]:
    root = Path(settings.BASE_DIR) / "templates"
    return sorted(str(p.relative_to(root)) for p in root.glob("emails/**/*_subject.txt"))


def _render(name: str, *, autoescape: bool) -> str | None:
    template = get_template(name).template
    try:
        if autoescape:
            return template.render(Context(AnyName(), autoescape=True))
        return render_plain(name, AnyName())
    except Exception:  # noqa: BLE001 - a date filter or a URL cannot take a text value
        return None


def test_every_subject_is_plain_text():
    names = subject_templates()
    assert len(names) >= 30
    rendered = 0
    for name in names:
        text = _render(name, autoescape=False)
        if text is None:
            continue
        rendered += 1
        found = [e for e in HTML_ENTITIES if e in text]
        assert not found, f"{name}: {found} in « {text} »"
    # Subjects that format a date or build a URL are skipped above; most render.
    assert rendered >= len(names) * 2 // 3, (rendered, len(names))


def test_the_walk_would_catch_escaping():
    """The same walk with autoescape on finds entities: the test above is not vacuous."""
    escaped = [
        name
        for name in subject_templates()
        if (text := _render(name, autoescape=True)) and any(e in text for e in HTML_ENTITIES)
    ]
    assert escaped


@pytest.mark.parametrize("name", ["emails/workshops/booking_confirmation_subject.txt"])
def test_a_booking_subject_keeps_the_title(name):
    text = render_plain(name, AnyName())
    assert "Bois & <Fer>" in text
