"""The visitor's pay page (a secret UUID link), its JSON calls, and the provider's webhook."""

from __future__ import annotations

import json
import logging

from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from .. import exceptions as errors
from .. import services
from ..models import Payment
from ..providers import FAILED, REQUIRES_ACTION, SUCCEEDED, get_provider, online_payment_enabled

logger = logging.getLogger(__name__)


def _message_for(code: str) -> str:
    if code == "authentication_failed":
        return str(errors.AUTH_FAILED)
    return str(errors.CARD_DECLINED)


class PayView(TemplateView):
    template_name = "payments/public/pay.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        payment = get_object_or_404(Payment, public_id=self.kwargs["key"])
        enabled = online_payment_enabled()
        if enabled and payment.is_open and not payment.hold_over():
            try:
                payment = services.payment_intent_ensure(payment=payment)
            except Exception:  # the page still shows; confirming will say the provider is down
                logger.exception("could not create the intent of payment %s", payment.pk)
        ctx.update(
            payment=payment,
            enabled=enabled,
            provider=get_provider(payment.provider).public_config() if enabled else {},
            expired=payment.status == Payment.Status.EXPIRED or (payment.is_open and payment.hold_over()),
        )
        return ctx

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("enabled"):
            # Only this page loads the provider's script and card frames (django-csp reads this).
            response._csp_update = get_provider(context["payment"].provider).csp_sources()
        return response


class _PaymentJSON(View):
    def payment(self) -> Payment:
        return get_object_or_404(Payment, public_id=self.kwargs["key"])

    def answer(
        self, payment: Payment, result_status: str, *, code: str = "", secret: str = ""
    ) -> JsonResponse:
        if result_status == SUCCEEDED or payment.is_paid:
            return JsonResponse(
                {"status": "succeeded", "redirect": payment.return_url or payment.get_absolute_url()}
            )
        if result_status == REQUIRES_ACTION:
            return JsonResponse({"status": "requires_action", "client_secret": secret})
        if result_status == FAILED:
            return JsonResponse({"status": "failed", "message": _message_for(code)}, status=402)
        return JsonResponse({"status": "pending"})


class PayConfirmView(_PaymentJSON):
    """POST {"token": "tok_…"|"pm_…"}: the server confirms the intent for the amount it fixed."""

    def post(self, request, key):
        payment = self.payment()
        try:
            data = json.loads(request.body or b"{}")
            token = str(data.get("token", ""))
        except (ValueError, AttributeError):
            return JsonResponse({"status": "error", "message": str(errors.CARD_MISSING)}, status=400)
        try:
            result = services.payment_confirm(payment=payment, card_token=token)
        except errors.HoldExpired as exc:
            return JsonResponse({"status": "expired", "message": str(exc.message)}, status=409)
        except errors.PaymentError as exc:
            code = 409 if payment.is_paid or not payment.is_open else 400
            return JsonResponse({"status": "error", "message": str(exc.message)}, status=code)
        payment.refresh_from_db()
        return self.answer(payment, result.status, code=result.error_code, secret=result.client_secret)


class PayStatusView(_PaymentJSON):
    """POST after 3-D Secure: the server asks the provider where the payment stands."""

    def post(self, request, key):
        payment = self.payment()
        try:
            payment = services.payment_refresh(payment=payment)
        except errors.PaymentError as exc:
            return JsonResponse({"status": "error", "message": str(exc.message)}, status=503)
        if payment.is_paid:
            return self.answer(payment, SUCCEEDED)
        if payment.status == Payment.Status.FAILED:
            return self.answer(payment, FAILED, code="authentication_failed")
        return self.answer(payment, "pending")


@csrf_exempt  # the provider signs its calls; the signature is checked instead of a CSRF token
@require_POST
def webhook(request, provider):
    try:
        get_provider(provider)
    except LookupError as exc:
        raise Http404 from exc
    try:
        services.webhook_receive(provider_name=provider, payload=request.body, headers=request.headers)
    except errors.InvalidSignature:
        return HttpResponseBadRequest("invalid signature")
    return HttpResponse("ok")
