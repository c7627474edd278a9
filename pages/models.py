"""Site texts staff edit: the legal notice, conditions of sale, privacy and accessibility."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField


class LegalPage(models.Model):
    """One of the pages French law asks of a site that sells and keeps personal data."""

    class Kind(models.TextChoices):
        NOTICE = "mentions-legales", _("Mentions légales")
        SALES = "conditions-de-vente", _("Conditions générales de vente")
        PRIVACY = "confidentialite", _("Confidentialité et cookies")
        ACCESSIBILITY = "accessibilite", _("Déclaration d'accessibilité")

    class Compliance(models.TextChoices):
        NONE = "none", _("non conforme")
        PARTIAL = "partial", _("partiellement conforme")
        FULL = "full", _("totalement conforme")

    slug = models.SlugField(_("page"), max_length=40, unique=True, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=160)
    body = models.TextField(
        _("texte"),
        help_text=_(
            "Texte simple : une ligne vide sépare les paragraphes ; une ligne commençant par « ## » "
            "est un intertitre."
        ),
    )
    compliance = models.CharField(
        _("état de conformité RGAA"),
        max_length=10,
        choices=Compliance.choices,
        blank=True,
        help_text=_("Pour la déclaration d'accessibilité seulement."),
    )
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mise à jour par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The English text (and other languages); French is the fallback.
    i18n = TranslationField(fields=("title", "body"))

    class Meta:
        verbose_name = _("page légale")
        verbose_name_plural = _("pages légales")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    URL_NAMES = {
        "mentions-legales": "pages:legal_notice",
        "conditions-de-vente": "pages:legal_sales",
        "confidentialite": "pages:legal_privacy",
        "accessibilite": "pages:legal_accessibility",
    }

    def get_absolute_url(self) -> str:
        return reverse(self.URL_NAMES[self.slug])
