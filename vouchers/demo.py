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
    _desk_seats_by_voucher(staff)
    _refunds(staff)
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


def _demo_session(*, seats: int, skip: int = 0):
    from workshops.models import Session

    found = [
        s
        for s in Session.objects.filter(
            status__in=["scheduled", "confirmed"],
            start__gt=timezone.now() + datetime.timedelta(days=3),
            workshop__is_published=True,
            workshop__price__gt=0,
            workshop__price__lt=100,
        ).order_by("start")[:30]
        if s.capacity - s.seats_booked >= seats
    ]
    return found[min(skip, len(found) - 1)] if found else None


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


DESK_EMAIL = "bon-guichet@example.fr"
REFUNDED_EMAIL = "bon-rembourse@example.fr"


def _desk_seats_by_voucher(staff) -> None:
    """Seats booked at the desk for a visitor who pays them with a 40 € gift voucher, the rest
    on site (« réglé par bon cadeau : 40,00 €, le reste à régler sur place »)."""
    import uuid

    from pages.services import SeatRequest, stay_checkout

    if Voucher.objects.filter(buyer_email=DESK_EMAIL).exists():
        return
    session = _demo_session(seats=2, skip=1)
    if session is None:
        return
    voucher = services.voucher_order_create(
        buyer_name="Bernard Lacoste",
        buyer_email=DESK_EMAIL,
        amount=Decimal("40.00"),
        recipient_name="Odile Lacoste",
        channel=Voucher.Channel.DESK,
    )
    services.voucher_issue(voucher_id=voucher.pk, payment_method="cash", actor=staff)
    stay_checkout(
        idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, "maillage-demo-desk-voucher"),
        seats=[SeatRequest(session_id=session.pk, public_id=str(session.public_id), party_size=2)],
        products={},
        name="Odile Lacoste",
        email="odile.lacoste@example.fr",
        desk=True,
        actor=staff,
        voucher_code=voucher.code,
        seats_voucher=True,
    )


def _refunds(staff) -> None:
    """A voucher bought online, 15 € spent, then its purchase refunded by staff for the 45 € left:
    the voucher is cancelled (ledger « remboursé »), with its credit note. And Nadia's stay (card +
    voucher) partly refunded by staff: the card and the voucher each get their share back.

    Recorded as the provider would answer (the refunds are marked done before the commit, so the
    task that calls the provider has nothing to send: no call leaves the machine)."""
    from django.db import transaction
    from django.test.utils import override_settings

    from payments.models import Payment, Refund
    from payments.services import payment_apply, refund_create

    from .payment import voucher_payment_start

    if Voucher.objects.filter(buyer_email=REFUNDED_EMAIL).exists():
        return
    with override_settings(STRIPE_SECRET_KEY="sk_demo", STRIPE_PUBLISHABLE_KEY="pk_demo"):
        voucher = services.voucher_order_create(
            buyer_name="Thomas Girard",
            buyer_email=REFUNDED_EMAIL,
            amount=Decimal("60.00"),
            recipient_name="Anne",
        )
        payment = voucher_payment_start(voucher=voucher)
        payment_apply(payment_id=payment.pk, status="succeeded")
        services.voucher_redeem(
            code=voucher.code, amount=Decimal("15.00"), reference="DEMO-refund-1", actor=staff
        )
        to_refund: list[tuple[int, Decimal, str, bool]] = [
            (payment.pk, Decimal("45.00"), "cadeau en double, solde remboursé à l'acheteur", False)
        ]
        nadia = Payment.objects.filter(email=BASKET_EMAIL, status=Payment.Status.SUCCEEDED).first()
        if nadia is not None and not nadia.refunds.exists():
            to_refund.append((nadia.pk, Decimal("20.00"), "atelier écourté, geste de l'office", True))
        for pk, amount, reason, to_voucher in to_refund:
            with transaction.atomic():
                refund = refund_create(
                    payment_id=pk, amount=amount, reason=reason, actor=staff, to_voucher=to_voucher
                )
                Refund.objects.filter(pk=refund.pk).update(
                    status=Refund.Status.SUCCEEDED, provider_ref=f"re_demo_{refund.public_id.hex[:12]}"
                )
