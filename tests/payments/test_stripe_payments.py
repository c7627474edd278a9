"""Card payments against localstripe (a real process), through the official stripe library."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from payments import exceptions as errors
from payments import services
from payments.checkout import Deduction, checkout_total
from payments.models import Payment, Refund, WebhookEvent
from tests.localstripe import authenticate, card_token, signed

pytestmark = pytest.mark.django_db


def _start(amount="40.00", ref="1", **kwargs) -> Payment:
    return services.payment_start(
        reference_kind="test.thing",
        reference_id=ref,
        amount=Decimal(amount),
        email="visiteuse@example.org",
        description="Atelier poterie",
        **kwargs,
    )


def test_online_payment_is_off_without_keys(stripe_off):
    with pytest.raises(errors.PaymentError) as exc:
        _start()
    assert exc.value.message == errors.ONLINE_OFF


def test_start_reuses_the_open_payment_and_a_new_amount_abandons_it(stripe_on):
    first = _start()
    assert _start().pk == first.pk
    second = _start(amount="55.00")
    first.refresh_from_db()
    assert first.status == Payment.Status.CANCELLED and second.amount == Decimal("55.00")


def test_card_success_runs_the_hook_once(stripe_on, hook_calls):
    payment = _start()
    result = services.payment_confirm(payment=payment, card_token=card_token(stripe_on))
    payment.refresh_from_db()
    assert result.status == "succeeded" and payment.is_paid and payment.provider_ref.startswith("pi_")
    services.payment_refresh(payment=payment)
    assert hook_calls == [("succeeded", "1")]


def test_declined_card_then_another_card_pays(stripe_on, hook_calls):
    payment = _start()
    result = services.payment_confirm(payment=payment, card_token=card_token(stripe_on, "4000000000000002"))
    payment.refresh_from_db()
    assert result.status == "failed" and payment.status == Payment.Status.FAILED
    services.payment_confirm(payment=payment, card_token=card_token(stripe_on))
    payment.refresh_from_db()
    assert payment.is_paid
    assert hook_calls == [("failed", "1"), ("succeeded", "1")]


def test_three_d_secure_success_and_failure(stripe_on):
    payment = _start()
    result = services.payment_confirm(payment=payment, card_token=card_token(stripe_on, "4000002500003155"))
    assert result.status == "requires_action" and result.client_secret
    authenticate(stripe_on, result.ref, result.client_secret, success=True)
    assert services.payment_refresh(payment=payment).is_paid

    other = _start(ref="2")
    result = services.payment_confirm(payment=other, card_token=card_token(stripe_on, "4000002500003155"))
    authenticate(stripe_on, result.ref, result.client_secret, success=False)
    assert services.payment_refresh(payment=other).status == Payment.Status.FAILED


def test_paid_payment_cannot_be_confirmed_again(stripe_on):
    payment = _start()
    services.payment_confirm(payment=payment, card_token=card_token(stripe_on))
    with pytest.raises(errors.PaymentError) as exc:
        services.payment_confirm(payment=payment, card_token=card_token(stripe_on))
    assert exc.value.message == errors.ALREADY_PAID


def test_expired_hold_refuses_to_pay_and_runs_the_expired_hook(stripe_on, hook_calls):
    payment = _start(expires_at=timezone.now() + datetime.timedelta(minutes=15))
    later = timezone.now() + datetime.timedelta(minutes=16)
    assert services.payments_expire_due(now=later) == 1
    assert services.payments_expire_due(now=later) == 0
    with pytest.raises(errors.HoldExpired):
        services.payment_confirm(payment=payment, card_token=card_token(stripe_on))
    assert hook_calls == [("expired", "1")]


def test_success_after_expiry_is_recorded_as_late(stripe_on, hook_calls):
    payment = _start(expires_at=timezone.now() + datetime.timedelta(minutes=15))
    services.payment_intent_ensure(payment=payment)
    services.payments_expire_due(now=timezone.now() + datetime.timedelta(minutes=16))
    payment = services.payment_apply(payment_id=payment.pk, status="succeeded")
    assert payment.is_paid and payment.late
    assert hook_calls == [("expired", "1"), ("succeeded", "1")]


def test_refunds_never_exceed_what_was_paid(stripe_on, staff_user, django_capture_on_commit_callbacks):
    payment = _start()
    services.payment_confirm(payment=payment, card_token=card_token(stripe_on))
    with django_capture_on_commit_callbacks(execute=True):
        refund = services.refund_create(
            payment_id=payment.pk, amount="12,50", reason="Geste", actor=staff_user
        )
    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED and refund.provider_ref.startswith("re_")
    with pytest.raises(errors.RefundError) as exc:
        services.refund_create(payment_id=payment.pk, amount="30", reason="Trop", actor=staff_user)
    assert exc.value.field == "amount" and "27,50" in str(exc.value.message)
    with pytest.raises(errors.RefundError) as exc:
        services.refund_create(payment_id=payment.pk, amount="5", reason=" ", actor=staff_user)
    assert exc.value.field == "reason"


def test_refund_needs_a_paid_payment(stripe_on):
    payment = _start()
    with pytest.raises(errors.RefundError) as exc:
        services.refund_create(payment_id=payment.pk, amount="5", reason="x")
    assert exc.value.message == errors.REFUND_NOT_PAID


def test_reconcile_confirms_a_payment_whose_webhook_never_came(stripe_on, hook_calls):
    payment = _start()
    result = services.payment_confirm(payment=payment, card_token=card_token(stripe_on, "4000002500003155"))
    authenticate(stripe_on, result.ref, result.client_secret, success=True)
    Payment.objects.filter(pk=payment.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=10))
    assert services.payments_reconcile() == 1
    payment.refresh_from_db()
    assert payment.is_paid and hook_calls == [("succeeded", "1")]


def _event(payment: Payment, event_id="evt_1", type_="payment_intent.succeeded") -> dict:
    return {
        "id": event_id,
        "type": type_,
        "data": {"object": {"object": "payment_intent", "id": payment.provider_ref, "status": "succeeded"}},
    }


def test_signed_webhook_confirms_once_and_a_replay_changes_nothing(stripe_on, client, hook_calls):
    payment = services.payment_intent_ensure(payment=_start())
    body, signature = signed(_event(payment))
    for _ in range(2):
        response = client.post(
            "/paiements/webhook/stripe/",
            body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature,
        )
        assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.is_paid and hook_calls == [("succeeded", "1")]
    assert WebhookEvent.objects.count() == 1


@pytest.mark.parametrize("how", ["bad", "missing", "tampered"])
def test_bad_webhook_signature_gets_400_and_changes_nothing(stripe_on, client, how):
    payment = services.payment_intent_ensure(payment=_start())
    body, signature = signed(
        _event(payment), secret="whsec_wrong" if how == "bad" else "whsec_maillage_tests"
    )
    headers = {} if how == "missing" else {"HTTP_STRIPE_SIGNATURE": signature}
    if how == "tampered":
        body = body.replace(b"evt_1", b"evt_2")
    response = client.post("/paiements/webhook/stripe/", body, content_type="application/json", **headers)
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING and WebhookEvent.objects.count() == 0


def test_unknown_provider_webhook_is_404(stripe_on, client):
    assert (
        client.post("/paiements/webhook/paypal/", b"{}", content_type="application/json").status_code == 404
    )


def test_webhook_for_an_unknown_payment_is_recorded_and_ignored(stripe_on, client):
    body, signature = signed(
        {
            "id": "evt_x",
            "type": "payment_intent.succeeded",
            "data": {"object": {"object": "payment_intent", "id": "pi_nope"}},
        }
    )
    response = client.post(
        "/paiements/webhook/stripe/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )
    assert response.status_code == 200 and not Payment.objects.exists()


def test_checkout_total_takes_server_side_deductions_never_below_zero():
    from payments import hooks

    def voucher(gross, context):
        return [Deduction("voucher", "Bon cadeau BC-1", Decimal("30.00"), {"code": context.get("code")})]

    hooks.register("checkout.deductions", voucher)
    try:
        total = checkout_total(gross=Decimal("45.00"), context={"code": "BC-1"})
        assert total.total == Decimal("15.00") and total.deducted == Decimal("30.00")
        assert checkout_total(gross=Decimal("20.00")).total == Decimal("0.00")
        assert json.dumps(total.as_data())
    finally:
        hooks.unregister("checkout.deductions", voucher)
    assert checkout_total(gross=Decimal("45.00")).total == Decimal("45.00")
