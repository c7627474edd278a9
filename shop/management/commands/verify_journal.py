"""Check the till journal's hash chain; exit non-zero and name the first broken entry."""

from django.core.management.base import BaseCommand, CommandError

from shop.services import journal_verify

PROBLEMS = {
    "hash": "son contenu ne correspond plus à son empreinte",
    "link": "son empreinte précédente ne correspond pas à l'écriture qui la précède",
    "missing": "une écriture manque à cet endroit de la séquence",
}


class Command(BaseCommand):
    help = "Vérifie la chaîne d'empreintes du journal de caisse de la boutique."

    def handle(self, *args, **options):
        check = journal_verify()
        if not check.ok:
            raise CommandError(
                f"Journal altéré : écriture n° {check.broken_sequence} — {PROBLEMS[check.problem]} "
                f"({check.checked} écriture(s) valide(s) avant elle)."
            )
        self.stdout.write(self.style.SUCCESS(f"Journal intègre : {check.checked} écriture(s) vérifiée(s)."))
