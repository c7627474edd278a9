"""Errors of the stay basket (workshop seats and shop products bought together)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EMPTY_STAY = _("Votre séjour est vide : ajoutez une séance ou un produit.")
SESSION_CLOSED = _("Cette séance n'est plus ouverte à la réservation.")
PRODUCT_GONE = _("Ce produit n'est plus en vente.")
PHONE_REQUIRED = _("Indiquez un numéro de téléphone : l'office vous appelle si la commande tarde.")
PAYMENT_REQUIRED = _("Indiquez le moyen de paiement des produits.")
VOUCHER_CODE_REQUIRED = _("Code du bon cadeau : indiquez le code du bon qui règle les places.")
NOTHING_CREATED = _("Rien n'a été réservé ni commandé : corrigez la ligne signalée puis validez de nouveau.")


class StayError(Exception):
    """A refused checkout; ``message`` is user-safe, ``line`` names the basket line at fault.

    Lines are named ``seat:<session public id>`` or ``product:<product id>``; ``None`` means
    the whole basket.
    """

    def __init__(self, message, *, line: str | None = None):
        self.message = str(message)
        self.line = line
        super().__init__(self.message)
