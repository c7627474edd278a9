"""Demo data of the partners app: a hotel's API key (documented in the README)."""

from __future__ import annotations

from . import services
from .models import ApiKey, hash_key

DEMO_API_KEY = "mlg_demo_hotel_des_cimes"


def load(stdout=None) -> None:
    if not ApiKey.objects.filter(key_hash=hash_key(DEMO_API_KEY)).exists():
        services.api_key_create(
            name="Hôtel des Cimes (démonstration)", requests_per_minute=600, raw=DEMO_API_KEY
        )
    if stdout is not None:
        stdout.write(f"    clé d'API de démonstration : {DEMO_API_KEY} (en-tête X-Api-Key)")
