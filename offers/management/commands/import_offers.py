"""python manage.py import_offers PATH_OR_URL [--source apidae|datatourisme] [--force]"""

from django.core.management.base import BaseCommand, CommandError

from offers.importers import run_import
from offers.models import ImportRun


class Command(BaseCommand):
    help = (
        "Importe des offres Apidae ou DATAtourisme (fichier, dossier, zip ou URL) et affiche les compteurs."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="Chemin d'un fichier, d'un dossier, d'un zip, ou une URL.")
        parser.add_argument(
            "--source",
            choices=["apidae", "datatourisme"],
            default="",
            help="Format attendu ; détecté automatiquement sinon.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Réimporte toutes les fiches, même celles qui semblent inchangées.",
        )

    def handle(self, *args, target: str, source: str, force: bool = False, **options):
        run = run_import(target=target, source=source, force=force)
        c = run.counts
        self.stdout.write(
            f"Import n°{run.pk} ({run.get_source_display() or '?'}) : {c['created']} créée(s), "
            f"{c['updated']} mise(s) à jour, {c['unchanged']} inchangée(s), {c['archived']} archivée(s), "
            f"{c['failed']} en erreur."
        )
        for error in run.errors.all()[:50]:
            self.stdout.write(
                f"  [{error.get_level_display()}] {error.external_id} {error.path} : {error.reason}"
            )
        if run.status == ImportRun.Status.FAILED:
            raise CommandError(run.message or "L'import a échoué.")
        if c["failed"] and not (c["created"] or c["updated"] or c["unchanged"]):
            # A damaged file (truncated JSON…) yields only errors: scripts must see the failure.
            raise CommandError(f"Aucune fiche importée : {c['failed']} en erreur.")
