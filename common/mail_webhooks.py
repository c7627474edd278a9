"""The one tracking webhook of the sending service (bounces, complaints), from django-anymail."""

from __future__ import annotations

import logging
from importlib import import_module

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)

# Services whose tracking webhook authenticates with the basic-auth secret alone.
TRACKING_VIEWS = {
    "brevo": ("anymail.webhooks.brevo", "BrevoTrackingWebhookView"),
    "mailjet": ("anymail.webhooks.mailjet", "MailjetTrackingWebhookView"),
    "postmark": ("anymail.webhooks.postmark", "PostmarkTrackingWebhookView"),
    "sendgrid": ("anymail.webhooks.sendgrid", "SendGridTrackingWebhookView"),
    "sparkpost": ("anymail.webhooks.sparkpost", "SparkPostTrackingWebhookView"),
}


def tracking_webhook_view(esp: str):
    try:
        module, name = TRACKING_VIEWS[esp]
    except KeyError:
        raise ImproperlyConfigured(
            f"ANYMAIL_ESP={esp!r} n'est pas pris en charge (choix : {', '.join(sorted(TRACKING_VIEWS))})."
        ) from None
    view = getattr(import_module(module), name).as_view()

    @csrf_exempt
    def tracking_webhook(request, *args, **kwargs):
        # anymail checks the basic-auth secret first; a signed body it cannot parse is the
        # sender's mistake, not ours: 400, logged, nothing changed.
        try:
            return view(request, *args, **kwargs)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            logger.warning("Webhook %s illisible : %s", esp, exc.__class__.__name__)
            return HttpResponseBadRequest("Corps de requête illisible.")

    return tracking_webhook
