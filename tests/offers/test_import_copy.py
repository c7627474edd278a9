"""The importer writes lists as PostgreSQL array literals in its COPY rows (issue 18: psycopg's
array dumper per value was a tenth of an import); what PostgreSQL stores is the list itself,
whatever the values hold."""

import pytest
from django.db import connection

from offers.importers.core import _pg_array

pytestmark = pytest.mark.django_db

AWKWARD = [
    "",
    "a b",
    'guillemets "doubles"',
    "anti\\slash",
    "virgule, point-virgule;",
    "{accolades}",
    "NULL",
    "tab\there",
    "ligne\nsuivante",
    "L'Écomusée & <co>",
]


@pytest.mark.parametrize("values", [[], [1, 2, 7], ["06 11 22 33 44"], AWKWARD])
def test_a_list_written_by_copy_comes_back_the_same(values):
    kind = "int[]" if values and isinstance(values[0], int) else "text[]"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE copy_arrays (v {kind})")
        with cursor.copy("COPY copy_arrays (v) FROM STDIN") as copy:
            copy.write_row((_pg_array(values),))
        cursor.execute("SELECT v FROM copy_arrays")
        assert cursor.fetchone()[0] == values
        cursor.execute("DROP TABLE copy_arrays")


def test_the_search_vector_written_with_the_rows_is_the_search_rule(tmp_path):
    """The importer computes each offer's search vector in its upsert (issue 18); it is exactly
    what ``offer_refresh_search_vector`` (the rule every other writer uses) gives, for new and
    updated offers, French and translated texts alike, and the offers are found by the search."""
    import json
    from pathlib import Path

    from django.contrib.postgres.search import SearchQuery

    from offers.importers import run_import
    from offers.models import SEARCH_CONFIG, Offer
    from offers.services import offer_refresh_search_vector

    data = Path(__file__).parent / "data"
    shared = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "apidae"
    for target in (
        data / "apidae" / "structure_and_offers.json",
        data / "datatourisme_mixed",
        shared / "export_hotentic.zip",
        shared / "hot_fr_en.json",
    ):
        if target.exists():
            run_import(target=str(target))
    objects = json.loads((data / "apidae" / "structure_and_offers.json").read_text())
    for obj in objects:
        if obj["id"] == 900002:
            obj["gestion"] = {"dateModification": "2026-11-30T10:00:00.000+0000"}
            obj["nom"] = {"libelleFr": "Randonnée « L'Écomusée & <co> » renommée"}
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(objects))
    run_import(target=str(changed))

    stored = dict(Offer.objects.values_list("pk", "search_vector"))
    assert len(stored) >= 5 and all(stored.values())
    offer_refresh_search_vector(offer_ids=list(stored))
    assert dict(Offer.objects.values_list("pk", "search_vector")) == stored
    found = Offer.objects.filter(search_vector=SearchQuery("Écomusée renommée", config=SEARCH_CONFIG))
    assert list(found.values_list("external_id", flat=True)) == ["900002"]
