"""Domain errors of the workshops app, with translated, user-safe messages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

SESSION_FULL = _("Complet : il n'y a plus de place sur cette séance.")
ONLY_N_SEATS_LEFT = ngettext_lazy(
    "Plus que %(count)d place sur cette séance.",
    "Plus que %(count)d places sur cette séance.",
    "count",
)
SESSION_CANCELLED = _("Cette séance a été annulée.")
SESSION_PAST = _("Cette séance a déjà commencé ou est passée.")
PARTY_SIZE_INVALID = _("Le nombre de personnes doit être d'au moins 1.")
PARTY_SIZE_ABOVE_MAX = _("Cet atelier accueille au plus %(max)d personnes par réservation.")
CHILDREN_ABOVE_PARTY = _("Le nombre d'enfants ne peut pas dépasser le nombre de personnes.")
BELOW_MIN_AGE = _("L'âge minimum pour cet atelier est de %(age)d ans.")
YOUNGEST_AGE_REQUIRED = _(
    "Âge du plus jeune participant : indiquez-le (cet atelier est ouvert à partir de %(age)d ans)."
)
DEADLINE_PASSED = _("Le délai pour modifier ou annuler cette réservation est dépassé.")
BOOKING_CANCELLED = _("Cette réservation est annulée.")
PAID_ONLINE_NO_CHANGE = _(
    "Cette réservation a été payée en ligne : pour changer le nombre de personnes, contactez l'office, "
    "ou annulez-la (remboursement selon les conditions de l'atelier) et réservez de nouveau."
)
OFFER_EXPIRED = _("Cette proposition de places a expiré.")
OFFER_NOT_OPEN = _("Cette inscription n'a pas de places proposées en ce moment.")
WAITLIST_NOT_FULL = _("Il reste des places : vous pouvez réserver directement.")
GROUP_REQUEST_NOT_PROPOSED = _("Cette demande n'a pas de proposition à accepter.")
GROUP_PROPOSAL_IN_PAST = _("La date proposée doit être dans le futur.")
GROUP_SIZE_ABOVE_CAPACITY = _("L'effectif ne peut pas dépasser %(max)d participants.")
RECURRENCE_EMPTY = _("Aucune date ne correspond à ces jours entre ces deux dates.")
RECURRENCE_TOO_LONG = _("Une série ne peut pas dépasser %(max)d séances.")
SESSION_DUPLICATE = _("Une séance de cet atelier est déjà programmée le %(when)s.")
RECURRENCE_ALL_EXIST = _("Toutes ces dates sont déjà programmées : %(dates)s.")
CAPACITY_BELOW_BOOKED = _("La capacité ne peut pas être inférieure aux %(booked)d places déjà réservées.")
REVIEW_TOO_EARLY = _("Vous pourrez donner votre avis après la séance.")
REVIEW_ALREADY_GIVEN = _("Merci, votre avis a déjà été enregistré.")
SCORE_INVALID = _("La note doit être comprise entre 0 et 10.")
DECISION_NOT_PENDING = _("Cette séance n'attend pas de décision.")
ATTENDANCE_TOO_EARLY = _("La présence se note une fois la séance commencée.")


class WorkshopError(Exception):
    """Base error: ``message`` is safe to show to the user as is."""

    def __init__(self, message, *, field: str | None = None, seats_left: int | None = None):
        self.message = str(message)
        self.field = field
        self.seats_left = seats_left
        super().__init__(self.message)


class NotEnoughSeats(WorkshopError):
    """The session cannot take that many people; ``seats_left`` says how many it can."""


class DeadlinePassed(WorkshopError):
    pass


def not_enough_seats(seats_left: int) -> NotEnoughSeats:
    if seats_left <= 0:
        return NotEnoughSeats(SESSION_FULL, field="party_size", seats_left=0)
    return NotEnoughSeats(
        ONLY_N_SEATS_LEFT % {"count": seats_left}, field="party_size", seats_left=seats_left
    )
