"""API keys for partners who need more than the anonymous rate limit."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_key(raw: str) -> str:
    """Keys are stored hashed: a leaked database does not leak usable keys."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKey(models.Model):
    name = models.CharField(_("partenaire"), max_length=160)
    prefix = models.CharField(_("début de la clé"), max_length=8, editable=False)
    key_hash = models.CharField(_("empreinte de la clé"), max_length=64, unique=True, editable=False)
    requests_per_minute = models.PositiveIntegerField(_("requêtes par minute"), default=600)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    class Meta:
        verbose_name = _("clé d'API")
        verbose_name_plural = _("clés d'API")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requests_per_minute__gt=0), name="apikey_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
