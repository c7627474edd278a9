"""Membership applications: submitted, reviewed, decided; an accepted one makes a member."""

from __future__ import annotations

from collections.abc import Sequence

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from common.audit import log_action
from common.tasks import enqueue

from .. import selectors, tasks
from ..exceptions import (
    ApplicationAlreadyDecided,
    ApplicationAlreadyOpen,
    ApplicationNotReviewable,
    EmailAlreadyUsed,
    InfoReplyNotExpected,
    NotYourAntenna,
    ReasonRequired,
)
from ..models import (
    ApplicationDocument,
    Commune,
    Craft,
    Member,
    MembershipApplication,
    User,
)
from .common import (
    Status,
    _check_scope,
    _lock_capacity_and_check,
    _one_year_after,
)

# --- Applications ----------------------------------------------------------------------


def application_submit(
    *,
    business_name: str,
    contact_name: str,
    email: str,
    commune: Commune,
    crafts: Sequence[Craft],
    description: str,
    answers: list[dict],
    phone: str = "",
    website: str = "",
    address: str = "",
    siret: str = "",
    documents: Sequence[tuple[str, UploadedFile]] = (),
    language: str = "fr",
) -> MembershipApplication:
    """Record an application and its evidence, then notify the applicant and staff.

    Raises ``ApplicationAlreadyOpen`` when this email already has an open application.
    """
    email = email.strip().lower()
    if selectors.application_open_for_email(email=email) is not None:
        raise ApplicationAlreadyOpen
    if commune.antenna_id is None:
        raise NotYourAntenna(NotYourAntenna.message)
    try:
        with transaction.atomic():
            application = MembershipApplication.objects.create(
                business_name=business_name.strip(),
                contact_name=contact_name.strip(),
                email=email,
                phone=phone,
                website=website,
                address=address,
                siret=siret,
                commune=commune,
                antenna_id=commune.antenna_id,
                description=description,
                charter_version=selectors.charter_current(),
                answers=answers,
                consent_at=timezone.now(),
                language=language,
            )
            application.crafts.set(crafts)
            for kind, upload in documents:
                ApplicationDocument.objects.create(
                    application=application, kind=kind, file=upload, original_name=(upload.name or "")[:200]
                )
            log_action(None, "network.application.submitted", application, email=email)
            enqueue(tasks.send_application_received, application.pk)
    except IntegrityError as exc:
        # Two submissions of the same form at once: the partial unique index keeps one.
        if "one_open_application_per_email" in str(exc):
            raise ApplicationAlreadyOpen from None
        raise
    return application


def application_resend_status_link(*, email: str) -> None:
    """Send the private status link again to ``email`` (never shown on screen)."""
    application = selectors.application_open_for_email(email=email.strip().lower())
    if application is not None:
        enqueue(tasks.send_application_received, application.pk, False)


def _lock_open_application(application: MembershipApplication) -> MembershipApplication:
    locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if not locked.can_decide():
        raise ApplicationAlreadyDecided
    return locked


def _decide(
    *, application: MembershipApplication, actor: User | None, status: str, message: str, action: str
) -> MembershipApplication:
    _check_scope(actor, application.antenna_id)
    with transaction.atomic():
        locked = _lock_open_application(application)
        locked.status = status
        locked.decision_message = message
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        _keep_reviewer(locked, actor)
        if status == Status.WAITLISTED and locked.waitlisted_at is None:
            locked.waitlisted_at = locked.decided_at
        locked.save()
        log_action(actor, action, locked, message=message)
        enqueue(tasks.send_application_decision, locked.pk)
    return locked


def _keep_reviewer(application: MembershipApplication, actor: User | None) -> None:
    if application.reviewer_id is None and actor is not None:
        application.reviewer = actor
        application.review_started_at = timezone.now()


def application_take_charge(*, application: MembershipApplication, actor: User) -> MembershipApplication:
    """« Prendre en charge »: the application goes under review with ``actor`` as reviewer.

    Idempotent for the same reviewer; another staff member takes it over. Raises
    ``ApplicationNotReviewable`` (waiting for the applicant, waitlisted or decided) or ``NotYourAntenna``.
    """
    _check_scope(actor, application.antenna_id)
    with transaction.atomic():
        locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status not in (Status.SUBMITTED, Status.UNDER_REVIEW):
            raise ApplicationNotReviewable
        if locked.status == Status.UNDER_REVIEW and locked.reviewer_id == actor.pk:
            return locked
        previous = locked.reviewer_id
        locked.status = Status.UNDER_REVIEW
        locked.reviewer = actor
        locked.review_started_at = timezone.now()
        locked.save(update_fields=["status", "reviewer", "review_started_at", "updated_at"])
        log_action(actor, "network.application.taken_in_charge", locked, previous_reviewer=previous)
    return locked


def application_request_info(
    *, application: MembershipApplication, actor: User, message: str
) -> MembershipApplication:
    """Ask the applicant for more information. Raises ``ReasonRequired`` without a message."""
    if not message.strip():
        raise ReasonRequired
    if application.status == Status.WAITLISTED:
        raise ApplicationAlreadyDecided
    return _decide(
        application=application,
        actor=actor,
        status=Status.INFO_REQUESTED,
        message=message.strip(),
        action="network.application.info_requested",
    )


def application_refuse(
    *, application: MembershipApplication, actor: User, reason: str
) -> MembershipApplication:
    """Refuse with a reason sent to the applicant. Raises ``ReasonRequired`` without one."""
    if not reason.strip():
        raise ReasonRequired
    return _decide(
        application=application,
        actor=actor,
        status=Status.REFUSED,
        message=reason.strip(),
        action="network.application.refused",
    )


def application_waitlist(
    *, application: MembershipApplication, actor: User, message: str = ""
) -> MembershipApplication:
    """Put on the waitlist (keeps its first date, so its position is kept)."""
    if application.status == Status.WAITLISTED:
        raise ApplicationAlreadyDecided
    return _decide(
        application=application,
        actor=actor,
        status=Status.WAITLISTED,
        message=message.strip(),
        action="network.application.waitlisted",
    )


def application_reply(
    *, application: MembershipApplication, reply: str, documents: Sequence[tuple[str, UploadedFile]] = ()
) -> MembershipApplication:
    """The applicant answers a request for information; the application goes back to review."""
    with transaction.atomic():
        locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status != Status.INFO_REQUESTED:
            raise InfoReplyNotExpected
        stamp = timezone.localtime().strftime("%d/%m/%Y %H:%M")
        locked.applicant_reply = (locked.applicant_reply + f"\n\n[{stamp}]\n{reply.strip()}").strip()
        # Back to whoever was examining it; unassigned applications go back to the queue.
        locked.status = Status.UNDER_REVIEW if locked.reviewer_id else Status.SUBMITTED
        locked.save(update_fields=["applicant_reply", "status", "updated_at"])
        for kind, upload in documents:
            ApplicationDocument.objects.create(
                application=locked, kind=kind, file=upload, original_name=(upload.name or "")[:200]
            )
        log_action(None, "network.application.replied", locked)
        enqueue(tasks.send_application_received, locked.pk, True, True)
    return locked


def _unique_member_slug(name: str) -> str:
    base = slugify(name)[:120] or "membre"
    slug, n = base, 2
    while Member.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _invite_user(
    *, email: str, member: Member, first_name: str = "", last_name: str = "", language: str = "fr"
) -> User:
    """An account with no usable password and a verified address; the invitation sets it."""
    user = User.objects.create_user(
        email=email,
        password=None,
        first_name=first_name,
        last_name=last_name,
        member=member,
        language=language,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    enqueue(tasks.send_invitation, user.pk)
    return user


def application_accept(*, application: MembershipApplication, actor: User, message: str = "") -> Member:
    """Accept: create the member and invite its user, if the craft/antenna has room.

    Raises ``CapacityReached`` (nothing changed), ``ApplicationAlreadyDecided``,
    ``EmailAlreadyUsed`` or ``NotYourAntenna``.
    """
    _check_scope(actor, application.antenna_id)
    with transaction.atomic():
        locked = _lock_open_application(application)
        craft_ids = list(locked.crafts.values_list("pk", flat=True))
        _lock_capacity_and_check(antenna_id=locked.antenna_id, craft_ids=craft_ids)
        existing = User.objects.filter(email__iexact=locked.email).first()
        if existing is not None and existing.member_id is not None:
            raise EmailAlreadyUsed
        today = timezone.localdate()
        member = Member.objects.create(
            slug=_unique_member_slug(locked.business_name),
            name=locked.business_name,
            antenna_id=locked.antenna_id,
            commune=locked.commune,
            address=locked.address,
            latitude=locked.commune.latitude,
            longitude=locked.commune.longitude,
            description=locked.description,
            contact_name=locked.contact_name,
            email=locked.email,
            phone=locked.phone,
            website=locked.website,
            siret=locked.siret,
            status=Member.Status.ACTIVE,
            joined_on=today,
            renewal_due_on=_one_year_after(today),
        )
        member.crafts.set(craft_ids)
        if existing is not None:
            existing.member = member
            existing.save(update_fields=["member"])
            enqueue(tasks.send_invitation, existing.pk)
        else:
            first, _sep, last = locked.contact_name.partition(" ")
            _invite_user(
                email=locked.email, member=member, first_name=first, last_name=last, language=locked.language
            )
        locked.status = Status.ACCEPTED
        locked.decision_message = message.strip()
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        _keep_reviewer(locked, actor)
        locked.member = member
        locked.save()
        log_action(actor, "network.application.accepted", locked, member=member.slug)
        enqueue(tasks.send_application_decision, locked.pk)
    return member
