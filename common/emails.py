"""Send a templated email (text + HTML) in the recipient's language.

Templates: ``emails/<app>/<name>_subject.txt``, ``_body.txt`` and ``_body.html``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


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
        except TemplateDoesNotExist:  # the HTML part is optional
            html = None
        except Exception:  # noqa: BLE001 - the text part still goes, the fault is logged
            logger.exception("HTML part of e-mail %s could not be rendered; sent as text only", template)
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


def send_once(key: str, send: Callable[[], None]) -> bool:
    """Run ``send`` once per ``key``, across retries and duplicated tasks.

    The key is recorded first (a second caller with the same key gets False and sends nothing);
    if ``send`` raises, the key is freed again so the retry sends it. Returns True when sent.
    """
    from common.models import SentEmail

    try:
        with transaction.atomic():
            SentEmail.objects.create(key=key[:200])
    except IntegrityError:
        return False
    try:
        send()
    except BaseException:
        SentEmail.objects.filter(key=key[:200]).delete()
        raise
    return True
