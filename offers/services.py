"""Writes of the offers app: the offer life cycle, member edits, badge, search index.

Every status change is a conditional UPDATE on the allowed previous states, so a double
click or a task delivered twice changes nothing the second time (idempotent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import IntegrityError, connection, transaction
from django.db.models import TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from common.audit import log_action
from common.content_languages import apply_translations, translation_keys
from common.images import renditions_schedule

from .exceptions import (
    AlreadyLinked,
    IncompleteOffer,
    InvalidBadge,
    InvalidTransition,
    NotEditable,
    NotSuggested,
    RejectionReasonRequired,
    TypeMappingCodeTaken,
)
from .models import (
    OFFER_TRANSLATED_FIELDS,
    OTHER_SEARCH_CONFIGS,
    SEARCH_CONFIG,
    Audience,
    Family,
    Kind,
    Offer,
    OfferImage,
    OpeningPeriod,
    Source,
    TypeMapping,
)
from .opening import next_opening_stored_sql, paris_now

TRANSLATION_KEYS = translation_keys(OFFER_TRANSLATED_FIELDS)

S = Offer.Status
# Which states each target state may be reached from (the workflow, in one place).
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    S.SUBMITTED: (S.DRAFT, S.REJECTED),
    S.PRESELECTED: (S.DRAFT, S.SUBMITTED, S.REJECTED),
    S.ASSESSED: (S.PRESELECTED, S.PUBLISHED),
    S.PUBLISHED: (S.SUBMITTED, S.PRESELECTED, S.ASSESSED),
    S.REJECTED: (S.DRAFT, S.SUBMITTED, S.PRESELECTED, S.ASSESSED, S.PUBLISHED),
    S.ARCHIVED: (S.DRAFT, S.SUBMITTED, S.PRESELECTED, S.ASSESSED, S.PUBLISHED, S.REJECTED),
}

# Fields a member (portal) or staff may set on a manual offer.
EDITABLE_FIELDS = (
    "title",
    "families",
    "kind",
    "short_description",
    "description",
    "commune",
    "address",
    "latitude",
    "longitude",
    "price_min",
    "price_max",
    "free",
    "price_note",
    "duration_minutes",
    "audiences",
    "accessibility",
    "without_car",
    "transport_note",
    "phone",
    "email",
    "website",
)


def search_vector_expression():
    """Title weighs most (A), then descriptions (B), then place and provider (C)."""
    vector = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("short_description", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="B", config=SEARCH_CONFIG)
        + SearchVector("commune_name", weight="C", config=SEARCH_CONFIG)
        + SearchVector("provider_name", weight="C", config=SEARCH_CONFIG)
    )
    for lang, config in OTHER_SEARCH_CONFIGS.items():
        for name, weight in (("title", "A"), ("short_description", "B"), ("description", "B")):
            text = Coalesce(KeyTextTransform(f"{name}_{lang}", "i18n"), Value(""), output_field=TextField())
            vector += SearchVector(text, weight=weight, config=config)
    return vector


def offer_refresh_search_vector(*, offer_ids: Iterable[int]) -> int:
    """Recompute the stored search vector of these offers. Returns the number of rows updated."""
    ids = list(offer_ids)
    if not ids:
        return 0
    return Offer.objects.filter(pk__in=ids).update(search_vector=search_vector_expression())


def unique_offer_slug(title: str, *, suffix: str = "") -> str:
    base = (slugify(title)[:120] or "offre").strip("-") or "offre"
    if suffix:
        base = f"{base}-{slugify(suffix)[:30]}".strip("-")
    slug, n = base, 2
    while Offer.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _transition(*, offer: Offer, to: str, actor, extra: dict[str, Any] | None = None, action: str) -> Offer:
    """Move ``offer`` to ``to`` if its current state allows it; already there → no change.

    Raises InvalidTransition otherwise.
    """
    extra = extra or {}
    with transaction.atomic():
        updated = Offer.objects.filter(pk=offer.pk, status__in=ALLOWED_FROM[to]).update(
            status=to, updated_at=timezone.now(), **extra
        )
        offer.refresh_from_db()
        if not updated:
            if offer.status == to:
                return offer
            raise InvalidTransition()
        log_action(
            actor, f"offers.offer.{action}", offer, **{k: v for k, v in extra.items() if k != "updated_at"}
        )
    return offer


def offer_link_member(*, offer: Offer, member, actor) -> Offer:
    """Attach an imported offer to the network member that provides it (a staff decision, taken
    on a suggestion; never done silently by an import). Idempotent; an offer already attached to
    another member raises AlreadyLinked, a member that is not suggested raises NotSuggested."""
    from .selectors import offer_member_suggestions

    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        if locked.member_id == member.pk:
            return locked
        if locked.member_id is not None:
            raise AlreadyLinked()
        if member.pk not in {m.pk for m in offer_member_suggestions(locked)}:
            raise NotSuggested()
        Offer.objects.filter(pk=locked.pk).update(member=member, updated_at=timezone.now())
        locked.refresh_from_db()
        log_action(actor, "offers.offer.member_linked", locked, member=member.slug)
    return locked


def offer_submit(*, offer: Offer, actor) -> Offer:
    """A member asks the office to review its draft. Raises IncompleteOffer / InvalidTransition."""
    if not (offer.title and offer.families and offer.short_description):
        raise IncompleteOffer()
    return _transition(
        offer=offer, to=S.SUBMITTED, actor=actor, extra={"submitted_at": timezone.now()}, action="submitted"
    )


def offer_preselect(*, offer: Offer, actor) -> Offer:
    """Staff pre-select an offer for the network (it may then be invited to the self-assessment)."""
    return _transition(
        offer=offer, to=S.PRESELECTED, actor=actor, extra={"rejection_reason": ""}, action="preselected"
    )


def offer_publish(*, offer: Offer, actor) -> Offer:
    """Staff publish an offer: it appears in the public search. Raises InvalidTransition."""
    return _transition(
        offer=offer, to=S.PUBLISHED, actor=actor, extra={"published_at": timezone.now()}, action="published"
    )


def offer_reject(*, offer: Offer, actor, reason: str) -> Offer:
    """Staff refuse an offer with a reason shown to its author. Raises RejectionReasonRequired."""
    reason = (reason or "").strip()
    if not reason:
        raise RejectionReasonRequired()
    return _transition(
        offer=offer, to=S.REJECTED, actor=actor, extra={"rejection_reason": reason}, action="rejected"
    )


def offer_archive(*, offer: Offer, actor, reason: str = "") -> Offer:
    """Withdraw an offer (deleted at the source, closed business…); its state is kept so that
    offer_restore can undo it."""
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        if locked.status == S.ARCHIVED:
            offer.refresh_from_db()
            return offer
        return _transition(
            offer=offer,
            to=S.ARCHIVED,
            actor=actor,
            extra={"status_before_archive": locked.status},
            action="archived",
        )


def offer_restore(*, offer: Offer, actor) -> Offer:
    """Undo an archiving: the offer goes back to the state it had before (draft when unknown).
    Raises InvalidTransition when the offer is not archived."""
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        if locked.status != S.ARCHIVED:
            raise InvalidTransition()
        previous = locked.status_before_archive or S.DRAFT
        Offer.objects.filter(pk=locked.pk).update(
            status=previous, status_before_archive="", updated_at=timezone.now()
        )
        offer.refresh_from_db()
        log_action(actor, "offers.offer.restored", offer, status=previous)
    return offer


def offer_mark_assessed(*, offer: Offer, actor) -> Offer:
    """Called by selfdiagnosis when an assessment of this offer is validated: status → assessed.

    Allowed from "preselected" (and kept "published" offers stay visible: a published offer is
    not moved back). Idempotent. Raises InvalidTransition from draft/rejected/archived.
    """
    if offer.status == S.PUBLISHED:
        return offer
    return _transition(offer=offer, to=S.ASSESSED, actor=actor, action="assessed")


def offer_set_badge(
    *,
    offer: Offer,
    level: str,
    expires_on: dt.date | None,
    scores: dict[str, Any],
    actor=None,
    awarded_on: dt.date | None = None,
) -> Offer:
    """Called by selfdiagnosis: store the "bienveillant" badge shown on the offer page.

    ``level``: a short label (e.g. "bienveillant", "engagé"); ``scores``: per dimension, e.g.
    ``{"environment": {"label": "Environnement", "score": 62, "commitments": ["…", "…"]}, …}``
    (displayed as given; keys ``label``, ``score`` (0–100) and ``commitments`` (list of plain
    French sentences) are read by the template). Pass ``level=""`` to remove the badge.
    Raises InvalidBadge when a level is given without an expiry date.
    """
    if level and not expires_on:
        raise InvalidBadge()
    if not isinstance(scores, dict):
        raise InvalidBadge()
    with transaction.atomic():
        Offer.objects.filter(pk=offer.pk).update(
            badge_level=level or "",
            badge_expires_on=expires_on if level else None,
            badge_awarded_on=(awarded_on or timezone.localdate()) if level else None,
            badge_scores=scores if level else {},
            updated_at=timezone.now(),
        )
        offer.refresh_from_db()
        log_action(actor, "offers.offer.badge_set", offer, level=level, expires_on=expires_on)
    return offer


def _apply_fields(offer: Offer, data: dict[str, Any]) -> None:
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(offer, name, data[name])
    apply_translations(offer, TRANSLATION_KEYS, data)
    commune = offer.commune
    if commune is not None:
        offer.commune_name = commune.name
        offer.postcode = commune.postcode
        offer.insee_code = commune.insee_code
        if offer.latitude is None or offer.longitude is None:
            offer.latitude, offer.longitude = commune.latitude, commune.longitude


def _replace_periods(offer: Offer, periods: list[dict[str, Any]] | None) -> None:
    if periods is None:
        return
    offer.periods.all().delete()
    OpeningPeriod.objects.bulk_create([OpeningPeriod(offer=offer, **p) for p in periods])


def offer_create(
    *,
    actor,
    member=None,
    data: dict[str, Any],
    periods: list[dict[str, Any]] | None = None,
    image=None,
    image_alt: str = "",
) -> Offer:
    """Create a manual offer (draft) for ``member`` (portal) or for the office (staff)."""
    with transaction.atomic():
        offer = Offer(member=member, source=Source.MANUAL, status=S.DRAFT)
        _apply_fields(offer, data)
        if member is not None:
            offer.provider_name = member.name
        offer.slug = unique_offer_slug(offer.title)
        offer.save()
        _replace_periods(offer, periods)
        if image is not None:
            offer_image = OfferImage.objects.create(offer=offer, image=image, alt=image_alt or offer.title)
            renditions_schedule(offer_image.image)
        offer_refresh_search_vector(offer_ids=[offer.pk])
        log_action(actor, "offers.offer.created", offer)
    offer.refresh_from_db()
    return offer


def offer_update(
    *,
    offer: Offer,
    actor,
    data: dict[str, Any],
    periods: list[dict[str, Any]] | None = None,
    image=None,
    image_alt: str = "",
    by_member: bool = True,
) -> Offer:
    """Edit a manual offer. A member may edit any offer but an archived one: a submitted or
    rejected one goes back to draft; a pre-selected, assessed or published one goes back to
    the office's review (submitted), since the office vouches for what it publishes.
    Raises NotEditable."""
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if by_member and not offer.can_be_edited_by_member():
            raise NotEditable()
        before = offer.status
        _apply_fields(offer, data)
        if by_member and offer.status in (S.SUBMITTED, S.REJECTED):
            offer.status = S.DRAFT
        elif by_member and offer.edit_sends_back_to_review:
            offer.status = S.SUBMITTED
            offer.submitted_at = timezone.now()
        offer.save()
        if offer.status != before and offer.status == S.SUBMITTED:
            log_action(actor, "offers.offer.back_to_review", offer, before=before)
        _replace_periods(offer, periods)
        if image is not None:
            offer_image = OfferImage.objects.create(offer=offer, image=image, alt=image_alt or offer.title)
            renditions_schedule(offer_image.image)
        offer_refresh_search_vector(offer_ids=[offer.pk])
        log_action(actor, "offers.offer.updated", offer)
    offer.refresh_from_db()
    return offer


def offer_bulk_transition(
    *, offers: Iterable[Offer], actor, action: str, reason: str = ""
) -> tuple[int, int]:
    """Apply preselect/publish/reject/archive to many offers; returns (done, refused)."""
    fn = {
        "preselect": lambda o: offer_preselect(offer=o, actor=actor),
        "publish": lambda o: offer_publish(offer=o, actor=actor),
        "reject": lambda o: offer_reject(offer=o, actor=actor, reason=reason),
        "archive": lambda o: offer_archive(offer=o, actor=actor),
    }[action]
    if action == "reject" and not reason.strip():
        raise RejectionReasonRequired()
    done = refused = 0
    for offer in sorted(offers, key=lambda o: o.pk):
        try:
            fn(offer)
            done += 1
        except InvalidTransition:
            refused += 1
    return done, refused


# --- imports ---------------------------------------------------------------------------------


def import_run_request(*, actor, source: str = "", origin: str = "", upload=None, scheduled_source=None):
    """Record an import to run in the background (admin upload, URL, scheduled source) and
    enqueue it after commit. Returns the pending ImportRun."""
    from common.tasks import enqueue

    from .models import ImportRun
    from .tasks import import_run_execute

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

    from django.db.models import Value
    from django.db.models.functions import Replace

    from .models import ImportError as ImportProblem

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
    from .importers import run_import
    from .models import ImportRun

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
        from .models import ImportSource

        ImportSource.objects.filter(pk=run.scheduled_source_id).update(last_run_at=run.finished_at)
    return run


def export_notification_receive(*, data: dict[str, Any]):
    """Store an Apidae export notification and enqueue its import. Raises OfferError when the
    notification is not usable (missing URL, host not allowed)."""
    import urllib.parse

    from django.conf import settings

    from common.tasks import enqueue

    from .exceptions import OfferError
    from .models import ExportNotification
    from .tasks import export_notification_process

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

    from .importers import run_import
    from .models import ExportNotification, ImportRun

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
    from .models import ImportSource

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
    from .importers.core import TypeMapper

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


def offer_periods_roll_forward(*, today: dt.date | None = None) -> int:
    """Move yearly periods (« tous les ans ») that have ended on by two years.

    Each recurring period is stored as its next two occurrences (see the importers): when
    one ends, it jumps past the other, so an offer open every summer is found by date
    searches year after year without a new import. Returns the number of periods moved.
    """
    today = today or timezone.localdate()
    moved = 0
    # A period ended more than two years ago (an import long ago) moves as often as needed.
    for _round in range(50):
        count = OpeningPeriod.objects.filter(every_year=True, ends_on__lt=today).update(
            # Calendar years (29 February → 28 February), not a fixed number of days.
            starts_on=RawSQL("(starts_on + interval '2 years')::date", []),
            ends_on=RawSQL("(ends_on + interval '2 years')::date", []),
        )
        moved += count
        if not count:
            break
    return moved


def offer_next_dates_refresh(*, now: dt.datetime | None = None, due_only: bool = True) -> int:
    """Recompute the stored next opening date (``Offer.next_opening_date``, offers/opening.py).

    Changes of periods are followed at once by a trigger; what moves by itself is time. Every
    15 minutes, the offers whose date is today or past (today's closing time may have passed, or
    a day went by); nightly, every offer (the year ahead moved by a day). One statement; returns
    the number of offers whose date changed."""
    local = paris_now(now)
    where = "next_opening_date <= %s::date" if due_only else "TRUE"
    params: list[Any] = [local.date(), local.time()] + ([local.date()] if due_only else [])
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH fresh AS (
                SELECT id, {next_opening_stored_sql(offer_column="id")} AS d
                FROM offers_offer WHERE {where}
            )
            UPDATE offers_offer o SET next_opening_date = fresh.d FROM fresh
            WHERE o.id = fresh.id AND o.next_opening_date IS DISTINCT FROM fresh.d
            """,
            params,
        )
        return cursor.rowcount
