"""Bounce and complaint reports of the sending service (django-anymail's tracking signal)."""

from __future__ import annotations

from anymail.signals import tracking
from django.dispatch import receiver


@receiver(tracking)
def mark_undeliverable(sender, event, esp_name, **kwargs):
    from .services import contact_mark_undeliverable

    if event.event_type == "bounced":
        contact_mark_undeliverable(email=event.recipient, reason=f"{esp_name}: bounce")
    elif event.event_type == "complained":
        contact_mark_undeliverable(email=event.recipient, reason=f"{esp_name}: plainte", complaint=True)
