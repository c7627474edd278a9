"""Assertions shared by the bad-input audit: re-display, French message beside its field, typed
values kept, nothing written."""

from __future__ import annotations

import html
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

# A window of rendered HTML before an error message in which its field's label must appear
# (label, widget, help text, then errors; a group of eleven radio buttons sits between the
# legend and its error, hence the width).
WINDOW = 2500


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", markup))


def assert_redisplayed(response, *, field: str, label: str, message: str) -> str:
    """The form came back with ``message`` shown next to ``label``; return the page.

    200, or 400 where the app answers an invalid form with « Bad Request » (workshops, self-assessment),
    or 409 where a service refused the change (not enough seats): all re-display the form; a
    redirect or a 500 fails.
    """
    assert response.status_code in (200, 400, 409), f"expected a re-display, got {response.status_code}"
    page = response.content.decode()
    form = _bound_form_with_error(response, field)
    errors = [str(e) for e in form.errors[field]]
    assert any(message in e for e in errors), f"{field}: {errors!r} lacks {message!r}"
    error = next(e for e in errors if message in e)
    # A long typed text kept in its textarea must not push the label out of the window.
    # The error summary at the top of the form (issue 10 point 14) repeats each message with its
    # field's name: what is checked here is the message beside its field, further down.
    beside = re.sub(r'<div class="error-summary".*?</div>', "", page, flags=re.S)
    text = _text(re.sub(r"(<textarea[^>]*>).*?(</textarea>)", r"\1\2", beside, flags=re.S))
    at = text.find(error)
    assert at >= 0, f"the error {error!r} is not in the page"
    # The label may be inside the message itself, or rendered just before it.
    near = text[max(0, at - WINDOW) : at + len(error) + 600]
    assert label in near, f"label {label!r} not next to {error!r}"
    return page


def _bound_form_with_error(response, field: str):
    contexts = [response.context] if hasattr(response.context, "flatten") else list(response.context)
    values = [value for context in contexts for value in context.flatten().values()]
    # Dicts of forms (one per question of a self-assessment section) and formsets' forms.
    values += [v for value in values if isinstance(value, dict) for v in value.values()]
    values += [form for value in values if hasattr(value, "management_form") for form in value.forms]
    forms = [value for value in values if hasattr(value, "fields") and getattr(value, "is_bound", False)]
    for form in forms:
        if field in form.errors:
            return form
    raise AssertionError(
        f"no bound form in the context has an error on {field!r}: {[dict(f.errors) for f in forms]!r}"
    )


def assert_kept(page: str, *values: str) -> None:
    """Each typed value is still in the form (input value or textarea content), HTML-escaped."""
    for value in values:
        escaped = html.escape(value, quote=True)
        assert (
            f'value="{escaped}"' in page
            or f">{escaped}</textarea>" in page
            or (f">\n{escaped}</textarea>" in page)
        ), f"typed value {value!r} was not kept"


def snapshot(*models_: type[models.Model]) -> list:
    """Every row of the given models, as values, to compare before/after a refused post."""
    return [list(model._default_manager.order_by("pk").values()) for model in models_]


def fake_image(name: str = "vacances.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"this is not an image at all", content_type="image/jpeg")


SCRIPT = '<script>alert("x")</script>'


def big_png(name: str = "grande.png", side: int = 300) -> SimpleUploadedFile:
    """A real PNG of random pixels (they do not compress), some hundred kilobytes."""
    import io
    import random

    from PIL import Image

    rng = random.Random(7)
    image = Image.frombytes("RGB", (side, side), bytes(rng.getrandbits(8) for _ in range(side * side * 3)))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")
