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
