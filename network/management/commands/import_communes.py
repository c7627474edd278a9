"""Import communes from La Poste's « base officielle des codes postaux » (INSEE codes).

Accepts the official CSV layouts: ``Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;
Libellé_d_acheminement;coordonnees_gps`` (and the newer ``#Code_commune_INSEE;
Nom_de_la_commune;…`` with ``_geopoint`` or latitude/longitude columns), ``;`` or ``,``.
Several rows per commune (hamlets in ``Ligne_5``) are merged. Existing communes keep their
name (the La Poste file spells names in capitals without accents) and get postcode and
coordinates updated. Bad rows are reported with their line number; good ones are imported.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from network.models import Antenna, Commune

PARTICLES = {"de", "du", "des", "la", "le", "les", "en", "sur", "sous", "et", "aux", "au", "d", "l"}
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def _key(header: str) -> str:
    text = unicodedata.normalize("NFKD", header.strip().lstrip("#\ufeff")).encode("ascii", "ignore")
    return re.sub(r"[^a-z0-9]+", "_", text.decode().lower()).strip("_")


COLUMNS = {
    "insee": ("code_commune_insee",),
    "name": ("nom_commune", "nom_de_la_commune"),
    "full_name": ("nom_commune_complet",),
    "postcode": ("code_postal",),
    "line5": ("ligne_5",),
    "gps": ("coordonnees_gps", "geopoint", "coordonnees_geographiques"),
    "lat": ("latitude",),
    "lon": ("longitude",),
}


def pretty_name(raw: str) -> str:
    """« ST PIERRE D ENTREMONT » → « Saint-Pierre-d'Entremont » (best effort, no accents)."""
    words = raw.strip().lower().split()
    out: list[str] = []
    for i, word in enumerate(words):
        word = ABBREVIATIONS.get(word, word)
        out.append(word if (i and word in PARTICLES) else word.capitalize())
    name = "-".join(out)
    return re.sub(r"\b([dl])-", r"\1'", name)


class Command(BaseCommand):
    help = "Importe les communes depuis le fichier officiel des codes postaux (La Poste / INSEE)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            default=str(Path(__file__).resolve().parents[2] / "data" / "communes_chartreuse_laposte.csv"),
        )
        parser.add_argument("--antenna", help="Rattacher les communes sans antenne à cette antenne (slug).")
        parser.add_argument("--only", help="Codes INSEE à importer, séparés par des virgules.")

    def handle(self, *args, path: str, antenna: str | None = None, only: str | None = None, **options):
        target = None
        if antenna:
            target = Antenna.objects.filter(slug=antenna).first()
            if target is None:
                raise CommandError(f"Antenne inconnue : {antenna}")
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : {path}") from None
        except IsADirectoryError:
            raise CommandError(
                f"« {path} » est un dossier : indiquez le fichier CSV des codes postaux."
            ) from None
        except OSError as exc:
            raise CommandError(f"Fichier illisible : {path} ({exc.strerror or exc})") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # older exports of the file
        delimiter = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            header = [_key(h) for h in next(reader)]
        except (StopIteration, csv.Error):
            raise CommandError(f"Fichier vide ou illisible : {path}") from None
        index = {
            field: next((header.index(c) for c in names if c in header), None)
            for field, names in COLUMNS.items()
        }
        if index["insee"] is None or index["postcode"] is None or index["name"] is None:
            raise CommandError("Colonnes attendues : Code_commune_INSEE, Nom_commune, Code_postal.")
        wanted = {c.strip() for c in only.split(",")} if only else None

        rows: dict[str, dict] = {}
        errors: list[str] = []
        line_no = 1
        while True:
            line_no += 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                errors.append(f"ligne {line_no} : ligne CSV illisible ({exc})")
                continue
            if not row or not any(row):
                continue

            def get(field, row=row):
                i = index[field]
                return row[i].strip() if i is not None and i < len(row) else ""

            insee = get("insee")
            if wanted is not None and insee not in wanted:
                continue
            if not re.fullmatch(r"\d[\dAB]\d{3}", insee):
                errors.append(f"ligne {line_no} : code INSEE invalide « {insee} »")
                continue
            try:
                if get("gps"):
                    lat, lon = (float(x) for x in get("gps").split(","))
                else:
                    lat, lon = float(get("lat")), float(get("lon"))
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise ValueError
            except ValueError:
                errors.append(f"ligne {line_no} ({insee}) : coordonnées manquantes ou invalides")
                continue
            record = {
                "name": get("full_name") or pretty_name(get("name")),
                "postcode": get("postcode"),
                "latitude": lat,
                "longitude": lon,
            }
            if not re.fullmatch(r"\d{5}", record["postcode"]):
                errors.append(f"ligne {line_no} ({insee}) : code postal invalide « {record['postcode']} »")
                continue
            if not record["name"] or len(record["name"]) > 120:
                errors.append(f"ligne {line_no} ({insee}) : nom de commune manquant ou trop long")
                continue
            # The row without a hamlet (Ligne_5) describes the commune itself.
            if insee not in rows or not get("line5"):
                rows[insee] = record

        created = updated = unchanged = 0
        with transaction.atomic():
            for insee, record in sorted(rows.items()):
                commune = Commune.objects.filter(insee_code=insee).first()
                if commune is None:
                    Commune.objects.create(insee_code=insee, antenna=target, **record)
                    created += 1
                    continue
                changes = {k: v for k, v in record.items() if k != "name" and getattr(commune, k) != v}
                if target is not None and commune.antenna_id is None:
                    changes["antenna"] = target
                if changes:
                    for k, v in changes.items():
                        setattr(commune, k, v)
                    commune.save()
                    updated += 1
                else:
                    unchanged += 1
        for error in errors:
            self.stderr.write(error)
        if errors and not rows:
            raise CommandError(f"Aucune commune importée : {len(errors)} ligne(s) en erreur.")
        self.stdout.write(
            f"Communes : {created} créée(s), {updated} mise(s) à jour, {unchanged} inchangée(s), "
            f"{len(errors)} erreur(s)."
        )
