import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(module: str, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    environ.update(env)
    code = (
        f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']={module!r}; django.setup();"
        "from django.conf import settings; db = settings.DATABASES['default'];"
        "print(settings.LANGUAGE_CODE, settings.TIME_ZONE, db['ENGINE'], db['ATOMIC_REQUESTS'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.test"])
def test_settings_load(module):
    result = _load(module)
    assert result.returncode == 0, result.stderr
    assert "fr Europe/Paris django.db.backends.postgresql False" in result.stdout


def test_production_settings_load_with_variables():
    result = _load(
        "config.settings.production",
        SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://u:p@db:5432/maillage",
        ALLOWED_HOSTS="maillage.example",
        SITE_URL="https://maillage.example/",
    )
    assert result.returncode == 0, result.stderr


def test_production_without_secret_key_names_the_variable():
    result = _load(
        "config.settings.production",
        DATABASE_URL="postgres://u:p@db:5432/m",
        ALLOWED_HOSTS="maillage.example",
        SITE_URL="https://maillage.example",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("site_url", ["", "http://maillage.example", "maillage.example"])
def test_production_needs_an_https_site_url(site_url):
    result = _load(
        "config.settings.production",
        SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://u:p@db:5432/m",
        ALLOWED_HOSTS="maillage.example",
        SITE_URL=site_url,
    )
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def test_production_without_database_url_never_starts_the_embedded_database(tmp_path):
    code = (
        "import os, sys; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.production';"
        "import django\ntry:\n    django.setup()\nexcept Exception as e:\n    print(type(e).__name__, e)\n"
        "print('embedded' if 'common.embedded_db' in sys.modules else 'no-embedded')"
    )
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SITE_URL"}}
    environ.update(SECRET_KEY="x" * 60, ALLOWED_HOSTS="maillage.example", SITE_URL="https://m.example")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )
    assert "DATABASE_URL" in result.stdout
    assert "no-embedded" in result.stdout


def test_check_deploy_is_clean():
    environ = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="Zq8#vL2!pW5@nR7$xT1%kM4^bH6&cJ9*dF3(gS0)yU-a7Kp2Lm9Qr4",
        DATABASE_URL="postgres://u:p@db:5432/m",
        ALLOWED_HOSTS="maillage.example",
        SITE_URL="https://maillage.example",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "no issues" in result.stdout
