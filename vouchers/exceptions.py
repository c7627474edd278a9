"""Domain errors of the vouchers app, with translated, user-safe messages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

UNKNOWN_CODE = _("Code de bon cadeau inconnu : vérifiez les caractères saisis.")
TOO_MANY_ATTEMPTS = _(
    "Trop de codes erronés depuis cette connexion : réessayez dans quelques minutes "
    "ou adressez-vous à l'accueil de l'office."
)
EXPIRED = _("Ce bon cadeau a expiré le %(date)s.")
SPENT = _("Ce bon cadeau a déjà été entièrement utilisé.")
CANCELLED = _("Ce bon cadeau a été annulé.")
NOT_PAID = _("Ce bon cadeau n'est pas encore réglé : il sera utilisable après paiement.")
INSUFFICIENT = _("Montant : le solde du bon n'est que de %(balance)s.")
AMOUNT_INVALID = _("Montant : indiquez un montant supérieur à zéro.")
RECREDIT_TOO_MUCH = _("Montant : on ne peut pas recréditer plus que ce qui a été dépensé (%(spent)s).")
WRONG_WORKSHOP = _("Ce bon est réservé à l'atelier « %(title)s ».")
EXTEND_NOT_LATER = _("Nouvelle date d'expiration : elle doit être postérieure au %(date)s.")
REASON_REQUIRED = _("Motif : indiquez pourquoi.")
REFUND_SPENT = _(
    "Montant : le bon %(code)s est déjà dépensé (solde 0,00 €) ; son achat ne peut plus être remboursé."
)
REFUND_ABOVE_BALANCE = _(
    "Montant : le bon %(code)s n'a plus que %(balance)s de solde ; "
    "on ne rembourse que ce qui n'a pas été dépensé."
)
REFUND_REASON = _("achat du bon remboursé")
ALREADY_ISSUED = _("Ce bon cadeau est déjà émis.")
EXTENDED_REASON = _("prolongation de la validité")


class VoucherError(Exception):
    """Base error: ``message`` is safe to show to the user as is; ``field`` names the form field."""

    def __init__(self, message, *, field: str | None = None):
        self.message = str(message)
        self.field = field
        super().__init__(self.message)


class RateLimited(VoucherError):
    pass
