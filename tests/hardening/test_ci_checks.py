"""Issue 12, point 15: CI checks what the style guide asks (ruff format, missing migrations,
mypy with django-stubs on services, selectors and tasks)."""

import configparser
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _check_recipe() -> list[str]:
    makefile = (ROOT / "Makefile").read_text()
    block = re.search(r"^check:.*?\n((?:\t.*\n)+)", makefile, re.M)
    assert block, "the Makefile has a check target"
    return [line.strip() for line in block.group(1).splitlines()]


def test_ci_runs_make_check_then_the_tests():
    run = (ROOT / ".ci" / "run").read_text()
    assert run.index("make check") < run.index("make test")


def test_make_check_runs_lint_format_migrations_and_mypy():
    recipe = " ; ".join(_check_recipe())
    assert "ruff check" in recipe
    assert "ruff format --check" in recipe
    assert "makemigrations --check" in recipe
    assert "bin/mypy" in recipe


def test_mypy_covers_services_selectors_and_tasks_with_django_stubs():
    config = configparser.ConfigParser()
    config.read(ROOT / "mypy.ini")
    files = [f.strip() for f in config["mypy"]["files"].split(",")]
    assert {"*/services.py", "*/services/*.py", "*/selectors.py", "*/tasks.py"} <= set(files)
    assert "mypy_django_plugin.main" in config["mypy"]["plugins"]
    # Every app's services, selectors and tasks match one of the patterns.
    matched = {p for pattern in files for p in ROOT.glob(pattern)}
    for name in (
        "workshops/services/bookings.py",
        "network/services/members.py",
        "shop/services/sales.py",
        "payments/tasks.py",
    ):
        assert ROOT / name in matched


def test_mypy_with_the_project_config_rejects_a_wrong_lookup_and_a_none(tmp_path):
    """The configuration really type-checks Django code: an unknown field in a lookup and an
    unchecked Optional are errors; the same code written correctly passes."""
    bad = tmp_path / "bad_services.py"
    bad.write_text(
        textwrap.dedent(
            """
            from workshops.models import Session, WaitlistEntry

            def session_titles() -> list[str]:
                return [s.workshop.title for s in Session.objects.filter(no_such_field=1)]

            def offered_at(entry: WaitlistEntry) -> float:
                return entry.offered_at.timestamp()
            """
        )
    )
    good = tmp_path / "good_services.py"
    good.write_text(
        textwrap.dedent(
            """
            from workshops.models import Session, WaitlistEntry

            def session_titles() -> list[str]:
                return [s.workshop.title for s in Session.objects.filter(capacity__gt=1)]

            def offered_at(entry: WaitlistEntry) -> float:
                return entry.offered_at.timestamp() if entry.offered_at else 0.0
            """
        )
    )

    def mypy(path: Path) -> subprocess.CompletedProcess:
        args = ["--config-file", "mypy.ini", "--cache-dir", str(tmp_path / "cache"), str(path)]
        return subprocess.run(
            [sys.executable, "-m", "mypy", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
        )

    result = mypy(bad)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no_such_field" in result.stdout
    assert "union-attr" in result.stdout
    result = mypy(good)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_database_connections_run_without_jit():
    """PostgreSQL's JIT compiled the offer search for 450–800 ms on every request over 200,000
    offers (issue 18): every connection turns it off."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
