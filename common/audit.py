"""Audit helper: services record who did what."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import ActionLog


def log_action(actor, action: str, obj: models.Model | None = None, **data: Any) -> ActionLog:
    """Record ``actor`` doing ``action`` (e.g. "workshops.booking.cancelled") on ``obj``."""
    return ActionLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data={k: _jsonable(v) for k, v in data.items()},
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)
