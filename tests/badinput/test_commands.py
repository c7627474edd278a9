"""Bad input on the management commands: a clear French message on stderr, a non-zero exit and no
traceback; an import with some bad records imports the good ones and reports each bad one."""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import ManagementUtility
from django.db import connection

from network.models import Commune
from offers.models import ImportRun, Offer
from shop import services as shop_services
from tests.factories.shop import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
HEADER = "Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;coordonnees_gps\n"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run a command as `manage.py` does (argument parsing, CommandError → exit code)."""
    # run_from_argv closes every connection when it ends; the test's transaction needs its own.
    with mock.patch("django.core.management.base.connections.close_all"):
        try:
            ManagementUtility(["manage.py", *argv]).execute()
            code = 0
        except SystemExit as exc:
            code = exc.code
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    return code, out.out, out.err


# --- import_communes ---------------------------------------------------------------------------


def test_import_communes_missing_file(capsys, tmp_path):
    code, _out, err = run(capsys, "import_communes", str(tmp_path / "absent.csv"))
    assert code == 1 and "Fichier introuvable" in err and "absent.csv" in err


def test_import_communes_directory_instead_of_file(capsys, tmp_path):
    code, _out, err = run(capsys, "import_communes", str(tmp_path))
    assert code == 1 and "est un dossier" in err


def test_import_communes_empty_file(capsys, tmp_path):
    path = tmp_path / "vide.csv"
    path.write_bytes(b"")
    code, _out, err = run(capsys, "import_communes", str(path))
    assert code == 1 and "Fichier vide ou illisible" in err


def test_import_communes_wrong_format(capsys, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    code, _out, err = run(capsys, "import_communes", str(path))
    assert code == 1 and "Colonnes attendues : Code_commune_INSEE, Nom_commune, Code_postal." in err
    assert Commune.objects.count() == 0


def test_import_communes_unknown_antenna(capsys):
    code, _out, err = run(capsys, "import_communes", "--antenna", "atlantide")
    assert code == 1 and "Antenne inconnue : atlantide" in err


def test_import_communes_imports_the_good_rows_and_reports_each_bad_one(capsys, tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text(
        HEADER
        + "38075;CHAPAREILLAN;38530;;45.4650,5.9917\n"
        + "38185;SAINT JOSEPH DE RIVIERE;385300;;45.37,5.69\n"  # postcode too long for the column
        + "38442;;38380;;45.34,5.81\n"  # no name
        + "38446;ST PIERRE D ENTREMONT;38380;;nord,sud\n"  # coordinates
        + "3X000;NULLE PART;38000;;45,5\n",  # INSEE code
        encoding="utf-8",
    )
    code, out, err = run(capsys, "import_communes", str(path))
    assert code == 0
    assert list(Commune.objects.values_list("insee_code", flat=True)) == ["38075"]
    assert "ligne 3 (38185) : code postal invalide « 385300 »" in err
    assert "ligne 4 (38442) : nom de commune manquant" in err
    assert "ligne 5 (38446) : coordonnées manquantes ou invalides" in err
    assert "ligne 6 : code INSEE invalide « 3X000 »" in err
    assert "1 créée(s)" in out and "4 erreur(s)" in out


def test_import_communes_with_only_bad_rows_exits_non_zero(capsys, tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text(HEADER + "38075;CHAPAREILLAN;;;45.46,5.99\n", encoding="utf-8")
    code, _out, err = run(capsys, "import_communes", str(path))
    assert code == 1 and "ligne 2 (38075) : code postal invalide" in err
    assert "Aucune commune importée : 1 ligne(s) en erreur." in err
    assert Commune.objects.count() == 0


# --- import_offers -----------------------------------------------------------------------------


def test_import_offers_missing_file(capsys, tmp_path):
    code, _out, err = run(capsys, "import_offers", str(tmp_path / "absent.zip"))
    assert code == 1 and "Fichier introuvable" in err
    assert Offer.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("export.json", b"garbage{{"),
        ("export.zip", b"PK\x03\x04 not really a zip"),
        ("export.json", json.dumps({"bonjour": 1}).encode()),
        ("notes.txt", b"rien a voir"),
    ],
)
def test_import_offers_wrong_format(capsys, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    code, _out, err = run(capsys, "import_offers", str(path))
    assert code == 1 and f"Format de fichier non reconnu : {name}" in err
    assert Offer.objects.count() == 0
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_import_offers_truncated_file_exits_non_zero_and_says_where(capsys, tmp_path):
    source = DATA / "apidae" / "hot_fr_en.json"
    path = tmp_path / "tronque.json"
    path.write_bytes(source.read_bytes()[:3000])
    code, out, err = run(capsys, "import_offers", str(path), "--source", "apidae")
    assert code == 1
    assert "JSON illisible ou tronqué" in out
    assert "Aucune fiche importée" in err
    assert Offer.objects.count() == 0


def test_import_offers_unknown_source_is_refused_by_the_parser(capsys, tmp_path):
    code, _out, err = run(capsys, "import_offers", str(tmp_path / "x.json"), "--source", "tripadvisor")
    assert code == 2 and "invalid choice: 'tripadvisor'" in err
    assert ImportRun.objects.count() == 0


def test_import_offers_unreadable_directory(capsys, tmp_path):
    (tmp_path / "vide").mkdir()
    code, _out, err = run(capsys, "import_offers", str(tmp_path / "vide"))
    assert code == 1 and "Dossier non reconnu" in err


# --- verify_journal ----------------------------------------------------------------------------


def _sell(member, staff_user, n=3):
    bowl = ProductFactory(member=member, category=CategoryFactory(), stock=10)
    for _ in range(n):
        shop_services.sale_create(quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user)


def test_verify_journal_on_an_empty_journal_is_fine(capsys):
    code, out, _err = run(capsys, "verify_journal")
    assert code == 0 and "Journal intègre : 0 écriture(s) vérifiée(s)." in out


def test_verify_journal_damaged_payload_exits_non_zero_without_traceback(capsys, member, staff_user):
    _sell(member, staff_user)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE shop_journalentry DISABLE TRIGGER shop_journal_append_only")
        # Not even the payload's shape survives: a bare string instead of the sale's record.
        cursor.execute("UPDATE shop_journalentry SET payload = '\"abîmé\"'::jsonb WHERE sequence = 2")
        cursor.execute("ALTER TABLE shop_journalentry ENABLE TRIGGER shop_journal_append_only")
    code, _out, err = run(capsys, "verify_journal")
    assert code == 1
    assert "Journal altéré : écriture n° 2 — son contenu ne correspond plus à son empreinte" in err


def test_verify_journal_with_an_unexpected_argument_is_refused(capsys):
    code, _out, err = run(capsys, "verify_journal", "--tout")
    assert code == 2 and "unrecognized arguments: --tout" in err


def test_import_offers_imports_the_good_records_and_reports_each_bad_one(capsys, tmp_path):
    import copy

    sample = json.loads((DATA / "apidae" / "hot_fr_en.json").read_text(encoding="utf-8"))[0]
    records = []
    for n, damage in enumerate(["none", "coordinates", "title", "modified"], start=1001):
        record = copy.deepcopy(sample)
        record["id"], record["identifier"] = n, f"TEST_{n}"
        if damage == "coordinates":
            record["localisation"]["geolocalisation"]["geoJson"]["coordinates"] = ["est", "nord"]
        elif damage == "title":
            record["nom"] = {}
        elif damage == "modified":
            record["gestion"]["dateModification"] = "hier"
        records.append(record)
    path = tmp_path / "melange.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    code, out, _err = run(capsys, "import_offers", str(path), "--source", "apidae")
    assert code == 0
    assert "1 créée(s)" in out and "3 en erreur" in out
    assert (
        "1002 melange.json[1] › localisation.geolocalisation.geoJson.coordinates : coordonnée illisible"
        in out
    )
    assert "1003 melange.json[2] › nom : titre manquant" in out
    assert "1004 melange.json[3] › gestion.dateModification : date de modification illisible : 'hier'" in out
    assert list(Offer.objects.values_list("external_id", flat=True)) == ["1001"]


def test_datatourisme_flow_with_a_truncated_and_an_untitled_object_imports_the_others(capsys, tmp_path):
    import shutil

    flux = tmp_path / "flux"
    shutil.copytree(DATA / "datatourisme" / "flux_2020", flux)
    objects = sorted((flux / "objects").rglob("*.json"))
    objects[0].write_bytes(objects[0].read_bytes()[:200])
    untitled = json.loads(objects[1].read_text(encoding="utf-8"))
    untitled.pop("rdfs:label")
    objects[1].write_text(json.dumps(untitled), encoding="utf-8")
    code, out, _err = run(capsys, "import_offers", str(flux), "--source", "datatourisme")
    assert code == 0
    assert f"{len(objects) - 2} créée(s)" in out and "2 en erreur" in out
    assert "JSON illisible ou tronqué" in out and "nom : titre manquant" in out
    assert Offer.objects.count() == len(objects) - 2
