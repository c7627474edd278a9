"""Errors of the self-assessment, with translated user-safe messages that tests assert on."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LINK_EXPIRED = _(
    "Ce lien a expiré. Demandez un nouveau lien à l'office de tourisme : vos réponses "
    "enregistrées sont conservées."
)
ALREADY_SUBMITTED = _(
    "Ce questionnaire a déjà été signé et envoyé : les réponses ne peuvent plus être modifiées."
)
NOT_EDITABLE = _("Cet autodiagnostic n'est plus modifiable.")
MISSING_MANDATORY = _("Il manque des réponses obligatoires : %(items)s.")
EVIDENCE_MISSING = _("Un justificatif est obligatoire pour : %(items)s.")
NOT_APPLICABLE_FORBIDDEN = _("« Non concerné » n'est pas possible pour cet indicateur.")
NOT_APPLICABLE_REASON = _("Indiquez pourquoi vous n'êtes pas concerné.")
NUMBER_OUT_OF_RANGE = _("Le nombre doit être compris entre %(min)s et %(max)s.")
NUMBER_TOO_SMALL = _("Le nombre doit être au moins %(min)s.")
NUMBER_TOO_LARGE = _("Le nombre doit être au plus %(max)s.")
NOT_A_NUMBER = _("Saisissez un nombre (par exemple 12 ou 3,5).")
UNKNOWN_CHOICE = _("Choisissez une des réponses proposées.")
BAD_YES_NO = _("Répondez par oui ou par non.")
NOT_SUBMITTED = _("Seul un autodiagnostic envoyé peut être relu.")
QUESTIONNAIRE_NOT_PUBLISHED = _("Ce questionnaire n'est pas publié : on ne peut pas encore y inviter.")
QUESTIONNAIRE_FROZEN = _("Ce questionnaire est publié : créez une nouvelle version pour le modifier.")
QUESTIONNAIRE_EMPTY = _("Ce questionnaire n'a aucun indicateur : il ne peut pas être publié.")
CAMPAIGN_CLOSED = _("Cette campagne est close.")
ALREADY_INVITED = _("%(subject)s est déjà invité dans cette campagne.")
NO_RECIPIENT = _("Aucune adresse e-mail pour %(subject)s : indiquez-en une.")
SIGNATURE_INCOMPLETE = _("Indiquez votre nom et votre fonction, et cochez la déclaration sur l'honneur.")
NOT_VALIDATED = _("Seul un autodiagnostic validé peut être renouvelé.")
RENEWAL_EXISTS = _("Un renouvellement est déjà en cours pour cet autodiagnostic.")


class SelfDiagnosisError(Exception):
    """Base error: ``message`` is translated and safe to show to the user."""

    def __init__(self, message, **params):
        self.message = message % params if params else message
        super().__init__(str(self.message))


class AnswerError(SelfDiagnosisError):
    """A single answer was refused; ``field`` names the indicator code."""

    def __init__(self, message, *, field: str = "", **params):
        self.field = field
        super().__init__(message, **params)
