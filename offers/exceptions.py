"""Errors raised by the offers services; messages are translated and safe to show users."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class OfferError(Exception):
    """Base error of the offers app. ``message`` is a user-safe, translated text."""

    default_message = _("Cette opération sur l'offre est impossible.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class InvalidTransition(OfferError):
    default_message = _("Cette offre ne peut pas passer dans cet état depuis son état actuel.")


class RejectionReasonRequired(OfferError):
    default_message = _("Indiquez le motif du refus.")


class NotEditable(OfferError):
    default_message = _("Cette offre est archivée : elle ne peut plus être modifiée.")


class IncompleteOffer(OfferError):
    default_message = _(
        "Complétez au moins le titre, une famille et la description courte avant de soumettre."
    )


class InvalidBadge(OfferError):
    default_message = _("Le label doit avoir un niveau et une date d'expiration.")


class AlreadyLinked(OfferError):
    default_message = _("Cette offre est déjà rattachée à un autre membre.")


class NotSuggested(OfferError):
    default_message = _("Ce membre n'est pas proposé pour cette offre : rattachement impossible.")


class ImportFailed(OfferError):
    """The whole input could not be read (unknown format, unreachable URL); per-record problems are
    stored as ImportError rows instead."""

    default_message = _("Le fichier d'import n'a pas pu être lu.")


class TypeMappingCodeTaken(OfferError):
    default_message = _(
        "Code ou libellé à la source : une correspondance existe déjà pour ce code dans cette source."
    )


MESSAGE_INVALID_TRANSITION = InvalidTransition.default_message
MESSAGE_REJECTION_REASON_REQUIRED = RejectionReasonRequired.default_message
MESSAGE_NOT_EDITABLE = NotEditable.default_message
MESSAGE_INCOMPLETE = IncompleteOffer.default_message
MESSAGE_ALREADY_LINKED = AlreadyLinked.default_message
MESSAGE_NOT_SUGGESTED = NotSuggested.default_message
