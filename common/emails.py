"""Send a templated email (text + HTML) in the recipient's language.

Templates: ``emails/<app>/<name>_subject.txt``, ``_body.txt`` and ``_body.html``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation


def render_plain(name: str, context: dict) -> str:
    """Render a plain-text template: no HTML escaping (subjects and text parts are not HTML,
    « d'abeille » must not arrive as « d&#x27;abeille »)."""
    return get_template(name).template.render(Context(context, autoescape=False))


def send_templated_email(
    *,
    template: str,
    to: Sequence[str],
    context: dict,
    language: str | None = None,
    attachments: Sequence[tuple[str, bytes | str, str]] = (),
    reply_to: Sequence[str] | None = None,
) -> None:
    language = language or settings.LANGUAGE_CODE
    ctx = {"SITE_URL": settings.SITE_URL, "OFFICE_NAME": settings.OFFICE_NAME, **context}
    with translation.override(language):
        subject = render_plain(f"emails/{template}_subject.txt", ctx).strip()
        subject = " ".join(subject.splitlines())
        # Every message ends with the office and the links French law asks to give (contact,
        # conditions of sale, privacy).
        text = (
            render_plain(f"emails/{template}_body.txt", ctx).rstrip()
            + "\n"
            + render_plain("emails/common/_footer.txt", ctx)
        )
        try:
            html = render_to_string(f"emails/{template}_body.html", ctx)
        except Exception:  # noqa: BLE001 - the HTML part is optional
            html = None
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to) if reply_to else None,
    )
    if html:
        with translation.override(language):
            footer = render_to_string("emails/common/_footer.html", ctx)
        html = html.replace("</body>", footer + "</body>", 1) if "</body>" in html else html + footer
        message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()
