"""Load realistic demo data, idempotently: running it twice gives the same data.

Each app owns its demo data in ``<app>/demo.py`` (a ``load(stdout)`` function); they run in
dependency order: network first, then offers, workshops, shop, selfdiagnosis.
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

DEMO_MODULES = (
    "network",
    "offers",
    "workshops",
    # payouts runs twice: before the shop closes the months (seats paid online enter last
    # month's statements), then at the end to pay the closed month.
    "payouts",
    "shop",
    "selfdiagnosis",
    "partners",
    "places",
    "community",
    "training",
    "relations",
)
DEMO_MODULES += ("vouchers", "invoicing")
DEMO_MODULES += ("payouts",)
# Last: demo photos for the rows the apps above created (common/demo.py).
DEMO_MODULES += ("common",)


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent)."

    def handle(self, *args, **options):
        # Demo data must not email its fictional people: mails go to memory, not the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._load_all()
        from network.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

        self.stdout.write(self.style.SUCCESS("\nDonnées de démonstration prêtes. Comptes :"))
        for email, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<32} {email:<32} mot de passe : {DEMO_PASSWORD}")
        self.stdout.write("  Site : http://127.0.0.1:8000/")

    def _load_all(self) -> None:
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(f"{name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(stdout=self.stdout)
            self.stdout.write(f"  ✓ {name}")
