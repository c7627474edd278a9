"""The fingerprint of an imported object (issue 18 made it cheaper) stays what it was: the JSON of
``asdict(record)`` without its warnings, so offers imported before keep matching."""

import hashlib
import json
import zipfile
from dataclasses import asdict
from pathlib import Path

from offers.importers.apidae import parse_object
from offers.importers.records import OfferRecord

DATA = Path(__file__).parent / "data" / "apidae"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "apidae"


def _old_hash(record: OfferRecord) -> str:
    data = asdict(record)
    data.pop("warnings", None)
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()


def test_fingerprint_is_unchanged_for_every_sample_object():
    objects = []
    for path in sorted(DATA.glob("*.json")) + sorted(SHARED.glob("*.json")):
        loaded = json.loads(path.read_text())
        objects += loaded if isinstance(loaded, list) else [loaded]
    with zipfile.ZipFile(SHARED / "export_hotentic.zip") as archive:
        for name in archive.namelist():
            if "objets_modifies/" in name and name.endswith(".json") and "__MACOSX" not in name:
                objects += json.loads(archive.read(name))
    records = []
    for obj in objects:
        try:
            records.append(parse_object(obj))
        except Exception:  # noqa: BLE001, S112 - broken samples are for other tests
            continue
    assert len(records) >= 6
    for record in records:
        record.warnings.append(("x", "a warning is not part of the fingerprint"))
        assert record.content_hash() == _old_hash(record)
