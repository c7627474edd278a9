"""The append-only, hash-chained till journal."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from ..models import JournalEntry

GENESIS_HASH = "0" * 64
# One advisory lock serialises journal appends (sequence numbers and the hash chain) and
# daily closings; it is taken after any product locks, never before.
JOURNAL_LOCK_KEY = 74_200_117


def journal_lock() -> None:
    """Take the journal lock for the rest of the current transaction (re-entrant)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [JOURNAL_LOCK_KEY])


def canonical_bytes(*, sequence: int, kind: str, created_at: datetime.datetime, payload: dict) -> bytes:
    document = {
        "sequence": sequence,
        "kind": kind,
        "created_at": created_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "payload": payload,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(
    *, previous_hash: str, sequence: int, kind: str, created_at: datetime.datetime, payload: dict
) -> str:
    digest = hashlib.sha256(previous_hash.encode("ascii"))
    digest.update(canonical_bytes(sequence=sequence, kind=kind, created_at=created_at, payload=payload))
    return digest.hexdigest()


def journal_build(
    *, previous: JournalEntry | None, kind: str, payload: dict, created_at: datetime.datetime
) -> JournalEntry:
    """An unsaved entry chained to ``previous`` (used by bulk loaders too)."""
    sequence = previous.sequence + 1 if previous else 1
    previous_hash = previous.hash if previous else GENESIS_HASH
    return JournalEntry(
        sequence=sequence,
        kind=kind,
        created_at=created_at,
        payload=payload,
        previous_hash=previous_hash,
        hash=entry_hash(
            previous_hash=previous_hash, sequence=sequence, kind=kind, created_at=created_at, payload=payload
        ),
    )


def journal_last() -> JournalEntry | None:
    return JournalEntry.objects.order_by("-sequence").first()


def journal_append(*, kind: str, payload: dict, created_at: datetime.datetime | None = None) -> JournalEntry:
    """Append one entry at the end of the chain (payload: JSON-safe, amounts as strings)."""
    with transaction.atomic():
        journal_lock()
        entry = journal_build(
            previous=journal_last(), kind=kind, payload=payload, created_at=created_at or timezone.now()
        )
        entry.save(force_insert=True)
    return entry


@dataclass(frozen=True)
class JournalCheck:
    checked: int
    broken_sequence: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_sequence is None


def journal_verify(*, chunk_size: int = 2000) -> JournalCheck:
    """Walk the chain in order; report the first entry whose hash, link or number is wrong."""
    previous_hash = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    entries = JournalEntry.objects.order_by("sequence").values_list(
        "sequence", "kind", "created_at", "payload", "previous_hash", "hash"
    )
    for sequence, kind, created_at, payload, stored_previous, stored_hash in entries.iterator(chunk_size):
        if sequence != expected_sequence:
            return JournalCheck(checked, expected_sequence, "missing")
        if stored_previous != previous_hash:
            return JournalCheck(checked, sequence, "link")
        computed = entry_hash(
            previous_hash=previous_hash, sequence=sequence, kind=kind, created_at=created_at, payload=payload
        )
        if computed != stored_hash:
            return JournalCheck(checked, sequence, "hash")
        previous_hash = stored_hash
        expected_sequence += 1
        checked += 1
    return JournalCheck(checked)
