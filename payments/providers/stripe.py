"""Stripe through the official ``stripe`` library (``StripeClient``).

``STRIPE_API_BASE`` points the client at localstripe in tests and in ``make run``.
Every call that creates something carries an idempotency key derived from our own row, so a
retried request or a double click is one charge at Stripe.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import stripe
from django.conf import settings

from . import (
    CANCELLED,
    FAILED,
    PENDING,
    REQUIRES_ACTION,
    SUCCEEDED,
    IntentResult,
    ParsedEvent,
    ProviderUnavailable,
    RefundResult,
)

_INTENT_STATUS = {
    "succeeded": SUCCEEDED,
    "requires_action": REQUIRES_ACTION,
    "requires_source_action": REQUIRES_ACTION,
    "canceled": CANCELLED,
    "processing": PENDING,
    "requires_confirmation": PENDING,
    "requires_capture": PENDING,
    "requires_payment_method": PENDING,
}


def _origin(url: str) -> str:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _error_code(error: dict | None) -> str:
    if not error:
        return ""
    code = error.get("code") or ""
    if code == "payment_intent_authentication_failure":
        return "authentication_failed"
    return code or "card_declined"


def _result(intent) -> IntentResult:
    if hasattr(intent, "to_dict"):
        intent = intent.to_dict()
    status = _INTENT_STATUS.get(intent.get("status", ""), PENDING)
    error = intent.get("last_payment_error")
    if status == PENDING and error:
        status = FAILED
    return IntentResult(
        ref=intent.get("id", ""),
        status=status,
        client_secret=intent.get("client_secret") or "",
        error_code=_error_code(error) if status == FAILED else "",
        error_message=(error or {}).get("message", "") if status == FAILED else "",
    )


class StripeProvider:
    name = "stripe"

    def is_enabled(self) -> bool:
        return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)

    def public_config(self) -> dict:
        return {"publishable_key": settings.STRIPE_PUBLISHABLE_KEY, "js_url": settings.STRIPE_JS_URL}

    def csp_sources(self) -> dict[str, list[str]]:
        """What the pay page's Content-Security-Policy must allow for Stripe.js: its script and
        card frames, and the API it calls (localstripe's own address when tests or the demo
        point there)."""
        js = _origin(settings.STRIPE_JS_URL)
        api = _origin(settings.STRIPE_API_BASE) or "https://api.stripe.com"
        frames = [js] if settings.STRIPE_API_BASE else [js, "https://hooks.stripe.com"]
        return {"script-src": [js], "frame-src": frames, "connect-src": sorted({api, js})}

    def _client(self) -> stripe.StripeClient:
        kwargs = {"max_network_retries": 2}
        if settings.STRIPE_API_BASE:
            kwargs["base_addresses"] = {"api": settings.STRIPE_API_BASE}
        return stripe.StripeClient(settings.STRIPE_SECRET_KEY, **kwargs)

    def intent_create(
        self, *, amount_cents, currency, idempotency_key, description, metadata
    ) -> IntentResult:
        try:
            intent = self._client().v1.payment_intents.create(
                params={
                    "amount": amount_cents,
                    "currency": currency,
                    # The label goes in metadata: localstripe refuses ``description``.
                    "metadata": {**metadata, "label": description[:200]},
                    "payment_method_types": ["card"],
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise ProviderUnavailable(str(exc)) from exc
        return _result(intent)

    def intent_confirm(self, *, ref, card_token, email, idempotency_key) -> IntentResult:
        client = self._client()
        try:
            # The card is attached to a customer first: that is where Stripe (and localstripe)
            # refuse a declined card before any charge.
            customer = client.v1.customers.create(
                params={"email": email}, options={"idempotency_key": f"{idempotency_key}-customer"}
            )
            if card_token.startswith("tok_"):
                card = client.v1.customers.payment_sources.create(customer.id, params={"source": card_token})
                method_id = card.id
            else:
                client.v1.payment_methods.attach(card_token, params={"customer": customer.id})
                method_id = card_token
            client.v1.payment_intents.update(
                ref, params={"payment_method": method_id, "customer": customer.id}
            )
            intent = client.v1.payment_intents.confirm(ref, options={"idempotency_key": idempotency_key})
        except stripe.CardError as exc:
            return IntentResult(
                ref=ref,
                status=FAILED,
                error_code=exc.code or "card_declined",
                error_message=exc.user_message or "",
            )
        except stripe.StripeError as exc:
            raise ProviderUnavailable(str(exc)) from exc
        return _result(intent)

    def intent_retrieve(self, *, ref) -> IntentResult:
        try:
            return _result(self._client().v1.payment_intents.retrieve(ref))
        except stripe.StripeError as exc:
            raise ProviderUnavailable(str(exc)) from exc

    def intent_cancel(self, *, ref) -> IntentResult:
        try:
            return _result(self._client().v1.payment_intents.cancel(ref))
        except stripe.InvalidRequestError:
            # Already succeeded or cancelled: say what it is now.
            return self.intent_retrieve(ref=ref)
        except stripe.StripeError as exc:
            raise ProviderUnavailable(str(exc)) from exc

    def refund_create(self, *, ref, amount_cents, idempotency_key) -> RefundResult:
        try:
            refund = self._client().v1.refunds.create(
                params={"payment_intent": ref, "amount": amount_cents},
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise ProviderUnavailable(str(exc)) from exc
        status = {"succeeded": SUCCEEDED, "failed": FAILED, "canceled": FAILED}.get(refund.status, PENDING)
        return RefundResult(ref=refund.id, status=status)

    def webhook_parse(self, *, payload: bytes, headers) -> ParsedEvent:
        from ..exceptions import InvalidSignature

        try:
            stripe.WebhookSignature.verify_header(
                payload, headers.get("Stripe-Signature"), settings.STRIPE_WEBHOOK_SECRET, tolerance=300
            )
            event = json.loads(payload)
        except (stripe.SignatureVerificationError, ValueError) as exc:
            raise InvalidSignature(str(exc)) from exc
        obj = (event.get("data") or {}).get("object") or {}
        parsed = ParsedEvent(event_id=str(event.get("id", "")), type=str(event.get("type", "")), data=obj)
        if obj.get("object") == "payment_intent":
            parsed.intent_ref = obj.get("id", "")
            parsed.status = _result(obj).status
        return parsed
