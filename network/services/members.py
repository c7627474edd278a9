"""Members: status, profile, place, photos, colleagues, yearly renewal and its reminders."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from common.audit import log_action
from common.images import renditions_schedule
from common.tasks import enqueue

from .. import selectors, tasks
from ..exceptions import (
    AntennaChangeNotAllowed,
    EmailAlreadyUsed,
    MemberNotRenewable,
    RenewalNotOpen,
    TooManyPhotos,
)
from ..models import (
    Commune,
    Member,
    MemberPhoto,
    MembershipApplication,
    User,
)
from .applications import _invite_user
from .charter import _sign
from .common import (
    MAX_MEMBER_PHOTOS,
    RENEWAL_REMINDER_DAYS,
    RENEWAL_WINDOW_DAYS,
    _check_scope,
    _lock_capacity_and_check,
    _one_year_after,
    _reminder_once,
)

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
