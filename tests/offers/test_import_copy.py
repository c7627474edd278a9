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
