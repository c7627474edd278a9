"""Writes of the partners app."""

from __future__ import annotations

import secrets

from django.db import transaction

from common.audit import log_action

from .models import ApiKey, hash_key


def api_key_create(
    *, name: str, requests_per_minute: int = 600, actor=None, raw: str | None = None
) -> tuple[ApiKey, str]:
    """Create a partner key; returns the key row and the raw key, shown once and never stored.

    ``raw`` is for the demo only (a documented key); real keys are random.
    """
    raw = raw or "mlg_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        key = ApiKey.objects.create(
            name=name,
            prefix=raw[4:12],
            key_hash=hash_key(raw),
            requests_per_minute=requests_per_minute,
            created_by=actor,
        )
        log_action(actor, "partners.apikey.created", key)
    return key, raw
