"""The charter (versions, drafts, signatures, reminders), decision templates and capacity rules."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.audit import log_action
from common.tasks import enqueue

from .. import selectors, tasks
from ..exceptions import (
    CharterAlreadyPublished,
    CharterCommitmentsRequired,
    CharterNotADraft,
    CharterVersionOutdated,
    DecisionTemplateTitleTaken,
    NoCurrentCharter,
)
from ..models import (
    Antenna,
    CapacityRule,
    CharterSignature,
    CharterVersion,
    Craft,
    DecisionTemplate,
    Member,
    User,
)
from .common import (
    CHARTER_REMINDER_DAYS,
    _reminder_once,
)

# --- Charter ---------------------------------------------------------------------------


def charter_version_publish(
    *, version: CharterVersion, actor: User | None, sign_deadline: datetime.date
) -> CharterVersion:
    """Publish a version: it becomes current and every active member is asked to sign it."""
    with transaction.atomic():
        locked = CharterVersion.objects.select_for_update().get(pk=version.pk)
        if locked.published_at is not None:
            raise CharterAlreadyPublished
        locked.published_at = timezone.now()
        locked.sign_deadline = sign_deadline
        locked.save(update_fields=["published_at", "sign_deadline"])
        log_action(actor, "network.charter.published", locked, deadline=sign_deadline)
        enqueue(tasks.send_charter_sign_requests, locked.pk)
    return locked


def charter_draft_save(
    *,
    actor: User | None,
    title: str,
    preamble: str,
    commitments: Sequence[str],
    changes_summary: str,
    effective_on: datetime.date,
) -> CharterVersion:
    """Save the charter being drafted: the open draft is updated, or a new version is created
    with the next number. Published (signed) versions are never touched.

    Raises ``CharterCommitmentsRequired`` when no commitment is left.
    """
    commitments = [" ".join(text.split()) for text in commitments if text and text.strip()]
    if not commitments:
        raise CharterCommitmentsRequired
    values = {
        "title": title.strip(),
        "preamble": preamble.strip(),
        "commitments": commitments,
        "changes_summary": changes_summary.strip(),
        "effective_on": effective_on,
    }
    # Two people starting a draft at once: the unique number makes the second creation fail;
    # its retry then finds (and updates) the draft the first one created.
    for attempt in range(2):
        try:
            return _charter_draft_write(actor=actor, values=values)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def _charter_draft_write(*, actor: User | None, values: dict) -> CharterVersion:
    with transaction.atomic():
        draft = (
            CharterVersion.objects.select_for_update()
            .filter(published_at__isnull=True)
            .order_by("-number")
            .first()
        )
        if draft is None:
            draft = CharterVersion.objects.create(number=selectors.charter_next_number(), **values)
            log_action(actor, "network.charter.drafted", draft, version=draft.number)
        else:
            for name, value in values.items():
                setattr(draft, name, value)
            draft.save(update_fields=list(values))
            log_action(actor, "network.charter.draft_saved", draft, version=draft.number)
    return draft


def charter_draft_discard(*, actor: User | None, version: CharterVersion) -> None:
    """Throw away the draft being written. Raises ``CharterNotADraft`` if it was published."""
    with transaction.atomic():
        locked = CharterVersion.objects.select_for_update().filter(pk=version.pk).first()
        if locked is None:
            return
        if locked.published_at is not None:
            raise CharterNotADraft
        log_action(actor, "network.charter.draft_discarded", locked, version=locked.number)
        locked.delete()


def charter_draft_publish(
    *, version: CharterVersion, actor: User | None, sign_deadline: datetime.date
) -> CharterVersion:
    """Publish the draft edited on the staff page (see ``charter_version_publish``).

    Raises ``CharterNotADraft`` when someone published it meanwhile.
    """
    try:
        return charter_version_publish(version=version, actor=actor, sign_deadline=sign_deadline)
    except CharterAlreadyPublished as exc:
        raise CharterNotADraft from exc


def decision_template_save(
    *,
    actor: User | None,
    template: DecisionTemplate | None = None,
    kind: str,
    title: str,
    body: str,
) -> DecisionTemplate:
    """Create or update a reusable decision wording. Raises ``DecisionTemplateTitleTaken``."""
    template = template or DecisionTemplate()
    created = template.pk is None
    template.kind, template.title, template.body = kind, title.strip(), body.strip()
    try:
        with transaction.atomic():
            template.save()
            log_action(
                actor,
                "network.decision_template.created" if created else "network.decision_template.updated",
                template,
                title=template.title,
            )
    except IntegrityError as exc:
        if created:
            template.pk = None
        raise DecisionTemplateTitleTaken from exc
    return template


def decision_template_delete(*, actor: User | None, template: DecisionTemplate) -> None:
    """Delete a decision wording (decisions already sent keep their text)."""
    with transaction.atomic():
        log_action(actor, "network.decision_template.deleted", template, title=template.title)
        DecisionTemplate.objects.filter(pk=template.pk).delete()


def _sign(
    *, member: Member, user: User | None, version: CharterVersion, ip_address: str | None
) -> CharterSignature:
    signature, created = CharterSignature.objects.get_or_create(
        member=member, version=version, defaults={"signer": user, "ip_address": ip_address}
    )
    if created:
        Member.objects.filter(pk=member.pk).update(charter_overdue_since=None)
        member.charter_overdue_since = None
        log_action(user, "network.charter.signed", member, version=version.number)
    return signature


def charter_sign(
    *, member: Member, user: User, version: CharterVersion, ip_address: str | None = None
) -> CharterSignature:
    """Sign ``version`` for ``member`` (idempotent). Only the current version can be signed."""
    current = selectors.charter_current()
    if current is None:
        raise NoCurrentCharter
    if version.pk != current.pk:
        raise CharterVersionOutdated
    with transaction.atomic():
        return _sign(member=member, user=user, version=current, ip_address=ip_address)


def charter_flag_overdue(*, today: datetime.date | None = None) -> int:
    """Flag (never delete) active members who let the signing deadline pass."""
    today = today or timezone.localdate()
    current = selectors.charter_current()
    if current is None or current.sign_deadline is None or current.sign_deadline >= today:
        return 0
    late = selectors.members_without_current_signature().filter(charter_overdue_since__isnull=True)
    return Member.objects.filter(pk__in=late.values("pk")).update(charter_overdue_since=current.sign_deadline)


def charter_send_reminders(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    current = selectors.charter_current()
    if current is None or current.sign_deadline is None or current.sign_deadline < today:
        return 0
    days_left = (current.sign_deadline - today).days
    notice = (current.sign_deadline - timezone.localdate(current.published_at)).days
    sent = 0
    for days in CHARTER_REMINDER_DAYS:
        # A reminder only makes sense if the notice given was longer than its threshold.
        if days_left > days or notice <= days:
            continue
        for member in selectors.members_without_current_signature().order_by("pk")[:500]:
            with transaction.atomic():
                if _reminder_once(member=member, kind="charter", key=f"v{current.number}-{days}"):
                    enqueue(tasks.send_charter_reminder, member.pk, current.pk)
                    sent += 1
    return sent


def capacity_rule_set(
    *, antenna: Antenna, craft: Craft | None, max_members: int, actor: User | None
) -> CapacityRule:
    with transaction.atomic():
        rule, _created = CapacityRule.objects.update_or_create(
            antenna=antenna, craft=craft, defaults={"max_members": max_members}
        )
        log_action(
            actor,
            "network.capacity.set",
            rule,
            antenna=antenna.name,
            craft=craft.name if craft else "",
            max_members=max_members,
        )
    return rule


def capacity_rule_delete(*, actor: User | None, rule: CapacityRule) -> None:
    """Remove a capacity rule: the craft (or the antenna) is no longer limited."""
    with transaction.atomic():
        log_action(
            actor,
            "network.capacity.deleted",
            rule,
            antenna=rule.antenna.name,
            craft=rule.craft.name if rule.craft is not None else "",
            max_members=rule.max_members,
        )
        CapacityRule.objects.filter(pk=rule.pk).delete()
