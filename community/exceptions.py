"""Domain errors of the community app, with translated, user-safe messages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

NO_CHARTER = _("La charte des éclaireurs n'est pas encore publiée : revenez bientôt.")
CHARTER_NOT_CURRENT = _(
    "La charte a changé pendant votre lecture : relisez-la et acceptez la version en vigueur."
)
ALREADY_ECLAIREUR = _("Cette adresse e-mail est déjà inscrite comme éclaireur.")
NOT_ACTIVE = _("Votre inscription d'éclaireur n'est pas encore validée par l'équipe.")
WALK_TAKEN = _("Un autre greeter a déjà accepté cette balade. Merci quand même !")
WALK_NOT_OPEN = _("Cette demande de balade n'attend plus de greeter.")
NOT_A_MATCH = _("Cette balade ne correspond pas à vos langues, secteurs ou jours.")
GREETER_AWAY = _("Vous avez noté une absence ce jour-là : choisissez l'autre date ou retirez l'absence.")
ABSENCE_RANGE = _("La fin de l'absence doit être le même jour que le début ou après.")
ABSENCE_PAST = _("L'absence doit finir aujourd'hui ou plus tard.")
ABSENCE_TOO_LONG = _("Une absence dure au plus un an : notez-en plusieurs si besoin.")
DATE_NOT_OFFERED = _("Choisissez l'une des dates proposées par le visiteur.")
WALK_IN_PAST = _("La date souhaitée doit être dans le futur.")
ALT_DATE_BEFORE = _("L'autre date possible doit être après la date souhaitée.")
FEEDBACK_NOT_OPEN = _("Vous pourrez donner votre avis après la balade, une seule fois.")
ALREADY_MODERATED = _("Ce conseil a déjà été modéré.")
NOT_A_GREETER = _("Cette personne n'est pas un greeter actif.")


class CommunityError(Exception):
    """Base error: ``message`` is safe to show to the user as is; ``field`` names the form field."""

    def __init__(self, message, *, field: str | None = None):
        self.message = message
        self.field = field
        super().__init__(str(message))
