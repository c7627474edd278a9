"""Export the signed archive of a closed month (AAAA-MM) or year (AAAA) of the till."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shop.exceptions import ShopError
from shop.models import PeriodClosing
from shop.services.archives import archive_build, archive_filename


class Command(BaseCommand):
    help = "Exporte l'archive signée (Ed25519) d'un mois ou d'un exercice clôturé de la caisse."

    def add_arguments(self, parser):
        parser.add_argument("period", help="AAAA-MM (mois) ou AAAA (exercice)")
        parser.add_argument("--output", help="fichier de sortie (défaut : SHOP_ARCHIVE_ROOT/…)")

    def handle(self, *args, period, output=None, **options):
        try:
            if len(period) == 4:
                closing = PeriodClosing.objects.get(kind="year", start=datetime.date(int(period), 1, 1))
            else:
                year, month = period.split("-")
                closing = PeriodClosing.objects.get(
                    kind="month", start=datetime.date(int(year), int(month), 1)
                )
        except (ValueError, PeriodClosing.DoesNotExist):
            raise CommandError(f"Aucune clôture pour « {period} » : clôturez d'abord la période.") from None
        try:
            data = archive_build(closing=closing, actor=None)
        except ShopError as exc:
            raise CommandError(str(exc)) from None
        target = Path(output) if output else Path(settings.SHOP_ARCHIVE_ROOT) / archive_filename(closing)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Archive signée écrite : {target}"))
        self.stdout.write(
            f"Vérification hors ligne : python shop/archive_verify.py {target} --public-key <clé .pub>"
        )
