"""Domain errors of the payouts app, with translated, user-safe messages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

IBAN_INVALID = _("IBAN : ce numéro n'est pas un IBAN valide (%(detail)s).")
BIC_INVALID = _("BIC : ce code n'est pas un BIC valide (%(detail)s).")
HOLDER_REQUIRED = _("Titulaire du compte : indiquez le nom qui figure sur le RIB.")
IBAN_REQUIRED_FOR_BIC = _("IBAN : obligatoire quand un BIC ou un titulaire est indiqué.")
STATEMENT_NOT_CLOSED = _(
    "Le relevé de %(month)s de ce membre n'est pas clôturé : clôturez le mois avant de verser."
)
NOTHING_TO_PAY = _("Rien à verser : le net du mois est de %(net)s.")
ALREADY_PAID = _("Un versement est déjà enregistré pour ce membre et ce mois.")
REFERENCE_REQUIRED = _("Référence : indiquez la référence du virement ou le numéro du chèque.")
OFFICE_IBAN_MISSING = _(
    "Le compte de l'office n'est pas renseigné (OFFICE_IBAN) : le fichier SEPA ne peut pas être créé."
)
OFFICE_IBAN_INVALID = _("Le compte de l'office (OFFICE_IBAN) n'est pas un IBAN valide.")
NOBODY_TO_PAY = _("Aucun membre à payer par virement SEPA pour ce mois.")
METHOD_INVALID = _("Moyen : choisissez virement ou chèque.")
MONTH_NOT_OVER = _("Le mois de %(month)s n'est pas terminé.")


class PayoutError(Exception):
    def __init__(self, message, *, field: str | None = None):
        self.message = str(message)
        self.field = field
        super().__init__(self.message)
