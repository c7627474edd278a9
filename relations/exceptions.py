from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class RelationsError(Exception):
    message = _("Action impossible.")
    field: str | None = None

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class CampaignEmptySegment(RelationsError):
    message = _("Le segment de cette campagne ne compte aucun contact joignable : rien à envoyer.")
    field = "segment"


class CampaignNotDraft(RelationsError):
    message = _("Cette campagne est déjà partie ou en cours d'envoi.")


class PromoCodeInvalid(RelationsError):
    message = _("Ce code promo n'est pas valable pour cette séance.")
    field = "promo_code"


class MergeSameContact(RelationsError):
    message = _("Choisissez deux contacts différents à fusionner.")
