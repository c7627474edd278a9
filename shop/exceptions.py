"""Shop errors: one base class, translated user-safe messages that tests assert on."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class ShopError(Exception):
    """Base of every refusal of the shop; ``message`` is safe to show to the user."""

    default_message = _("Cette opération n'est pas possible.")

    def __init__(self, message=None, **params):
        self.message = message or self.default_message
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text


class OutOfStock(ShopError):
    default_message = _("Stock insuffisant pour « %(product)s » : %(available)s disponible(s).")


class ProductUnavailable(ShopError):
    default_message = _("Le produit « %(product)s » n'est plus en vente.")


class InvalidQuantity(ShopError):
    default_message = _("La quantité doit être un nombre entier supérieur à zéro.")


class EmptyBasket(ShopError):
    default_message = _("Le panier est vide.")


class ReasonRequired(ShopError):
    default_message = _("Indiquez un motif pour cette correction.")


class InvalidState(ShopError):
    default_message = _("Cette opération n'est pas possible dans l'état actuel.")


class DayClosed(ShopError):
    default_message = _("La caisse du %(day)s est clôturée : aucune vente ne peut plus y être ajoutée.")


class AlreadyReversed(ShopError):
    default_message = _("Ce ticket a déjà été annulé.")


class StatementClosed(ShopError):
    default_message = _("Le relevé de %(period)s est clôturé : il ne peut plus être modifié.")


class PeriodNotOver(ShopError):
    default_message = _("Le mois de %(period)s n'est pas terminé : il ne peut pas encore être clôturé.")


class JournalBroken(ShopError):
    default_message = _("Le journal de caisse est altéré à partir de l'écriture n° %(sequence)s.")


class PaymentMismatch(ShopError):
    default_message = _("Paiements : %(paid)s saisis ne font pas le total du ticket, %(total)s.")


class CashShort(ShopError):
    default_message = _("Espèces reçues : %(tendered)s ne couvrent pas la part en espèces de %(cash)s.")


class InvalidDiscount(ShopError):
    default_message = _("Remise : %(detail)s")


class DiscountReasonRequired(ShopError):
    default_message = _("Motif de la remise : indiquez pourquoi une remise est accordée.")


class ReturnTooLarge(ShopError):
    default_message = _(
        "Retour : « %(product)s » — %(available)s unité(s) seulement peuvent encore être retournées."
    )


class SessionAlreadyOpen(ShopError):
    default_message = _("La caisse %(till)s a déjà une session ouverte.")


class NoOpenSession(ShopError):
    default_message = _("La caisse %(till)s n'a pas de session ouverte : ouvrez-la d'abord.")


class InvalidAmount(ShopError):
    default_message = _("%(field)s : indiquez un montant positif en euros (reçu « %(value)s »).")


class SigningKeyMissing(ShopError):
    default_message = _(
        "Clé de signature introuvable (%(path)s) : créez-la avec « manage.py till_keygen » "
        "et indiquez son chemin dans SHOP_SIGNING_KEY_PATH."
    )


class PeriodNotClosable(ShopError):
    default_message = _("%(period)s n'est pas terminé : la clôture n'est pas encore possible.")


OUT_OF_STOCK = OutOfStock.default_message
PRODUCT_UNAVAILABLE = ProductUnavailable.default_message
INVALID_QUANTITY = InvalidQuantity.default_message
EMPTY_BASKET = EmptyBasket.default_message
REASON_REQUIRED = ReasonRequired.default_message
INVALID_STATE = InvalidState.default_message
DAY_CLOSED = DayClosed.default_message
ALREADY_REVERSED = AlreadyReversed.default_message
STATEMENT_CLOSED = StatementClosed.default_message
PERIOD_NOT_OVER = PeriodNotOver.default_message


class TenderRefused(ShopError):
    """A tender checked by another app refused (a gift voucher unknown, spent, expired…);
    the message is that app's, already translated."""

    default_message = _("Ce moyen de paiement a été refusé.")


class TenderCodeRequired(ShopError):
    default_message = _("Code du bon cadeau : indiquez le code pour encaisser en bon cadeau.")
