"""Demo gift vouchers: untouched, partly spent, spent, expired, cancelled, a workshop voucher
and an order waiting to be paid at the desk. Idempotent: each is found by its buyer e-mail."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from . import services
from .models import Voucher

DEMO = [
    # e-mail, buyer, recipient, amount, spent, state
    ("bon-neuf@example.fr", "Claire Fabre", "Maman", Decimal("50.00"), [], "active"),
    ("bon-entame@example.fr", "Hugo Martin", "Léa & Tom", Decimal("80.00"), [Decimal("32.50")], "active"),
    (
        "bon-utilise@example.fr",
        "Sophie Bernard",
        "",
        Decimal("30.00"),
        [Decimal("18.00"), Decimal("12.00")],
        "active",
    ),
    ("bon-expire@example.fr", "Paul Girard", "Mamie", Decimal("40.00"), [Decimal("10.00")], "expired"),
    ("bon-annule@example.fr", "Marc Lefèvre", "", Decimal("20.00"), [], "cancelled"),
    ("bon-en-attente@example.fr", "Inès Moreau", "Julie", Decimal("60.00"), [], "pending"),
]


def load(stdout) -> None:
    from network.models import User

    staff = User.objects.filter(email="accueil@maillage.demo").first()
    for email, buyer, recipient, amount, spendings, state in DEMO:
        if Voucher.objects.filter(buyer_email=email).exists():
            continue
        voucher = services.voucher_order_create(
            buyer_name=buyer,
            buyer_email=email,
            amount=amount,
            recipient_name=recipient,
            message="Bon anniversaire !" if recipient else "",
            channel=Voucher.Channel.DESK,
        )
        if state == "pending":
            continue
        services.voucher_issue(voucher_id=voucher.pk, payment_method="card", actor=staff)
        for i, spent in enumerate(spendings, start=1):
            services.voucher_redeem(
                code=voucher.code, amount=spent, reference=f"DEMO-{voucher.pk}-{i}", actor=staff
            )
        if state == "expired":
            Voucher.objects.filter(pk=voucher.pk).update(
                expires_on=timezone.localdate() - datetime.timedelta(days=3)
            )
            services.voucher_expire_due()
        elif state == "cancelled":
            services.voucher_cancel(
                voucher_id=voucher.pk, reason="Achat remboursé à la demande du client", actor=staff
            )
    _workshop_voucher(staff)
    _online_voucher()
    stdout.write(f"    {Voucher.objects.count()} bons cadeaux")


def _workshop_voucher(staff) -> None:
    from workshops.models import Workshop

    email = "bon-atelier@example.fr"
    workshop = Workshop.objects.filter(is_published=True).order_by("pk").first()
    if workshop is None or Voucher.objects.filter(buyer_email=email).exists():
        return
    voucher = services.voucher_order_create(
        buyer_name="Élodie Rousseau", buyer_email=email, workshop=workshop, seats=2, recipient_name="Antoine"
    )
    services.voucher_issue(voucher_id=voucher.pk, payment_method="card", actor=staff)


ONLINE_EMAIL = "bon-en-ligne@example.fr"
BASKET_EMAIL = "bon-panier@example.fr"


def _stay_with_voucher(session, *, code: str, name: str, email: str, seats: int, key: str) -> None:
    import uuid

    from pages.services import SeatRequest, stay_checkout
    from payments.models import Payment
    from payments.services import payment_apply

    result = stay_checkout(
        idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, f"maillage-demo-{key}"),
        seats=[SeatRequest(session_id=session.pk, public_id=str(session.public_id), party_size=seats)],
        products={},
        name=name,
        email=email,
        pay_online=True,
        deduction_context={"codes": [code]},
    )
    if result.payment_id:  # the rest, paid by card (recorded as the provider's webhook would)
        payment_apply(payment_id=Payment.objects.get(public_id=result.payment_id).pk, status="succeeded")


def _online_voucher() -> None:
    """A voucher bought online by card (issued by the payments success hook, with its receipt)
    and partly spent in a stay basket; and a desk voucher paying part of a stay whose rest was
    paid by card (receipt « carte + bon cadeau »).

    The demo has no provider: the payments are opened and recorded as the webhook would, with
    demo keys set for the duration (no call leaves the machine)."""
    from django.test.utils import override_settings

    from payments.services import payment_apply
    from workshops.models import Session

    from .payment import voucher_payment_start

    if Voucher.objects.filter(buyer_email=ONLINE_EMAIL).exists():
        return
    with override_settings(STRIPE_SECRET_KEY="sk_demo", STRIPE_PUBLISHABLE_KEY="pk_demo"):
        voucher = services.voucher_order_create(
            buyer_name="Camille Dupont",
            buyer_email=ONLINE_EMAIL,
            amount=Decimal("150.00"),
            recipient_name="Julien",
            message="Pour ton anniversaire, un atelier au choix !",
        )
        payment_apply(payment_id=voucher_payment_start(voucher=voucher).pk, status="succeeded")
        session = next(
            (
                s
                for s in Session.objects.filter(
                    status__in=["scheduled", "confirmed"],
                    start__gt=timezone.now() + datetime.timedelta(days=3),
                    workshop__is_published=True,
                    workshop__price__gt=0,
                    workshop__price__lt=100,
                ).order_by("start")[:30]
                if s.capacity - s.seats_booked >= 3
            ),
            None,
        )
        if session is None:
            return
        _stay_with_voucher(
            session,
            code=voucher.code,
            name="Julien Dupont",
            email="julien.dupont@example.fr",
            seats=1,
            key="online",
        )
        small = services.voucher_order_create(
            buyer_name="Nadia Benali",
            buyer_email=BASKET_EMAIL,
            amount=Decimal("30.00"),
            channel=Voucher.Channel.DESK,
        )
        services.voucher_issue(voucher_id=small.pk, payment_method="cash")
        _stay_with_voucher(
            session, code=small.code, name="Nadia Benali", email=BASKET_EMAIL, seats=2, key="basket"
        )
