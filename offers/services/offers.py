"""The offer life cycle, member edits, badge, search index and stored opening dates.

Every status change is a conditional UPDATE on the allowed previous states, so a double
click or a task delivered twice changes nothing the second time (idempotent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from common.audit import log_action
from common.content_languages import apply_translations, translation_keys
from common.images import renditions_schedule

from ..exceptions import (
    AlreadyLinked,
    IncompleteOffer,
    InvalidBadge,
    InvalidTransition,
    NotEditable,
    NotSuggested,
    RejectionReasonRequired,
)
from ..models import (
    OFFER_TRANSLATED_FIELDS,
    OTHER_SEARCH_CONFIGS,
    SEARCH_CONFIG,
    Offer,
    OfferImage,
    OpeningPeriod,
    Source,
)
from ..opening import next_opening_stored_sql, paris_now

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
    from ..selectors import offer_member_suggestions

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
