"""Domain errors of the invoicing app, with translated, user-safe messages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

NO_LINES = _("Une facture doit avoir au moins une ligne.")
LINE_INVALID = _("Ligne %(position)s : quantité et prix doivent être positifs, taux de TVA entre 0 et 100.")
BUYER_NAME_REQUIRED = _("Nom du client : obligatoire sur une facture.")
PUBLIC_NEEDS_SIRET = _("SIRET du client : obligatoire pour un organisme public (dépôt sur Chorus Pro).")
ALREADY_PAID = _("Cette facture est déjà marquée payée.")
NOT_AN_INVOICE = _("Un avoir se fait sur une facture, pas sur un avoir.")
CREDIT_TOO_MUCH = _("Quantité : on ne peut pas créditer plus que ce qui a été facturé (%(left)s).")
REASON_REQUIRED = _("Motif : indiquez pourquoi.")
BOOKING_NOT_INVOICEABLE = _("Seules les réservations de groupe payées sur facture reçoivent une facture ici.")


class InvoicingError(Exception):
    def __init__(self, message, *, field: str | None = None):
        self.message = str(message)
        self.field = field
        super().__init__(self.message)
