"""Imports (runs, export notifications, scheduled sources) and the mappings of source types."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.audit import log_action

from ..exceptions import (
    TypeMappingCodeTaken,
)
from ..models import (
    Audience,
    Family,
    Kind,
    Offer,
    Source,
    TypeMapping,
)

# --- imports ---------------------------------------------------------------------------------


def import_run_request(*, actor, source: str = "", origin: str = "", upload=None, scheduled_source=None):
    """Record an import to run in the background (admin upload, URL, scheduled source) and
    enqueue it after commit. Returns the pending ImportRun."""
    from common.tasks import enqueue

    from ..models import ImportRun
    from ..tasks import import_run_execute

    with transaction.atomic():
        run = ImportRun.objects.create(
            source=source,
            origin=(origin or getattr(upload, "name", ""))[:1000],
            upload=upload,
            created_by=actor if getattr(actor, "pk", None) else None,
            scheduled_source=scheduled_source,
        )
        log_action(actor, "offers.import.requested", run, origin=run.origin, source=source)
        enqueue(import_run_execute, run.pk)
    return run


def _import_run_hide_temporary_name(run, *, temporary: str, shown_as: str) -> None:
    """Messages name the file the person sent (« export.zip »), not the worker's temporary copy
    (« /tmp/offers-upload-k3j2.zip »), which means nothing to them."""
    from pathlib import Path

    from django.db.models.functions import Replace

    from ..models import ImportError as ImportProblem

    names = [temporary, Path(temporary).name]
    if run.message:
        message = run.message
        for name in names:
            message = message.replace(name, shown_as)
        if message != run.message:
            run.message = message
            run.save(update_fields=["message"])
    for name in names:
        ImportProblem.objects.filter(run=run).update(
            path=Replace("path", Value(name), Value(shown_as)),
            reason=Replace("reason", Value(name), Value(shown_as)),
        )


def import_run_execute_now(*, run_id: int):
    """Run a pending import (called by the task). A run already started is left alone, so a task
    delivered twice imports once."""
    from ..importers import run_import
    from ..models import ImportRun

    claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.PENDING).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now()
    )
    run = ImportRun.objects.get(pk=run_id)
    if not claimed:
        return run
    if not run.upload:
        run = run_import(target=run.origin, source=run.source, run=run)
    else:
        # The upload may live on remote storage (S3): import from a local temporary copy.
        import shutil
        import tempfile
        from pathlib import Path

        suffix = Path(run.upload.name).suffix or ".data"
        with tempfile.NamedTemporaryFile(prefix="offers-upload-", suffix=suffix) as local:
            with run.upload.open("rb") as stream:
                shutil.copyfileobj(stream, local, 1024 * 1024)
            local.flush()
            run = run_import(target=local.name, source=run.source, run=run)
        _import_run_hide_temporary_name(
            run, temporary=local.name, shown_as=Path(run.origin).name or Path(run.upload.name).name
        )
    if run.scheduled_source_id:
        from ..models import ImportSource

        ImportSource.objects.filter(pk=run.scheduled_source_id).update(last_run_at=run.finished_at)
    return run


def export_notification_receive(*, data: dict[str, Any]):
    """Store an Apidae export notification and enqueue its import. Raises OfferError when the
    notification is not usable (missing URL, host not allowed)."""
    import urllib.parse

    from django.conf import settings

    from common.tasks import enqueue

    from ..exceptions import OfferError
    from ..models import ExportNotification
    from ..tasks import export_notification_process

    url = str(data.get("urlRecuperation") or "")
    confirm = str(data.get("urlConfirmation") or "")
    allowed = getattr(settings, "OFFERS_APIDAE_EXPORT_HOSTS", ["export.apidae-tourisme.com"])
    for value in (url, confirm):
        if value:
            parts = urllib.parse.urlparse(value)
            if parts.scheme not in ("http", "https") or parts.hostname not in allowed:
                raise OfferError(_("Adresse d'export non autorisée."))
    if not url:
        raise OfferError(_("Notification sans adresse de récupération."))
    with transaction.atomic():
        notification = ExportNotification.objects.create(
            project_id=str(data.get("projetId") or "")[:60],
            export_status=str(data.get("statut") or "")[:60],
            reinit=str(data.get("reinitialisation") or "").lower() == "true",
            url_recuperation=url,
            url_confirmation=confirm,
            payload={k: str(v)[:1000] for k, v in data.items()},
        )
        log_action(None, "offers.export_notification.received", notification)
        enqueue(export_notification_process, notification.pk)
    return notification


def export_notification_import(*, notification_id: int) -> None:
    """Download the notified zip, import it, then call the confirmation URL (Apidae then knows
    the export was consumed). Idempotent: an imported notification is not imported again."""
    import urllib.request

    from django.conf import settings

    from ..importers import run_import
    from ..models import ExportNotification, ImportRun

    with transaction.atomic():
        notification = ExportNotification.objects.select_for_update().get(pk=notification_id)
        if notification.status == ExportNotification.Status.IMPORTED:
            return
        run = notification.run or ImportRun.objects.create(
            source=Source.APIDAE, origin=notification.url_recuperation
        )
        notification.run = run
        notification.save(update_fields=["run"])
    if run.status in (ImportRun.Status.PENDING, ImportRun.Status.RUNNING):
        run = run_import(target=notification.url_recuperation, source=Source.APIDAE, run=run)
    if run.status != ImportRun.Status.FINISHED:
        ExportNotification.objects.filter(pk=notification.pk).update(
            status=ExportNotification.Status.FAILED, error=run.message
        )
        return
    if notification.url_confirmation:
        timeout = getattr(settings, "OFFERS_HTTP_TIMEOUT", 30)
        with urllib.request.urlopen(notification.url_confirmation, timeout=timeout) as response:  # noqa: S310
            response.read(1024)
    ExportNotification.objects.filter(pk=notification.pk).update(
        status=ExportNotification.Status.IMPORTED, confirmed_at=timezone.now(), error=""
    )


def import_sources_due(*, now: dt.datetime | None = None) -> list[int]:
    """Request an import for each enabled scheduled source whose interval has elapsed."""
    from ..models import ImportSource

    now = now or timezone.now()
    requested = []
    for source in ImportSource.objects.filter(enabled=True).order_by("pk"):
        if source.last_run_at and source.last_run_at > now - dt.timedelta(hours=source.every_hours):
            continue
        # Claim the source first so two beat ticks never start the same import twice.
        claimed = ImportSource.objects.filter(pk=source.pk, last_run_at=source.last_run_at).update(
            last_run_at=now
        )
        if claimed:
            run = import_run_request(
                actor=None, source=source.source, origin=source.url, scheduled_source=source
            )
            requested.append(run.pk)
    return requested


def offer_apply_type_mappings(*, source: str) -> int:
    """Recompute families, kind, audiences, accessibility and access without a car of the imported
    offers of ``source`` from their stored source codes, after staff edited the mapping. Returns
    the number of offers changed."""
    from ..importers.core import TypeMapper

    mapper = TypeMapper(source)
    changed = 0
    fields = ("pk", "families", "kind", "audiences", "accessibility", "without_car", "transport_note")
    with transaction.atomic():
        for offer in Offer.objects.filter(source=source).only(*fields, "source_types").order_by("pk"):
            mapped = mapper.resolve(offer.source_types)
            values = {
                "families": mapped.families,
                "kind": mapped.kind,
                "audiences": mapped.audiences,
                "accessibility": "\n".join(mapped.accessibility),
                "without_car": mapped.without_car,
                "transport_note": "\n".join(mapped.transport),
            }
            if any(getattr(offer, name) != value for name, value in values.items()):
                Offer.objects.filter(pk=offer.pk).update(**values, updated_at=timezone.now())
                changed += 1
    return changed


TYPE_MAPPING_FIELDS = (
    "source",
    "code",
    "label",
    "families",
    "kind",
    "audiences",
    "accessibility",
    "without_car",
    "priority",
)


def type_mapping_save(*, actor, mapping: TypeMapping | None = None, **values: Any) -> tuple[TypeMapping, int]:
    """Create or change a type mapping, then re-map the imported offers of its source (and of its
    former source). Returns the mapping and the number of offers changed.

    Raises ``TypeMappingCodeTaken`` when the source already maps this code (the importers compare
    codes without case, so « Dégustation » and « dégustation » are the same code).
    """
    mapping = mapping if mapping is not None else TypeMapping()
    created = mapping.pk is None
    former_source = (
        None
        if created
        else TypeMapping.objects.filter(pk=mapping.pk).values_list("source", flat=True).first()
    )
    before = {} if created else {name: getattr(mapping, name) for name in TYPE_MAPPING_FIELDS}
    for name in TYPE_MAPPING_FIELDS:
        if name in values:
            setattr(mapping, name, values[name])
    mapping.code = mapping.code.strip()
    taken = TypeMapping.objects.filter(source=mapping.source, code__iexact=mapping.code)
    if mapping.pk is not None:
        taken = taken.exclude(pk=mapping.pk)
    if taken.exists():
        raise TypeMappingCodeTaken
    try:
        with transaction.atomic():
            mapping.save()
            changed = offer_apply_type_mappings(source=mapping.source)
            if former_source and former_source != mapping.source:
                changed += offer_apply_type_mappings(source=former_source)
            log_action(
                actor,
                "offers.type_mapping.created" if created else "offers.type_mapping.updated",
                mapping,
                code=mapping.code,
                source=mapping.get_source_display(),
                offers=changed,
                **({"before": _changed_values(before, mapping)} if before else {}),
            )
    except IntegrityError as exc:
        if created:
            mapping.pk = None
        raise TypeMappingCodeTaken from exc
    return mapping, changed


def _changed_values(before: dict[str, Any], mapping: TypeMapping) -> dict[str, str]:
    """The former values of the changed fields, by their French names and labels (for the trail)."""
    labels = {**dict(Family.choices), **dict(Audience.choices), **dict(Kind.choices), **dict(Source.choices)}

    def readable(value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(str(labels.get(v, v)) for v in value) or "—"
        if isinstance(value, bool):
            return str(_("oui") if value else _("non"))
        return str(labels.get(value, value)) if value not in ("", None) else "—"

    return {
        str(getattr(TypeMapping._meta.get_field(name), "verbose_name", name)): readable(value)
        for name, value in before.items()
        if getattr(mapping, name) != value
    }


def type_mapping_delete(*, actor, mapping: TypeMapping) -> int:
    """Delete a type mapping and re-map the offers of its source. Returns the offers changed."""
    with transaction.atomic():
        TypeMapping.objects.filter(pk=mapping.pk).delete()
        changed = offer_apply_type_mappings(source=mapping.source)
        log_action(
            actor,
            "offers.type_mapping.deleted",
            mapping,
            code=mapping.code,
            source=mapping.get_source_display(),
            offers=changed,
        )
    return changed
