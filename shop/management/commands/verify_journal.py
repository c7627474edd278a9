"""Check the till journal's hash chain and closings; exit non-zero and name the first broken entry.

``--record`` chains the result into the journal as a technical event (JET).
"""

from django.core.management.base import BaseCommand, CommandError

from shop.services import journal_verify
from shop.services.till import journal_check_record


class Command(BaseCommand):
    help = "Vérifie la chaîne d'empreintes et les clôtures du journal de caisse de la boutique."

    def add_arguments(self, parser):
        parser.add_argument("--record", action="store_true", help="enregistre le résultat dans le journal")

    def handle(self, *args, record=False, **options):
        check = journal_check_record(source="command") if record else journal_verify()
        if not check.ok:
            raise CommandError(check.message)
        self.stdout.write(self.style.SUCCESS(check.message))
