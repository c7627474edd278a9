"""Errors of the payments app: translated, user-safe messages that tests assert on."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ONLINE_OFF = _("Le paiement en ligne n'est pas activé : le règlement se fait sur place.")
HOLD_EXPIRED = _(
    "Le délai pour payer est dépassé : les places et les produits ont été libérés. Rien n'a été débité."
)
ALREADY_PAID = _("Ce paiement est déjà réglé.")
NOT_PAYABLE = _("Ce paiement ne peut plus être réglé.")
CARD_DECLINED = _("Votre carte a été refusée. Rien n'a été débité : essayez une autre carte.")
AUTH_FAILED = _("L'authentification de votre banque (3-D Secure) a échoué. Rien n'a été débité.")
PROVIDER_DOWN = _("Le service de paiement ne répond pas. Rien n'a été débité : réessayez dans un instant.")
CARD_MISSING = _("Saisissez les informations de votre carte.")
REFUND_REASON_REQUIRED = _("Motif : indiquez pourquoi vous remboursez.")
REFUND_AMOUNT_INVALID = _("Montant : saisissez un montant positif, par exemple 12,50.")
REFUND_ABOVE_PAID = _("Montant : au plus %(left)s € restent remboursables sur ce paiement.")
REFUND_ABOVE_PAID_WITH_VOUCHER = _(
    "Montant : au plus %(left)s € restent remboursables, carte et bon cadeau compris."
)
REFUND_CARD_ONLY_TOO_MUCH = _(
    "Rembourser tout sur la carte : la carte n'a payé que %(left)s € ; "
    "gardez la case « recréditer le bon cadeau » cochée pour rendre le reste au bon."
)
REFUND_VOUCHER_MOVED = _(
    "Le bon cadeau a changé pendant le remboursement : rien n'a été fait, vérifiez puis recommencez."
)
REFUND_NOT_PAID = _("Seul un paiement réglé peut être remboursé.")
SIGNATURE_INVALID = "invalid signature"


class PaymentError(Exception):
    """Base error; ``message`` is shown to the user, ``field`` names the form field at fault."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class CardDeclined(PaymentError):
    pass


class HoldExpired(PaymentError):
    pass


class RefundError(PaymentError):
    pass


class InvalidSignature(Exception):
    """A webhook whose signature does not check: answered 400, nothing changes."""
