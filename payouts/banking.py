"""Bank details of a member: IBAN and BIC checked with schwifty (the one place for that rule)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from schwifty import BIC, IBAN
from schwifty import exceptions as sx

from . import exceptions as errors

# schwifty's messages are English: each kind of mistake gets a French explanation instead.
_DETAILS = (
    (sx.InvalidChecksumDigits, _("la clé de contrôle ne correspond pas, vérifiez les chiffres")),
    (sx.InvalidBBANChecksum, _("la clé RIB ne correspond pas, vérifiez les chiffres")),
    (sx.InvalidLength, _("le nombre de caractères ne convient pas")),
    (sx.InvalidCountryCode, _("le code pays est inconnu")),
    (sx.InvalidBankCode, _("le code banque est inconnu")),
)
_DEFAULT_DETAIL = _("le format ne convient pas")


def _detail(exc: Exception) -> str:
    for kind, text in _DETAILS:
        if isinstance(exc, kind):
            return str(text)
    return str(_DEFAULT_DETAIL)


def iban_clean(value: str) -> str:
    """The IBAN in compact form; raises PayoutError(field="iban") with a French message."""
    try:
        return IBAN(value).compact
    except sx.SchwiftyException as exc:
        raise errors.PayoutError(errors.IBAN_INVALID % {"detail": _detail(exc)}, field="iban") from None


def bic_clean(value: str) -> str:
    """The BIC in compact form; raises PayoutError(field="bic") with a French message."""
    try:
        return BIC(value).compact
    except sx.SchwiftyException as exc:
        raise errors.PayoutError(errors.BIC_INVALID % {"detail": _detail(exc)}, field="bic") from None


def bic_from_iban(iban: str) -> str:
    """The bank's BIC when schwifty's registry knows the IBAN's bank, else ``""``."""
    try:
        bic = IBAN(iban).bic
    except sx.SchwiftyException:
        return ""
    return bic.compact if bic is not None else ""


@dataclass(frozen=True)
class BankStatus:
    ok: bool
    label: str
    iban_display: str = ""


def bank_status(member) -> BankStatus:
    """Whether the member can be paid by transfer: a valid IBAN and a holder name."""
    if not member.iban:
        return BankStatus(False, str(_("IBAN manquant")))
    try:
        iban = IBAN(member.iban)
    except sx.SchwiftyException:
        return BankStatus(False, str(_("IBAN invalide")), member.iban)
    masked = f"{iban.compact[:4]} … {iban.compact[-4:]}"
    if not member.bank_holder:
        return BankStatus(False, str(_("titulaire manquant")), masked)
    return BankStatus(True, str(_("IBAN valide")), masked)
