"""Domain errors of the resource centre, with translated, user-safe messages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MEMBERS_ONLY = _("Cette formation est réservée aux membres du réseau : inscrivez-vous depuis votre portail.")
NOT_ATTENDED = _("L'attestation est disponible une fois votre présence notée par l'équipe.")
ALREADY_REGISTERED = _("Vous êtes déjà inscrit·e à cette séance.")
HOST_WITHOUT_CRAFT = _("Ce membre n'a aucun savoir-faire enregistré : choisissez un autre lieu d'accueil.")


class TrainingError(Exception):
    def __init__(self, message, *, field: str | None = None):
        self.message = message
        self.field = field
        super().__init__(str(message))
