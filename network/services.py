"""Writes of the network app: one function per business action (keyword-only, typed).

Other apps call ``contact_record`` here: bookings and orders feed the network's contacts.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from common.access import is_office_staff
from common.audit import log_action
from common.images import renditions_schedule
from common.tasks import enqueue

from . import selectors, tasks
from .exceptions import (
    AntennaChangeNotAllowed,
    ApplicationAlreadyDecided,
    ApplicationAlreadyOpen,
    ApplicationNotReviewable,
    CapacityReached,
    CharterAlreadyPublished,
    CharterCommitmentsRequired,
    CharterNotADraft,
    CharterVersionOutdated,
    ContactEmailInvalid,
    ContactKindInvalid,
    DecisionTemplateTitleTaken,
    EmailAlreadyUsed,
    InfoReplyNotExpected,
    MemberNotRenewable,
    NoCurrentCharter,
    NotYourAntenna,
    ReasonRequired,
    RenewalNotOpen,
    TooManyPhotos,
)
from .models import (
    Antenna,
    ApplicationDocument,
    CapacityRule,
    CharterSignature,
    CharterVersion,
    Commune,
    ConsentEvent,
    ConsentPurpose,
    Contact,
    Craft,
    DecisionTemplate,
    LegalBasis,
    Member,
    MemberPhoto,
    MembershipApplication,
    ReminderLog,
    User,
)

logger = logging.getLogger(__name__)

RENEWAL_WINDOW_DAYS = 60
RENEWAL_REMINDER_DAYS = (30, 7)
CHARTER_REMINDER_DAYS = (14, 3)
MAX_MEMBER_PHOTOS = 12

Status = MembershipApplication.Status


def _one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _check_scope(actor: User | None, antenna_id: int) -> None:
    """Coordinators decide only for their antennas; office staff (and system jobs) everywhere."""
    if actor is None or is_office_staff(actor):
        return
    if not actor.coordinated_antennas.filter(pk=antenna_id).exists():
        raise NotYourAntenna


# --- Capacity --------------------------------------------------------------------------


def _lock_capacity_and_check(
    *, antenna_id: int, craft_ids: Iterable[int], exclude_member_id: int | None = None
) -> None:
    """Lock the capacity rows of this antenna and crafts, then re-count from the members.

    Rows are locked once, in id order, so two staff accepting for overlapping crafts never
    deadlock; the second one waits, then sees the place taken.
    """
    rules = list(
        CapacityRule.objects.select_for_update()
        .filter(pk__in=selectors.capacity_rules_for(antenna_id=antenna_id, craft_ids=craft_ids).values("pk"))
        .order_by("id")
    )
    for rule in rules:
        if selectors.capacity_used(rule=rule, exclude_member_id=exclude_member_id) >= rule.max_members:
            raise CapacityReached


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


# --- Members ---------------------------------------------------------------------------


def member_set_status(*, member: Member, status: str, actor: User) -> MembershipApplication | None:
    """Change a member's status. When a place frees up (left, suspended), return the first
    waitlisted applicant for that antenna and crafts so staff can act on it."""
    _check_scope(actor, member.antenna_id)
    with transaction.atomic():
        locked = Member.objects.select_for_update().get(pk=member.pk)
        previous = locked.status
        if previous == status:
            return None
        if status == Member.Status.ACTIVE:
            _lock_capacity_and_check(
                antenna_id=locked.antenna_id,
                craft_ids=locked.crafts.values_list("pk", flat=True),
                exclude_member_id=locked.pk,
            )
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        log_action(actor, "network.member.status_changed", locked, previous=previous, status=status)
    member.status = status
    if previous == Member.Status.ACTIVE and status != Member.Status.ACTIVE:
        return selectors.waitlist_first_for(antenna=member.antenna, crafts=member.crafts.all())
    return None


PROFILE_FIELDS = (
    "name",
    "description",
    "story",
    "contact_name",
    "email",
    "phone",
    "website",
    "show_email",
    "show_phone",
    "show_website",
    "show_address",
)


def member_update_profile(*, member: Member, actor: User, data: dict) -> Member:
    """Update the public profile; only the fields in ``PROFILE_FIELDS`` may change."""
    changed = {k: v for k, v in data.items() if k in PROFILE_FIELDS and getattr(member, k) != v}
    if "photo" in data and data["photo"]:
        member.photo = data["photo"]
        changed["photo"] = "nouvelle photo"
    if not changed:
        return member
    with transaction.atomic():
        for key, value in changed.items():
            if key != "photo":
                setattr(member, key, value)
        member.save()
        log_action(actor, "network.member.profile_updated", member, fields=sorted(changed))
        if "photo" in changed:
            renditions_schedule(member.photo)
    return member


def member_set_location(
    *,
    member: Member,
    actor: User,
    commune: Commune,
    address: str,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Member:
    """Place the member on the map: an explicit pin, else the commune's centre.

    The antenna cannot change here (it moves the member between capacity quotas).
    """
    if commune.antenna_id != member.antenna_id:
        raise AntennaChangeNotAllowed
    if latitude is None or longitude is None:
        latitude, longitude = commune.latitude, commune.longitude
    with transaction.atomic():
        member.commune = commune
        member.address = address.strip()
        member.latitude, member.longitude = float(latitude), float(longitude)
        member.save(update_fields=["commune", "address", "latitude", "longitude", "updated_at"])
        log_action(actor, "network.member.located", member, latitude=latitude, longitude=longitude)
    return member


def member_photo_add(*, member: Member, actor: User, image: UploadedFile, caption: str) -> MemberPhoto:
    """Add a gallery photo (already verified and re-encoded by ``common.uploads.clean_image``)."""
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()
        count = MemberPhoto.objects.filter(member=member).count()
        if count >= MAX_MEMBER_PHOTOS:
            raise TooManyPhotos
        photo = MemberPhoto.objects.create(
            member=member, image=image, caption=caption.strip(), position=count
        )
        log_action(actor, "network.member.photo_added", member, photo=photo.pk)
        renditions_schedule(photo.image)
    return photo


def member_photo_delete(*, member: Member, actor: User, photo_id: int) -> None:
    """Delete one of the member's own photos (idempotent)."""
    with transaction.atomic():
        deleted, _details = MemberPhoto.objects.filter(member=member, pk=photo_id).delete()
        if deleted:
            log_action(actor, "network.member.photo_deleted", member, photo=photo_id)


def member_invite_colleague(
    *, member: Member, actor: User, email: str, first_name: str = "", last_name: str = ""
) -> User:
    """Give a colleague their own account on the same member. Raises ``EmailAlreadyUsed``."""
    email = email.strip().lower()
    with transaction.atomic():
        if (
            User.objects.filter(email__iexact=email).exists()
            or EmailAddress.objects.filter(email__iexact=email).exists()
        ):
            raise EmailAlreadyUsed
        user = _invite_user(
            email=email,
            member=member,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            language=actor.language,
        )
        log_action(actor, "network.member.colleague_invited", member, email=email)
    return user


def member_renew(*, member: Member, user: User, ip_address: str | None = None) -> Member:
    """Yearly re-attestation: sign the current charter if needed and push the due date a year.

    Open 60 days before the due date, or once lapsed (then only if the capacity allows).
    """
    today = timezone.localdate()
    with transaction.atomic():
        locked = Member.objects.select_for_update().get(pk=member.pk)
        if locked.status not in (Member.Status.ACTIVE, Member.Status.LAPSED):
            raise MemberNotRenewable
        due = locked.renewal_due_on
        if locked.status == Member.Status.ACTIVE and due and (due - today).days > RENEWAL_WINDOW_DAYS:
            raise RenewalNotOpen
        if locked.status == Member.Status.LAPSED:
            _lock_capacity_and_check(
                antenna_id=locked.antenna_id,
                craft_ids=locked.crafts.values_list("pk", flat=True),
                exclude_member_id=locked.pk,
            )
            locked.status = Member.Status.ACTIVE
        current = selectors.charter_current()
        if current is not None:
            _sign(member=locked, user=user, version=current, ip_address=ip_address)
        start = due if (due and due >= today and locked.last_renewed_on != today) else today
        locked.renewal_due_on = _one_year_after(start)
        locked.last_renewed_on = today
        locked.save(update_fields=["status", "renewal_due_on", "last_renewed_on", "updated_at"])
        log_action(user, "network.member.renewed", locked, due=locked.renewal_due_on)
    member.refresh_from_db()
    return member


def members_lapse_overdue(*, today: datetime.date | None = None) -> int:
    """Active members past their renewal date leave the directory (status « lapsed »)."""
    today = today or timezone.localdate()
    count = 0
    overdue = Member.objects.filter(status=Member.Status.ACTIVE, renewal_due_on__lt=today)
    for member_id in overdue.values_list("pk", flat=True)[:500]:
        with transaction.atomic():
            # Conditional update: a renewal that just happened wins.
            updated = Member.objects.filter(
                pk=member_id, status=Member.Status.ACTIVE, renewal_due_on__lt=today
            ).update(status=Member.Status.LAPSED, updated_at=timezone.now())
            if updated:
                log_action(None, "network.member.lapsed", Member(pk=member_id))
                count += 1
    return count


def _reminder_once(*, member: Member, kind: str, key: str) -> bool:
    """True the first time (member, kind, key) is seen: the caller then sends the reminder."""
    _log, created = ReminderLog.objects.get_or_create(member=member, kind=kind, key=key)
    return created


def renewal_send_reminders(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for days in RENEWAL_REMINDER_DAYS:
        limit = today + datetime.timedelta(days=days)
        due_soon = Member.objects.filter(
            status=Member.Status.ACTIVE, renewal_due_on__gte=today, renewal_due_on__lte=limit
        )
        for member in due_soon.order_by("pk")[:500]:
            with transaction.atomic():
                if _reminder_once(member=member, kind="renewal", key=f"{member.renewal_due_on}-{days}"):
                    enqueue(tasks.send_renewal_reminder, member.pk)
                    sent += 1
    return sent


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


# --- Contacts and consent --------------------------------------------------------------


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ContactEmailInvalid from None
    return email


def _record_consent_event(
    *,
    contact: Contact,
    kind: str,
    source: str,
    ip_address: str | None,
    actor: User | None,
    at: datetime.datetime,
    purpose: str = ConsentPurpose.NEWS,
    legal_basis: str = "",
) -> None:
    ConsentEvent.objects.create(
        contact=contact,
        kind=kind,
        source=source,
        ip_address=ip_address,
        actor=actor,
        occurred_at=at,
        purpose=purpose,
        legal_basis=legal_basis,
    )
    log_action(actor, f"network.contact.consent_{kind}", contact, source=source)


def contact_record_after_commit(**kwargs) -> None:
    """``contact_record`` once the caller's transaction has committed (bookings, orders).

    Recording the contact is not part of the sale: done after commit it takes no lock while
    seats or stock rows are held (no lock-order coupling between apps), and a failure is
    logged without undoing the booking or the order.
    """

    def _record() -> None:
        try:
            contact_record(**kwargs)
        except Exception:  # noqa: BLE001 - logged; the booking or order stands
            logger.exception("Could not record the contact from %s", kwargs.get("source"))

    transaction.on_commit(_record)


def contact_record(
    *,
    email: str,
    name: str = "",
    phone: str = "",
    language: str = "",
    source: str,
    consent: bool | None = None,
    kind: str | None = None,
    ip_address: str | None = None,
    actor: User | None = None,
    legal_basis: str = LegalBasis.CONSENT,
) -> Contact:
    """Create or update the contact for ``email`` (idempotent upsert) and note ``source``.

    ``consent=True`` records a given consent; ``False`` or ``None`` never withdraw one (only
    ``contact_withdraw_consent`` does). Empty details (name, phone, language — French when
    never given) keep the known ones, so an order without a language does not undo a choice.
    Raises ``ContactEmailInvalid``, ``ContactKindInvalid``.
    Safe inside the caller's transaction (booking, order): it only takes a savepoint.
    """
    email = _normalise_email(email)
    if kind is not None and kind not in Contact.Kind.values:
        raise ContactKindInvalid
    source = source.strip()[:40]
    now = timezone.now()
    with transaction.atomic():
        contact = Contact.objects.select_for_update().filter(email=email).first()
        if contact is None:
            try:
                # Savepoint: two first bookings with the same address at once → one row, the
                # loser of the race reads and updates it.
                with transaction.atomic():
                    contact = Contact.objects.create(
                        email=email,
                        name=name.strip()[:160],
                        phone=phone.strip()[:30],
                        language=language or "fr",
                        kind=kind or Contact.Kind.VISITOR,
                        first_seen_at=now,
                        last_seen_at=now,
                        sources=[source],
                    )
            except IntegrityError:
                contact = Contact.objects.select_for_update().get(email=email)
        changed: set[str] = set()
        # The latest non-empty details win: people correct their name or phone when they book.
        for field, value in (
            ("name", name.strip()[:160]),
            ("phone", phone.strip()[:30]),
            ("language", language or ""),
        ):
            if value and getattr(contact, field) != value:
                setattr(contact, field, value)
                changed.add(field)
        if kind and contact.kind != kind:
            contact.kind = kind
            changed.add("kind")
        if source not in contact.sources:
            contact.sources = [*contact.sources, source]
            changed.add("sources")
        if contact.last_seen_at < now:
            contact.last_seen_at = now
            changed.add("last_seen_at")
        if consent is True and not contact.marketing_consent:
            contact.marketing_consent = True
            contact.consent_given_at = now
            contact.consent_source = source
            contact.consent_withdrawn_at = None
            contact.news_legal_basis = legal_basis
            changed.update(
                {
                    "marketing_consent",
                    "consent_given_at",
                    "consent_source",
                    "consent_withdrawn_at",
                    "news_legal_basis",
                }
            )
            _record_consent_event(
                contact=contact,
                kind=ConsentEvent.Kind.GIVEN,
                source=source,
                ip_address=ip_address,
                actor=actor,
                at=now,
                legal_basis=legal_basis,
            )
        if changed:
            contact.save(update_fields=sorted(changed))
    return contact


def contact_withdraw_consent(
    *,
    source: str,
    token: str | None = None,
    contact: Contact | None = None,
    ip_address: str | None = None,
    actor: User | None = None,
    purpose: str = ConsentPurpose.NEWS,
) -> Contact:
    """Withdraw consent for ``purpose`` (unsubscribe link, staff, admin, complaint). Idempotent.

    A contact who never consented is recorded as opposed too, so the office can show it.
    Raises ``Contact.DoesNotExist`` for an unknown token.
    """
    if (token is None) == (contact is None):
        raise ValueError("give exactly one of token or contact")
    with transaction.atomic():
        queryset = Contact.objects.select_for_update()
        by: dict[str, object] = {"pk": contact.pk} if contact is not None else {"unsubscribe_token": token}
        locked = queryset.get(**by)
        if purpose == ConsentPurpose.SURVEYS:
            if locked.surveys_opt_out_at is None:
                locked.surveys_opt_out_at = timezone.now()
                locked.save(update_fields=["surveys_opt_out_at"])
                _record_consent_event(
                    contact=locked,
                    kind=ConsentEvent.Kind.WITHDRAWN,
                    source=source.strip()[:40],
                    ip_address=ip_address,
                    actor=actor,
                    at=locked.surveys_opt_out_at,
                    purpose=ConsentPurpose.SURVEYS,
                    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
                )
            return locked
        if not locked.marketing_consent and locked.consent_withdrawn_at is not None:
            return locked
        now = timezone.now()
        locked.marketing_consent = False
        locked.consent_withdrawn_at = now
        locked.save(update_fields=["marketing_consent", "consent_withdrawn_at"])
        _record_consent_event(
            contact=locked,
            kind=ConsentEvent.Kind.WITHDRAWN,
            source=source.strip()[:40],
            ip_address=ip_address,
            actor=actor,
            at=now,
        )
    return locked
