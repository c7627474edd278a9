"""Archive the till journal (French rules on till software: conservation and archiving).

Writes one JSON line per entry — sequence, kind, date, payload, previous hash, hash — for the
chosen days, after checking the whole chain. The archive can be checked again later with the
same hashing rule (see shop.services.journal.entry_hash).
"""

import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from shop.models import JournalEntry
from shop.services import journal_verify


class Command(BaseCommand):
    help = "Exporte le journal de caisse (JSON Lines) pour archivage, après vérification de la chaîne."

    def add_arguments(self, parser):
        parser.add_argument("--start", type=datetime.date.fromisoformat, help="premier jour (AAAA-MM-JJ)")
        parser.add_argument(
            "--end", type=datetime.date.fromisoformat, help="dernier jour inclus (AAAA-MM-JJ)"
        )
        parser.add_argument("--output", help="fichier de sortie (par défaut : sortie standard)")

    def handle(self, *args, start=None, end=None, output=None, **options):
        check = journal_verify()
        if not check.ok:
            raise CommandError(
                f"Journal altéré à partir de l'écriture n° {check.broken_sequence} : export refusé."
            )
        entries = JournalEntry.objects.order_by("sequence")
        if start:
            entries = entries.filter(created_at__date__gte=start)
        if end:
            entries = entries.filter(created_at__date__lte=end)
        stream = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
        count = 0
        try:
            for entry in entries.iterator(chunk_size=2000):
                record = {
                    "sequence": entry.sequence,
                    "kind": entry.kind,
                    "created_at": entry.created_at.isoformat(timespec="microseconds"),
                    "payload": entry.payload,
                    "previous_hash": entry.previous_hash,
                    "hash": entry.hash,
                }
                stream.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
        finally:
            if output:
                stream.close()
        if output:
            self.stdout.write(self.style.SUCCESS(f"{count} écriture(s) exportée(s) dans {output}."))
