"""Domain errors of the Maison's spaces, with translated, user-safe messages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SPACE_TAKEN = _(
    "Cet espace est déjà réservé sur ce créneau : choisissez un autre horaire ou un autre espace."
)
SPACE_CLOSED_DAY = _("La maison est fermée ce jour-là pour cet espace.")
OUTSIDE_HOURS = _("Le créneau doit être compris entre %(opens)s et %(closes)s.")
IN_PAST = _("Le créneau doit commencer dans le futur.")
TOO_FAR = _("On ne peut pas réserver plus de %(days)d jours à l'avance.")
END_BEFORE_START = _("L'heure de fin doit être après l'heure de début.")
NO_SLOT = _("Choisissez au moins un créneau (matin, après-midi ou horaires précis).")
SLOTS_OVERLAP = _("Deux des créneaux demandés se chevauchent.")
ABOVE_CAPACITY = _("Cet espace accueille au plus %(capacity)d personnes.")
MEMBERS_ONLY = _("Cet espace est réservé aux membres du réseau.")
SPACE_INACTIVE = _("Cet espace n'est pas ouvert à la réservation.")
NOT_REQUESTED = _("Cette demande a déjà reçu une réponse.")
CANNOT_CANCEL = _("Cette réservation ne peut plus être annulée : elle est passée, refusée ou déjà annulée.")
NO_VISIT_SPACE = _("Les visites scolaires ne sont pas ouvertes pour le moment.")
TOO_MANY_SLOTS = _("Une réservation groupe au plus %(max)d créneaux.")


class PlacesError(Exception):
    """Base error: ``message`` is safe to show to the user as is; ``field`` names the form field."""

    def __init__(self, message, *, field: str | None = None, **params):
        self.message = message % params if params else message
        self.field = field
        super().__init__(str(self.message))
