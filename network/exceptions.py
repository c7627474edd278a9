"""Errors of the network app. Messages are translated, user-safe constants tests assert on."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class NetworkError(Exception):
    """Base error: ``message`` can be shown to the user as is."""

    message = _("L'opération n'a pas pu être réalisée.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class CapacityReached(NetworkError):
    message = _(
        "La capacité est atteinte pour ce savoir-faire dans cette antenne : "
        "la candidature ne peut pas être acceptée, mettez-la en liste d'attente."
    )


class ApplicationAlreadyDecided(NetworkError):
    message = _("Cette candidature a déjà reçu une décision : rien n'a été modifié.")


class ApplicationAlreadyOpen(NetworkError):
    message = _(
        "Une candidature est déjà en cours pour cette adresse e-mail. Suivez-la avec le lien reçu par e-mail."
    )


class ReasonRequired(NetworkError):
    message = _("Indiquez le motif : il est envoyé au candidat.")


class NotYourAntenna(NetworkError):
    message = _("Cette candidature ou ce membre relève d'une autre antenne.")


class EmailAlreadyUsed(NetworkError):
    message = _("Un compte existe déjà avec cette adresse e-mail.")


class NoCurrentCharter(NetworkError):
    message = _("Aucune version de la charte n'est publiée.")


class CharterAlreadyPublished(NetworkError):
    message = _("Cette version de la charte est déjà publiée.")


class CharterCommitmentsRequired(NetworkError):
    message = _("Engagements : indiquez au moins un engagement.")


class CharterNotADraft(NetworkError):
    message = _("Cette version est déjà publiée : elle ne se modifie plus. Rédigez une nouvelle version.")


class DecisionTemplateTitleTaken(NetworkError):
    message = _("Titre : un modèle de ce type porte déjà ce titre.")


class CharterVersionOutdated(NetworkError):
    message = _("Cette version de la charte n'est plus la version en vigueur : signez la version actuelle.")


class MemberNotRenewable(NetworkError):
    message = _("Ce membre ne peut pas renouveler son adhésion (suspendu ou parti) : contactez l'équipe.")


class InfoReplyNotExpected(NetworkError):
    message = _("Aucune information complémentaire n'est attendue pour cette candidature.")


class RenewalNotOpen(NetworkError):
    message = _("Le renouvellement s'ouvre 60 jours avant l'échéance : rien à faire pour le moment.")


class AntennaChangeNotAllowed(NetworkError):
    message = _(
        "Cette commune dépend d'une autre antenne : pour changer d'antenne, contactez l'équipe de l'office."
    )


class TooManyPhotos(NetworkError):
    message = _("Vous avez atteint le nombre maximum de photos (12) : supprimez-en une d'abord.")


class ApplicationNotReviewable(NetworkError):
    message = _(
        "Cette candidature ne peut pas être prise en charge dans son état actuel "
        "(réponse du candidat attendue ou décision déjà prise)."
    )


class ContactEmailInvalid(NetworkError):
    message = _("Adresse e-mail : saisissez une adresse valide, par exemple nom@exemple.fr.")


class ContactKindInvalid(NetworkError):
    message = _("Type de contact : choisissez visiteur, habitant ou partenaire.")
