"""Technical models only: no domain rules live here."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class ActionLog(models.Model):
    """Audit trail: who did what, on which object (see common.audit.log_action)."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=120, db_index=True)
    object_type = models.CharField(_("type d'objet"), max_length=120, blank=True)
    object_id = models.CharField(_("identifiant"), max_length=64, blank=True)
    data = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("journal d'action")
        verbose_name_plural = _("journal des actions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class SentEmail(models.Model):
    """One row per e-mail sent under a key (``common.emails.send_once``): a task delivered twice
    sends one e-mail, and a failed send frees its key so a retry sends it."""

    key = models.CharField(_("clé"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail envoyé")
        verbose_name_plural = _("e-mails envoyés")

    def __str__(self) -> str:
        return self.key
