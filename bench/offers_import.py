"""Benchmark: import an Apidae export bundle of 40,000 objects, then import it again.

The bundle is generated from the shapes of the real samples in ../shared/data/apidae/
(the five objects of export_hotentic.zip and the hotel of hot_fr_en.json), with new ids,
titles, coordinates and modification dates. Run against a dedicated database:

    psql -h 127.0.0.1 -U postgres -c 'create database maillage_bench_offers'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_offers \\
        .venv/bin/python bench/offers_import.py [--objects 40000]

Prints: generation time, import time and rate, peak memory (RSS) of the process, re-run time,
and an update run where every object changed at the source.

Figures on the shared 2-core machine (40,000 objects, 45 MB zipped):
- before (per-object UPDATE, bulk_create of 200, one query per commune, full parse of unchanged
  objects): first import 137.6 s (291 objects/s), peak RSS 235 MB, re-run 23.7 s.
- after (batches of 1,000 written with COPY into a temporary stage + one INSERT … ON CONFLICT DO
  UPDATE, periods/pictures with COPY, communes loaded once, unchanged objects skipped on
  id + modification date before parsing): see the offers note for the printed figures.
"""

from __future__ import annotations

import argparse
import copy
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from offers.importers import run_import  # noqa: E402
from offers.models import ImportError, ImportRun, Offer, OfferImage, OpeningPeriod  # noqa: E402

SAMPLES = Path(settings.BASE_DIR).parent / "shared" / "data" / "apidae"
PER_FILE = 1000


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def backend_peak_rss_mb() -> float | None:
    """Peak RSS of this connection's PostgreSQL backend (same machine only): the import leans on
    PostgreSQL (COPY, upserts, search vectors), so its memory is part of the figure."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def templates() -> tuple[list[dict], bytes, bytes]:
    with zipfile.ZipFile(SAMPLES / "export_hotentic.zip") as archive:
        objects = []
        for name in sorted(archive.namelist()):
            if "objets_modifies/" in name and name.endswith(".json") and "__MACOSX" not in name:
                objects += json.loads(archive.read(name))
        communes = archive.read("communes.json")
        elements = archive.read("elements_reference.json")
    objects += json.loads((SAMPLES / "hot_fr_en.json").read_text())
    return objects, communes, elements


# A few broken objects put in the bundle: the import must report exactly these (by id) and
# import the rest. Index in the bundle → what is broken.
BROKEN = {
    777: "nom is not an object",
    50_001: "coordinates are not numbers",
    123_457: "opening period with an impossible date",
    199_998: "empty French title",
}
# Names with the characters that break naive escaping (SQL quotes, HTML, COPY's text format).
ODD_NAMES = ["L'Auberge d'en haut & fils", "Café <b>des</b> Arts", "Gîte \\ « chez Zoé » & Co\ttab"]


def _enrich(obj: dict, hotel: dict, yearly: dict, n: int) -> None:
    """Give every generated object what a real regional export has (several opening periods,
    one of them yearly, several pictures, contacts, multilingual texts), taken from the samples."""
    ouverture = obj.setdefault("ouverture", {})
    periods = ouverture.setdefault("periodesOuvertures", [])
    if not any(p.get("tousLesAns") for p in periods):
        periods.append(copy.deepcopy(yearly))
    if len(periods) < 3:
        extra = copy.deepcopy(periods[0])
        extra["dateDebut"], extra["dateFin"] = "2024-12-20", "2025-01-05"
        extra["tousLesAns"] = False
        periods.append(extra)
    if len(obj.get("illustrations") or []) < 3:
        obj["illustrations"] = copy.deepcopy(hotel["illustrations"][: 3 + n % 4])
    informations = obj.setdefault("informations", {})
    if not informations.get("moyensCommunication"):
        informations["moyensCommunication"] = copy.deepcopy(hotel["informations"]["moyensCommunication"])
    presentation = obj.setdefault("presentation", {})
    if "libelleEn" not in (presentation.get("descriptifCourt") or {}):
        presentation["descriptifCourt"] = copy.deepcopy(hotel["presentation"]["descriptifCourt"])


def _break(obj: dict, n: int) -> None:
    if n == 777:
        obj["nom"] = "Sans objet"
    elif n == 50_001:
        obj["localisation"]["geolocalisation"]["geoJson"]["coordinates"] = ["est", "nord"]
    elif n == 123_457:
        obj["ouverture"]["periodesOuvertures"][0]["dateDebut"] = "2024-13-45"
    elif n == 199_998:
        obj["nom"] = {"libelleFr": "", "libelleEn": "No French name"}


def generate(target: Path, count: int, year: int = 2024) -> None:
    shapes, communes, elements = templates()
    hotel = next(s for s in shapes if len(s.get("illustrations") or []) > 3)
    yearly = next(
        p for s in shapes for p in s.get("ouverture", {}).get("periodesOuvertures", []) if p.get("tousLesAns")
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("communes.json", communes)
        archive.writestr("elements_reference.json", elements)
        archive.writestr("objets_supprimes.json", "[]")
        for start in range(0, count, PER_FILE):
            batch = []
            for n in range(start, min(start + PER_FILE, count)):
                obj = copy.deepcopy(shapes[n % len(shapes)])
                obj["id"] = 10_000_000 + n
                base = ODD_NAMES[n % len(ODD_NAMES)] if n % 10 == 3 else obj["nom"]["libelleFr"]
                obj["nom"] = {
                    key: (f"{base} n°{n}" if key == "libelleFr" else f"{value} n°{n}")
                    for key, value in obj["nom"].items()
                }
                geo = obj["localisation"]["geolocalisation"]["geoJson"]
                lon, lat = geo["coordinates"]
                geo["coordinates"] = [round(lon + (n % 200) * 0.001, 6), round(lat + (n % 150) * 0.001, 6)]
                obj["gestion"]["dateModification"] = (
                    f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00.000+0000"
                )
                _enrich(obj, hotel, yearly, n)
                if n in BROKEN:
                    _break(obj, n)
                batch.append(obj)
            archive.writestr(
                f"objets_modifies/objets_modifies-{start // PER_FILE + 1}.json", json.dumps(batch)
            )


# Issue « fast public pages at regional scale »: 200,000 objects in < 3 min, peak RSS < 300 MB
# (the time target is scaled to the number of objects asked for).
TARGET_SECONDS = 180.0
TARGET_RSS_MB = 300


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--objects", type=int, default=40_000)

    args = parser.parse_args()
    db = settings.DATABASES["default"]["NAME"]
    if "bench" not in db:
        sys.exit(f"Refusing to run on database {db!r}: use a dedicated *bench* database.")
    call_command("migrate", verbosity=0)
    # TRUNCATE, not a Django delete: collecting 40,000 offers in memory would be this process's
    # peak and hide the import's own memory use.
    with connection.cursor() as cursor:
        tables = [m._meta.db_table for m in (Offer, OpeningPeriod, OfferImage, ImportError, ImportRun)]
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")

    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "export.zip"
        t0 = time.perf_counter()
        # Generated in a child process so that this process's peak memory is the import's alone.
        child = multiprocessing.get_context("fork").Process(target=generate, args=(bundle, args.objects))
        child.start()
        child.join()
        if child.exitcode:
            sys.exit("bundle generation failed")
        gen = time.perf_counter() - t0
        size_mb = bundle.stat().st_size / 1024 / 1024
        print(f"bundle: {args.objects} objects, {size_mb:.1f} MB zipped, generated in {gen:.1f} s")

        rss_before = peak_rss_mb()
        t0 = time.perf_counter()
        first = run_import(target=str(bundle))
        first_s = time.perf_counter() - t0
        rss_after = peak_rss_mb()
        target_s = TARGET_SECONDS * args.objects / 200_000
        print(
            f"first import: {first_s:.1f} s ({args.objects / first_s:.0f} objects/s) status={first.status} "
            f"counts={first.counts}   target < {target_s:.0f} s "
            f"({'ok' if first_s < target_s else 'OVER'}; 200,000 objects in < 3 min)"
        )
        print(
            f"peak RSS: {rss_after:.0f} MB "
            f"(before import: {rss_before:.0f} MB, growth {rss_after - rss_before:.0f} MB)   "
            f"target < {TARGET_RSS_MB} MB ({'ok' if rss_after < TARGET_RSS_MB else 'OVER'})"
        )

        expected = {str(10_000_000 + n) for n in BROKEN if n < args.objects}
        reported = set(
            ImportError.objects.filter(run=first, level=ImportError.Level.ERROR).values_list(
                "external_id", flat=True
            )
        )
        print(
            f"bad records reported: {len(reported)} ({sorted(reported)})   "
            f"target exactly the {len(expected)} broken objects "
            f"({'ok' if reported == expected else 'WRONG: expected ' + str(sorted(expected))})"
        )
        good = Offer.objects.filter(source="apidae").count()
        print(
            f"offers imported: {good}   target {args.objects - len(expected)} "
            f"({'ok' if good == args.objects - len(expected) else 'WRONG'}); "
            f"{OpeningPeriod.objects.count()} periods, {OfferImage.objects.count()} pictures"
        )

        backend = backend_peak_rss_mb()
        if backend is not None:
            print(
                f"PostgreSQL backend peak RSS: {backend:.0f} MB (shared buffers included; "
                "not counted in the target, which is the importing process's)"
            )
        t0 = time.perf_counter()
        second = run_import(target=str(bundle))
        second_s = time.perf_counter() - t0
        print(
            f"re-run (same data): {second_s:.1f} s ({args.objects / second_s:.0f} objects/s) "
            f"counts={second.counts}"
        )
        print(f"peak RSS after re-run: {peak_rss_mb():.0f} MB")

        # Every object modified at the source: the update path (periods and pictures replaced).
        changed = Path(tmp) / "export-changed.zip"
        child = multiprocessing.get_context("fork").Process(
            target=generate, args=(changed, args.objects, 2025)
        )
        child.start()
        child.join()
        t0 = time.perf_counter()
        third = run_import(target=str(changed))
        third_s = time.perf_counter() - t0
        print(
            f"update run (every object changed): {third_s:.1f} s ({args.objects / third_s:.0f} objects/s) "
            f"counts={third.counts}"
        )
        print(f"peak RSS after update run: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
