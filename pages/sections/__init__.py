"""Sections that each app contributes to the composed pages.

Pages that gather several apps (home, a member's public page, the portal and staff home
pages) ask every module of this package for its section. ``pages/sections/<app>.py`` may
define any of these functions, each returning ``None`` or a ``Section``:

- ``home(request)``: a block on the public home page;
- ``member_page(request, member)``: a block on a member's public page;
- ``portal(request, member)``: a card on the member portal home;
- ``staff(request)``: a card on the staff home.

A section module asks only its own app's selectors.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

SECTION_MODULES = (
    "network",
    "workshops",
    "offers",
    "shop",
    "selfdiagnosis",
    "stay",
    "places",
    "community",
    "relations",
    "money",
)


@dataclass
class Section:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


def collect(kind: str, request, *args) -> list[Section]:
    sections: list[Section] = []
    for name in SECTION_MODULES:
        try:
            module = importlib.import_module(f"pages.sections.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"pages.sections.{name}":
                raise
            continue
        func = getattr(module, kind, None)
        if func is None:
            continue
        section = func(request, *args)
        if section is not None:
            sections.append(section)
    return sorted(sections, key=lambda s: s.order)
