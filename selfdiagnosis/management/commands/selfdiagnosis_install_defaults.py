"""Install (once) the default questionnaires shipped in selfdiagnosis/defaults.py."""

from django.core.management.base import BaseCommand

from selfdiagnosis.services import questionnaire_install_defaults


class Command(BaseCommand):
    help = "Installe et publie les questionnaires d'autodiagnostic par défaut (idempotent)."

    def handle(self, *args, **options):
        for questionnaire in questionnaire_install_defaults():
            self.stdout.write(f"  {questionnaire} — {questionnaire.get_status_display()}")
