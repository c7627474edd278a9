"""Signed periodic archives of the till (per closed month and year): the chain segment up to the
period's closing, the closings, a manifest and its Ed25519 signature, in one zip file.
Checked offline with shop/archive_verify.py (no database needed)."""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from ..exceptions import JournalBroken
from ..models import DailyClosing, JournalEntry, PeriodClosing
from .journal import journal_verify
from .signing import _private_key, public_key_pem
from .till import Event, event_record


def _record(entry) -> dict:
    sequence, kind, created_at, payload, previous_hash, hash_ = entry
    return {
        "sequence": sequence,
        "kind": kind,
        "created_at": created_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "payload": payload,
        "previous_hash": previous_hash,
        "hash": hash_,
    }


def archive_filename(closing: PeriodClosing) -> str:
    label = f"{closing.start:%Y}" if closing.kind == PeriodClosing.Kind.YEAR else f"{closing.start:%Y-%m}"
    return f"caisse-archive-{label}.zip"


def archive_build(*, closing: PeriodClosing, actor) -> bytes:
    """The signed archive of a closed month or year; the export is journalled (JET).

    Raises JournalBroken when the chain does not verify, SigningKeyMissing without a key.
    """
    key = _private_key()
    check = journal_verify()
    if not check.ok:
        raise JournalBroken(sequence=check.broken_sequence)
    previous = (
        PeriodClosing.objects.filter(kind=closing.kind, start__lt=closing.start).order_by("-start").first()
    )
    first = previous.journal_sequence + 1 if previous else 1
    entries = JournalEntry.objects.filter(
        sequence__gte=first, sequence__lte=closing.journal_sequence
    ).order_by("sequence")
    journal = io.StringIO()
    count = 0
    last_hash = ""
    for entry in entries.values_list(
        "sequence", "kind", "created_at", "payload", "previous_hash", "hash"
    ).iterator(5000):
        record = _record(entry)
        journal.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        last_hash = record["hash"]
        count += 1
    previous_hash = JournalEntry.objects.get(sequence=first).previous_hash
    closings = {
        "days": list(
            DailyClosing.objects.filter(day__gte=closing.start, day__lte=closing.end)
            .order_by("day")
            .values(
                "day",
                "tickets",
                "total",
                "vat_total",
                "grand_total",
                "grand_total_abs",
                "journal_sequence",
                "signature",
                "totals",
            )
        ),
        "periods": list(
            PeriodClosing.objects.filter(start__gte=closing.start, end__lte=closing.end)
            .order_by("kind", "start")
            .values(
                "kind", "start", "end", "tickets", "total", "grand_total", "journal_sequence", "signature"
            )
        ),
    }
    files = {
        "journal.jsonl": journal.getvalue().encode("utf-8"),
        "closings.json": json.dumps(closings, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode(
            "utf-8"
        ),
    }
    manifest = {
        "format": "maillage-till-archive/1",
        "kind": closing.kind,
        "start": closing.start.isoformat(),
        "end": closing.end.isoformat(),
        "first_sequence": first,
        "last_sequence": closing.journal_sequence,
        "previous_hash": previous_hash,
        "last_hash": last_hash,
        "entries": count,
        "closing": closing.totals,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "public_key": public_key_pem().decode("ascii"),
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    signature = base64.b64encode(key.sign(manifest_bytes))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr("manifest.sig", signature)
    with transaction.atomic():
        event_record(
            event=Event.ARCHIVE_EXPORT,
            actor=actor,
            kind=closing.kind,
            start=closing.start.isoformat(),
            first_sequence=first,
            last_sequence=closing.journal_sequence,
            manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
        )
    return buffer.getvalue()
