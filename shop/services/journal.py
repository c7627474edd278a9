"""The append-only, hash-chained till journal."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

    @property
    def message(self) -> str:
        if self.ok:
            return str(_("Journal intègre : %(n)s écriture(s) vérifiée(s).") % {"n": self.checked})
        return str(
            _("Journal altéré : écriture n° %(seq)s — %(problem)s (%(n)s écriture(s) valide(s) avant elle).")
            % {"seq": self.broken_sequence, "problem": PROBLEMS[self.problem], "n": self.checked}
        )


PROBLEMS = {
    "hash": _("son contenu ne correspond plus à son empreinte (écriture modifiée)"),
    "link": _(
        "son empreinte précédente ne correspond pas à l'écriture qui la précède "
        "(écriture supprimée ou déplacée)"
    ),
    "missing": _("une écriture manque à cet endroit de la séquence (écriture supprimée)"),
    "closing": _("ses totaux ne correspondent pas aux tickets enregistrés avant elle (clôture falsifiée)"),
}

TICKET_KINDS = ("sale", "reversal", "return")
CLOSING_KINDS = ("closing", "month_closing", "year_closing")


class _Ledger:
    """Totals rebuilt from the ticket entries, to check each closing against what was chained."""

    def __init__(self):
        self.days: dict[str, list] = {}

    def add(self, payload: dict) -> None:
        bucket = self.days.setdefault(payload["sold_on"], [Decimal("0"), Decimal("0"), 0, Decimal("0")])
        total = Decimal(payload["total"])
        bucket[0] += total
        bucket[1] += Decimal(payload["vat_total"])
        bucket[2] += 1 if payload["kind"] == "sale" else 0
        bucket[3] += abs(total)

    def period(self, start: str, end: str) -> tuple[Decimal, Decimal, int]:
        total, vat, tickets = Decimal("0"), Decimal("0"), 0
        for day, (t, v, n, _a) in self.days.items():
            if start <= day <= end:
                total, vat, tickets = total + t, vat + v, tickets + n
        return total, vat, tickets

    def grand(self, through: str) -> tuple[Decimal, Decimal]:
        gt, gt_abs = Decimal("0"), Decimal("0")
        for day, (t, _v, _n, a) in self.days.items():
            if day <= through:
                gt, gt_abs = gt + t, gt_abs + a
        return gt, gt_abs

    def closing_matches(self, totals: dict) -> bool:
        start = str(totals.get("start") or totals.get("day") or "")
        end = str(totals.get("end") or totals.get("day") or "")
        total, vat, tickets = self.period(start, end)
        if (Decimal(totals["total"]), Decimal(totals["vat_total"]), int(totals["tickets"])) != (
            total,
            vat,
            tickets,
        ):
            return False
        if "grand_total" in totals:
            gt, gt_abs = self.grand(end)
            if (Decimal(totals["grand_total"]), Decimal(totals["grand_total_abs"])) != (gt, gt_abs):
                return False
        return True


def journal_verify(*, chunk_size: int = 5000) -> JournalCheck:
    """Walk the chain in order; report the first entry whose number, link or hash is wrong, or
    the first closing whose totals or grand totals differ from the tickets chained before it
    (a forged closing, even correctly chained)."""
    previous_hash = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    ledger = _Ledger()
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
        if kind in TICKET_KINDS:
            ledger.add(payload)
        elif kind in CLOSING_KINDS and not ledger.closing_matches(payload["closing"]):
            return JournalCheck(checked, sequence, "closing")
        previous_hash = stored_hash
        expected_sequence += 1
        checked += 1
    return JournalCheck(checked)
