"""Panels that an app above contributes to a page of an app below, without the arrow pointing up.

The page's template says where: ``{% load panels %}{% panels "workshop_public" workshop %}``.
An app above (``community`` shows the éclaireurs' advice on a workshop page) registers a
function in its ``AppConfig.ready``: ``register("workshop_public", render)``, where ``render(request,
obj)`` returns HTML (``SafeString``) or ``""``. The app below never imports the app above.
"""

from __future__ import annotations

from collections.abc import Callable

_REGISTRY: dict[str, list[Callable]] = {}


def register(slot: str, render: Callable) -> None:
    funcs = _REGISTRY.setdefault(slot, [])
    if render not in funcs:
        funcs.append(render)


def render_slot(slot: str, request, obj) -> list[str]:
    return [html for html in (func(request, obj) for func in _REGISTRY.get(slot, ())) if html]
