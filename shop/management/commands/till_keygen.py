"""Create the till's Ed25519 signing key (a file outside the database; its .pub beside it)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from shop.services.signing import key_generate, key_path


class Command(BaseCommand):
    help = "Crée la clé Ed25519 qui signe les clôtures et les archives de la caisse (si absente)."

    def add_arguments(self, parser):
        parser.add_argument("--path", help="chemin de la clé privée (défaut : SHOP_SIGNING_KEY_PATH)")

    def handle(self, *args, path=None, **options):
        target = Path(path) if path else key_path()
        existed = target.exists()
        key_generate(target)
        state = "existe déjà" if existed else "créée"
        self.stdout.write(self.style.SUCCESS(f"Clé privée {state} : {target}"))
        self.stdout.write(f"Clé publique (à remettre à l'auditeur) : {target.with_suffix('.pub')}")
