"""The import core: one upsert on (source, external id) for every format.

Parsers (apidae.py, datatourisme.py) turn source objects into ``OfferRecord``s; ``Importer``
writes them. Records are written in batches; each record has its own savepoint, so a bad
record is rolled back alone (never half-written) and reported, and the good ones stay.
Unchanged records (same modification date at the source) are skipped without a write.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import JSONField
from django.db.models.sql import Query
from django.utils import timezone
from psycopg.types.json import Jsonb

from common.audit import log_action
from network.selectors import commune_list

from ..models import ImportError, ImportRun, Kind, Offer, OfferImage, OpeningPeriod, Provider, TypeMapping
from ..opening import next_opening_date
from ..services import search_vector_expression
from .records import (
    OfferRecord,
    PeriodRecord,
    ProviderRecord,
    RecordError,
    import_slug,
    provider_keys,
    roll_every_year,
    to_datetime,
    translations_json,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000

OFFER_TABLE = Offer._meta.db_table
STAGE_TABLE = "offers_import_stage"
# Every column but the id (identity) and the search vector (computed once per batch).
STAGE_FIELDS = [f for f in Offer._meta.concrete_fields if f.name not in ("id", "search_vector")]
STAGE_COLUMNS = ", ".join(f'"{f.column}"' for f in STAGE_FIELDS)


def _stage_row(values: dict[str, Any], fixed: dict[str, Any]) -> tuple:
    """An offer's row as COPY wants it: the record's values, then the fixed ones, then each
    field's default (called per row: a new uuid each time); relations as their ids, JSON wrapped
    for psycopg. Built from the fields directly — a model instance per object (with
    modeltrans' __init__) was a fifth of a 200,000-object import (issue 18)."""
    row = []
    for column in STAGE_FIELDS:
        if column.name in values:
            value = values[column.name]
        elif column.name in fixed:
            value = fixed[column.name]
        else:
            value = column.get_default()
        if column.is_relation and value is not None and not isinstance(value, int):
            value = value.pk
        if isinstance(column, JSONField):
            value = Jsonb(value)
        elif isinstance(value, list):
            value = _pg_array(value)
        row.append(value)
    return tuple(row)


@functools.lru_cache(maxsize=1)
def _search_vector_sql() -> tuple[str, tuple]:
    """``offers.services.search_vector_expression`` as SQL over the offers table's columns."""
    query = Query(Offer)
    expression = search_vector_expression().resolve_expression(query, allow_joins=False, for_save=True)
    sql, params = query.get_compiler(connection=connection).compile(expression)
    return sql, tuple(params)


def _pg_array(values: list) -> str:
    """A list as PostgreSQL's array literal, for text COPY: each element quoted and escaped, so
    that psycopg need not run its array dumper per value (~280,000 lists in 20,000 objects)."""
    return "{" + ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"


@dataclass
class Mapped:
    """What the mapping rules say about one offer's source codes."""

    families: list[str] = field(default_factory=list)
    kind: str = Kind.OTHER
    audiences: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    without_car: bool = False
    transport: list[str] = field(default_factory=list)


class TypeMapper:
    """Source codes/labels → families, kind, audiences, accessibility mentions and access without
    a car, from the TypeMapping rows staff edit."""

    def __init__(self, source: str):
        self.rules: dict[str, TypeMapping] = {
            m.code.casefold(): m for m in TypeMapping.objects.filter(source=source)
        }

    def resolve(self, codes: list[str]) -> Mapped:
        result, best = Mapped(), None
        for code in codes:
            rule = self.rules.get(str(code).casefold())
            if rule is None:
                continue
            for family in rule.families:
                if family not in result.families:
                    result.families.append(family)
            for audience in rule.audiences:
                if audience not in result.audiences:
                    result.audiences.append(audience)
            if rule.accessibility and rule.accessibility not in result.accessibility:
                result.accessibility.append(rule.accessibility)
            if rule.without_car:
                result.without_car = True
                if rule.label and rule.label not in result.transport:
                    result.transport.append(rule.label)
            if rule.kind and (best is None or rule.priority < best):
                result.kind, best = rule.kind, rule.priority
        return result

    def map(self, codes: list[str]) -> tuple[list[str], str]:
        mapped = self.resolve(codes)
        return mapped.families, mapped.kind


# --- communes -------------------------------------------------------------------------------


class CommuneMatcher:
    """INSEE code → network Commune: the territory's communes are loaded once per run."""

    def __init__(self):
        self.cache: dict[str, Any] = {c.insee_code: c for c in commune_list()}

    def get(self, insee_code: str):
        if not insee_code:
            return None
        return self.cache.get(insee_code)


# --- the importer ---------------------------------------------------------------------------


class Importer:
    """Writes records of one source into offers and counts what happened in ``run``."""

    def __init__(self, run: ImportRun, source: str, *, force: bool = False):
        self.run = run
        self.source = source
        # force: write every record even when it looks unchanged (dates or content hash).
        self.force = force
        self.today = timezone.localdate()
        self.structure_ids: set[str] = set()
        if not run.source:
            run.source = source
            ImportRun.objects.filter(pk=run.pk).update(source=source)
        self.mapper = TypeMapper(source)
        self.communes = CommuneMatcher()
        # external id → (pk, modification date, content hash): skipping unchanged records
        # costs no query.
        self.known: dict[str, tuple[int, dt.datetime | None, str]] = {
            ext: (pk, modified, digest)
            for pk, ext, modified, digest in Offer.objects.filter(source=source)
            .exclude(external_id="")
            .values_list("pk", "external_id", "source_modified_at", "content_hash")
            .iterator(chunk_size=5000)
        }
        self.pending: list[tuple[OfferRecord, str]] = []
        # (level, external id, path, reason) rows, written with COPY by save_errors.
        self.pending_errors: list[tuple[str, str, str, str]] = []
        self.seen: set[str] = set()

    # -- reporting --
    def error(self, *, external_id: str = "", path: str = "", reason: str, warning: bool = False) -> None:
        self.pending_errors.append(
            (
                ImportError.Level.WARNING if warning else ImportError.Level.ERROR,
                str(external_id)[:255],
                path[:1000],
                reason,
            )
        )
        if not warning:
            self.run.failed_count += 1
        if len(self.pending_errors) >= BATCH_SIZE:
            self.save_errors()

    def save_errors(self) -> None:
        """Write the queued errors and warnings with COPY: an export whose communes are outside
        the territory gives one warning per object (200,000 rows for a regional export), which
        ``bulk_create`` spent 6 % of the import on (issue 18)."""
        errors, self.pending_errors = self.pending_errors, []
        if not errors:
            return
        with (
            connection.wrap_database_errors,
            connection.cursor() as cursor,
            cursor.copy(
                f"COPY {ImportError._meta.db_table} (run_id, level, external_id, path, reason) FROM STDIN"
            ) as copy,
        ):
            for row in errors:
                copy.write_row((self.run.pk, *row))

    def fail_record(self, *, external_id: Any, path: str, exc: Exception) -> None:
        if isinstance(exc, RecordError):
            where = f"{path} › {exc.path}" if exc.path else path
            self.error(external_id=str(external_id or ""), path=where, reason=exc.reason)
        else:
            logger.warning("offer import: unexpected error on %s (%s)", external_id, path, exc_info=True)
            self.error(external_id=str(external_id or ""), path=path, reason=f"{type(exc).__name__}: {exc}")

    # -- writing --
    def skip_unchanged(self, external_id: Any, modified: Any) -> bool:
        """Cheap check before parsing: True (and counted) when this object is already imported
        with the same modification date. Anything doubtful goes through the full parse."""
        if self.force or external_id in (None, "") or not isinstance(modified, str):
            return False
        ext = str(external_id)
        known = self.known.get(ext)
        if known is None or known[1] is None or ext in self.seen:
            return False
        try:
            if to_datetime(modified, "") != known[1]:
                return False
        except RecordError:
            return False
        self.seen.add(ext)
        self.run.unchanged_count += 1
        return True

    def add(self, record: OfferRecord, path: str) -> None:
        """Queue a parsed record; written with the next batch."""
        self.pending.append((record, path))
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        """Write the queued records.

        Fast path: the whole batch in bulk inside one savepoint. If the database refuses
        anything, that savepoint is rolled back and the batch is replayed one record per
        savepoint, so the bad record is reported and rolled back alone.
        """
        batch, self.pending = self.pending, []
        if not batch:
            self.save_errors()
            self.save_counts()
            return
        prepared: list[tuple[OfferRecord, str, dict[str, Any], tuple | None]] = []
        for record, path in batch:
            try:
                item = self._prepare(record)
            except (RecordError, ValueError, TypeError) as exc:
                self.fail_record(external_id=record.external_id, path=path, exc=exc)
                continue
            if item is None:
                self.run.unchanged_count += 1
                continue
            values, known = item
            prepared.append((record, path, values, known))
        with transaction.atomic():
            try:
                with transaction.atomic():
                    touched = self._write(prepared)
            except (DatabaseError, ValueError, TypeError):
                touched = []
                for record, path, values, known in prepared:
                    try:
                        with transaction.atomic():
                            touched += self._write([(record, path, values, known)])
                    except (DatabaseError, ValueError, TypeError) as exc:
                        self.fail_record(external_id=record.external_id, path=path, exc=exc)
            self.save_errors()
        self.save_counts()

    def _prepare(self, record: OfferRecord) -> tuple[dict[str, Any], tuple | None] | None:
        """Validate a record and compute its column values; None when it is unchanged."""
        ext = record.external_id
        if not ext:
            raise RecordError("identifiant manquant", "id")
        if not record.title:
            raise RecordError("titre manquant", "nom")
        if ext in self.seen:
            raise RecordError("objet présent deux fois dans les données", "id")
        self.seen.add(ext)
        known = self.known.get(ext)
        digest = record.content_hash()
        if known is not None and not self.force:
            if record.modified_at is not None and known[1] == record.modified_at:
                return None
            if record.modified_at is None and known[2] == digest:
                return None

        mapped = self.mapper.resolve(record.source_types)
        commune = self.communes.get(record.insee_code)
        values: dict[str, Any] = {
            "title": record.title[:255],
            "families": mapped.families,
            "kind": mapped.kind,
            "audiences": mapped.audiences,
            "source_types": [str(c)[:120] for c in record.source_types],
            "short_description": record.short_description,
            "description": record.description,
            "provider_name": record.provider_name[:255],
            "commune": commune,
            "commune_name": (commune.name if commune else record.commune_name)[:120],
            "postcode": (commune.postcode if commune else record.postcode)[:10],
            "insee_code": record.insee_code[:5],
            "address": record.address[:255],
            "latitude": record.latitude,
            "longitude": record.longitude,
            "price_min": record.price_min,
            "price_max": record.price_max,
            "free": record.free,
            "price_note": record.price_note,
            "opening_note": record.opening_note,
            "accessibility": "\n".join(mapped.accessibility),
            "without_car": mapped.without_car,
            "transport_note": "\n".join(mapped.transport),
            "phone": record.phone[:60],
            "email": record.email[:254] if "@" in record.email else "",
            "website": record.website[:500],
            "phones": [v[:60] for v in record.phones],
            "emails": [v[:254] for v in record.emails if "@" in v],
            "websites": [v[:500] for v in record.websites],
            "practical": record.practical,
            "provider_external_id": record.provider_external_id[:255],
            "content_hash": digest,
            "i18n": translations_json(record.translations) or None,
            "source_url": record.source_url[:500],
            "source_modified_at": record.modified_at,
            "attribution_name": record.attribution_name[:255],
            "provider_keys": provider_keys(
                emails=[record.email, *record.provider_emails], sirets=record.sirets
            ),
            "attribution_updated_on": record.attribution_updated_on,
        }
        low, high = values["price_min"], values["price_max"]
        if low is not None and high is not None and low > high:
            values["price_min"], values["price_max"] = high, low
        if record.insee_code and commune is None:
            record.warnings.append(
                (
                    "commune",
                    f"commune {record.insee_code} {record.commune_name} hors du territoire : gardée en texte",
                )
            )
        if record.latitude is None or record.longitude is None:
            record.warnings.append(
                ("coordonnées", "coordonnées absentes : l'offre n'apparaîtra pas sur la carte")
            )
        return values, known

    def _stored_periods(self, record: OfferRecord) -> list[PeriodRecord]:
        """The periods as stored: a yearly one as its current occurrence and the next."""
        return [
            replace(p, starts_on=starts, ends_on=ends) if p.every_year else p
            for p in record.periods
            for starts, ends in (
                roll_every_year(p.starts_on, p.ends_on, self.today)
                if p.every_year
                else [(p.starts_on, p.ends_on)]
            )
        ]

    def _write(self, items: list[tuple[OfferRecord, str, dict[str, Any], tuple | None]]) -> list[int]:
        """Write prepared records in bulk (inside the caller's savepoint); returns their ids.

        Offers go through PostgreSQL COPY into a temporary stage table, then one
        ``INSERT … ON CONFLICT (source, external_id) DO UPDATE`` upserts the whole batch; their
        periods and images are written with COPY too. Counters and the known-ids cache change
        only once everything is written."""
        if not items:
            return []
        now = timezone.now()
        rows = []
        stored = {record.external_id: self._stored_periods(record) for record, *_rest in items}
        for record, _path, values, _known in items:
            fixed = {
                # The date the periods' trigger would write (offers/opening.py), given with the
                # row; the trigger skips this batch (migration 0013, ``offers.next_dates_given``).
                "next_opening_date": next_opening_date(stored[record.external_id], now=now),
                "slug": import_slug(record.title, self.source, record.external_id),
                "source": self.source,
                "external_id": record.external_id,
                "status": Offer.Status.DRAFT,
                "created_at": now,
                "updated_at": now,
            }
            rows.append(_stage_row(values, fixed))
        update_columns = [Offer._meta.get_field(name).column for name in items[0][2]] + [
            "next_opening_date",
            "updated_at",
        ]
        pks: dict[str, int] = {}
        inserted = 0
        # wrap_database_errors: a refused COPY raises Django's DatabaseError like any query.
        with connection.wrap_database_errors, connection.cursor() as cursor:
            # Re-created for every batch, so it always has the columns of the current schema.
            cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{STAGE_TABLE}")
            cursor.execute(
                f"CREATE TEMP TABLE {STAGE_TABLE} AS SELECT {STAGE_COLUMNS} FROM {OFFER_TABLE} WITH NO DATA"
            )
            with cursor.copy(f"COPY {STAGE_TABLE} ({STAGE_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            assignments = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in update_columns)
            # The search vector is computed in the insert itself, from the stage's columns (the
            # stage is named as the offers table, so the expression compiled for it reads them):
            # an UPDATE of the whole batch afterwards wrote every row twice (13 % of an import).
            vector_sql, vector_params = _search_vector_sql()
            cursor.execute(
                f"INSERT INTO {OFFER_TABLE} ({STAGE_COLUMNS}, search_vector) "
                f"SELECT {STAGE_COLUMNS}, {vector_sql} FROM {STAGE_TABLE} AS {OFFER_TABLE} "
                "ON CONFLICT (source, external_id) WHERE external_id <> '' "
                f"DO UPDATE SET {assignments}, search_vector = EXCLUDED.search_vector "
                "RETURNING id, external_id, (xmax = 0)",
                vector_params,
            )
            for pk, external_id, is_new in cursor.fetchall():
                pks[external_id] = pk
                inserted += bool(is_new)
            # The periods below belong to offers whose next date was just written with their
            # row: the periods' trigger need not compute it again (transaction-local, and set
            # off again once this batch's periods are written).
            cursor.execute("SELECT set_config('offers.next_dates_given', 'on', true)")
            updated_pks = [pks[record.external_id] for record, _p, _v, known in items if known is not None]
            if updated_pks:
                OpeningPeriod.objects.filter(offer_id__in=updated_pks).delete()
                OfferImage.objects.filter(offer_id__in=updated_pks).exclude(url="").delete()
            periods = [
                (
                    pks[record.external_id],
                    p.starts_on,
                    p.ends_on,
                    p.opens_at,
                    p.closes_at,
                    _pg_array(p.weekdays),
                    p.note[:500],
                    p.every_year,
                    p.closed,
                )
                for record, *_rest in items
                for p in stored[record.external_id]
            ]
            if periods:
                table = OpeningPeriod._meta.db_table
                columns = (
                    "offer_id, starts_on, ends_on, opens_at, closes_at, weekdays, note, every_year, closed"  # noqa: E501
                )
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in periods:
                        copy.write_row(row)
            images = [
                (pks[record.external_id], i.url[:1000], "", i.alt[:255], i.credit[:255], n)
                for record, *_rest in items
                for n, i in enumerate(record.images)
                if i.url
            ]
            if images:
                table = OfferImage._meta.db_table
                with cursor.copy(
                    f"COPY {table} (offer_id, url, image, alt, credit, position) FROM STDIN"
                ) as copy:
                    for row in images:
                        copy.write_row(row)
            cursor.execute("SELECT set_config('offers.next_dates_given', 'off', true)")
        # Everything is written: now commit the bookkeeping (never for a rolled-back batch).
        for record, path, _values, _known in items:
            self.known[record.external_id] = (
                pks[record.external_id],
                record.modified_at,
                _values["content_hash"],
            )
            for wpath, reason in record.warnings:
                self.error(
                    external_id=record.external_id, path=f"{path} › {wpath}", reason=reason, warning=True
                )
        self.run.created_count += inserted
        self.run.updated_count += len(items) - inserted
        return list(pks.values())

    def add_provider(self, record: ProviderRecord, path: str) -> None:
        """An organisation (Apidae STRUCTURE): kept as a provider, never published as an offer.

        An offer imported from the same object by an earlier version is archived.
        """
        self.structure_ids.add(record.external_id)
        # A SIRET is a legal identifier: an exact match links the member. E-mails are only
        # suggestions for staff, as for offers.
        matched_member = None
        siret = "".join(ch for ch in record.siret if ch.isdigit())
        if len(siret) == 14:
            from network.models import Member

            matched_member = Member.objects.filter(siret=siret).order_by("pk").first()
        with transaction.atomic():
            provider, _created = Provider.objects.select_for_update().get_or_create(
                source=self.source,
                external_id=record.external_id,
                defaults={"name": record.name[:255]},
            )
            provider.name = record.name[:255] or provider.name
            provider.address = record.address[:255]
            provider.postcode = record.postcode[:10]
            provider.commune_name = record.commune_name[:120]
            provider.phones = [v[:60] for v in record.phones]
            provider.emails = [v[:254] for v in record.emails]
            provider.websites = [v[:500] for v in record.websites]
            provider.siret = record.siret[:14]
            provider.source_modified_at = record.modified_at
            if provider.member_id is None and matched_member is not None:
                provider.member = matched_member
            provider.save()
        if record.external_id in self.known:
            self.flush()
            self.archive([record.external_id], path)

    def link_providers(self) -> None:
        """Point offers at their managing organisation once both are imported (any order)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {OFFER_TABLE} o SET provider_id = p.id FROM {Provider._meta.db_table} p "
                "WHERE o.source = %s AND p.source = o.source AND o.provider_external_id <> '' "
                "AND p.external_id = o.provider_external_id "
                "AND o.provider_id IS DISTINCT FROM p.id",
                [self.source],
            )

    def archive(self, external_ids: list[str], path: str) -> None:
        """Objects deleted at the source: archive them (kept for history, hidden from visitors)."""
        self.flush()
        ids = [str(e) for e in external_ids]
        with transaction.atomic():
            offers = list(
                Offer.objects.filter(source=self.source, external_id__in=ids)
                .exclude(status=Offer.Status.ARCHIVED)
                .order_by("pk")
                .select_for_update()
            )
            for offer in offers:
                Offer.objects.filter(pk=offer.pk).update(
                    status=Offer.Status.ARCHIVED, updated_at=timezone.now()
                )
                log_action(
                    self.run.created_by,
                    "offers.offer.archived",
                    offer,
                    reason="deleted at source",
                    run=self.run.pk,
                )
            self.run.archived_count += len(offers)
        self.save_counts()

    def save_counts(self) -> None:
        ImportRun.objects.filter(pk=self.run.pk).update(
            source=self.run.source,
            created_count=self.run.created_count,
            updated_count=self.run.updated_count,
            unchanged_count=self.run.unchanged_count,
            archived_count=self.run.archived_count,
            failed_count=self.run.failed_count,
        )
