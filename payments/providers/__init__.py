"""Payment providers: one module per provider (like pretix's payment providers).

A provider turns our amounts into the provider's intents, confirms them with a card token
made by the provider's JavaScript (no card data reaches our server), refunds, and parses
its signed webhooks. Adding a French bank's gateway = one more module here with these calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings

# Our statuses of an intent, whatever the provider calls them.
SUCCEEDED, REQUIRES_ACTION, FAILED, PENDING, CANCELLED = (
    "succeeded",
    "requires_action",
    "failed",
    "pending",
    "cancelled",
)


@dataclass
class IntentResult:
    ref: str
    status: str
    client_secret: str = ""
    error_code: str = ""  # "card_declined", "authentication_failed", …
    error_message: str = ""


@dataclass
class RefundResult:
    ref: str
    status: str  # SUCCEEDED / PENDING / FAILED


@dataclass
class ParsedEvent:
    event_id: str
    type: str
    intent_ref: str = ""
    status: str = ""  # our status of the intent, when the event is about one
    data: dict = field(default_factory=dict)


class Provider(Protocol):
    name: str

    def is_enabled(self) -> bool: ...
    def public_config(self) -> dict: ...
    def csp_sources(self) -> dict[str, list[str]]: ...
    def intent_create(
        self, *, amount_cents: int, currency: str, idempotency_key: str, description: str, metadata: dict
    ) -> IntentResult: ...
    def intent_confirm(
        self, *, ref: str, card_token: str, email: str, idempotency_key: str
    ) -> IntentResult: ...
    def intent_retrieve(self, *, ref: str) -> IntentResult: ...
    def intent_cancel(self, *, ref: str) -> IntentResult: ...
    def refund_create(self, *, ref: str, amount_cents: int, idempotency_key: str) -> RefundResult: ...
    def webhook_parse(self, *, payload: bytes, headers) -> ParsedEvent: ...


class ProviderUnavailable(Exception):
    """The provider could not be reached or answered an error we cannot show as such."""


def get_provider(name: str | None = None) -> Provider:
    name = name or settings.PAYMENTS_PROVIDER
    if name == "stripe":
        from .stripe import StripeProvider

        return StripeProvider()
    raise LookupError(name)


def online_payment_enabled() -> bool:
    """Online card payment is on only when the provider has its keys (else: pay on site)."""
    try:
        return get_provider().is_enabled()
    except LookupError:
        return False
