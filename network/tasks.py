"""Celery tasks of the network app: they take ids, are safe to run twice, retry on SMTP errors."""

from __future__ import annotations

import functools
import logging
import smtplib

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from celery import shared_task
from django.conf import settings
from django.urls import reverse

from common.emails import send_once, send_templated_email

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (smtplib.SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


def _member_recipients(member) -> list[tuple[str, str]]:
    """(email, language) of the member's active accounts, else the member's contact address."""
    users = [(u.email, u.language) for u in member.users.filter(is_active=True).order_by("pk")]
    if users:
        return users
    return [(member.email, settings.LANGUAGE_CODE)] if member.email else []


def _staff_recipients(antenna) -> list[str]:
    emails = list(settings.STAFF_NOTIFICATION_EMAILS)
    emails += [u.email for u in antenna.coordinators.filter(is_active=True)]
    return sorted(set(emails))


@shared_task(**RETRY)
def send_application_received(application_id: int, notify_staff: bool = True, is_reply: bool = False) -> None:
    from .models import MembershipApplication

    application = (
        MembershipApplication.objects.select_related("antenna", "commune").filter(pk=application_id).first()
    )
    if application is None:
        return
    context = {
        "application": application,
        "status_url": settings.SITE_URL + application.get_status_url(),
        "is_reply": is_reply,
    }
    if not is_reply:
        send_templated_email(
            template="network/application_received",
            to=[application.email],
            context=context,
            language=application.language,
        )
    staff = _staff_recipients(application.antenna) if notify_staff else []
    if staff:
        context["staff_url"] = settings.SITE_URL + reverse(
            "network_staff:application_detail", kwargs={"reference": application.reference}
        )
        send_templated_email(
            template="network/application_staff", to=staff, context=context, language=settings.LANGUAGE_CODE
        )


@shared_task(**RETRY)
def send_application_decision(application_id: int) -> None:
    from .models import MembershipApplication
    from .selectors import waitlist_positions

    application = MembershipApplication.objects.filter(pk=application_id).first()
    if application is None:
        return
    position = None
    if application.status == MembershipApplication.Status.WAITLISTED:
        position = waitlist_positions().get(application.pk)
    send_templated_email(
        template="network/application_decision",
        to=[application.email],
        context={
            "application": application,
            "position": position,
            "status_url": settings.SITE_URL + application.get_status_url(),
        },
        language=application.language,
    )


@shared_task(**RETRY)
def send_invitation(user_id: int) -> None:
    """Invite an account to set its password (allauth's password-reset-from-key link)."""
    from .models import User

    user = User.objects.select_related("member").filter(pk=user_id, is_active=True).first()
    if user is None or user.member is None:
        return
    if user.has_usable_password():
        link = settings.SITE_URL + reverse("account_login")
    else:
        link = settings.SITE_URL + reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
        )
    send_templated_email(
        template="network/invitation",
        to=[user.email],
        context={
            "user": user,
            "member": user.member,
            "link": link,
            "password_set": user.has_usable_password(),
        },
        language=user.language,
    )


@shared_task(**RETRY)
def send_charter_sign_requests(version_id: int) -> None:
    from .models import CharterVersion, Member

    version = CharterVersion.objects.filter(pk=version_id, published_at__isnull=False).first()
    if version is None:
        return
    link = settings.SITE_URL + reverse("network_portal:charter")
    members = Member.objects.filter(status=Member.Status.ACTIVE).exclude(charter_signatures__version=version)
    for member in members.order_by("pk").iterator(chunk_size=200):
        # One e-mail per recipient and version, even when the task is retried; a failed send
        # frees its key, so the retry sends it (it used to be recorded once and lost).
        for email, language in _member_recipients(member):
            send_once(
                f"network-charter-request-v{version.number}-m{member.pk}-{email.lower()}",
                functools.partial(
                    send_templated_email,
                    template="network/charter_request",
                    to=[email],
                    language=language,
                    context={"member": member, "version": version, "link": link},
                ),
            )


@shared_task(**RETRY)
def send_charter_reminder(member_id: int, version_id: int) -> None:
    from .models import CharterVersion, Member

    member = Member.objects.filter(pk=member_id, status=Member.Status.ACTIVE).first()
    version = CharterVersion.objects.filter(pk=version_id).first()
    if member is None or version is None or member.charter_signatures.filter(version=version).exists():
        return
    link = settings.SITE_URL + reverse("network_portal:charter")
    for email, language in _member_recipients(member):
        send_templated_email(
            template="network/charter_reminder",
            to=[email],
            language=language,
            context={"member": member, "version": version, "link": link},
        )


@shared_task(**RETRY)
def send_renewal_reminder(member_id: int) -> None:
    from .models import Member

    member = Member.objects.filter(pk=member_id, status=Member.Status.ACTIVE).first()
    if member is None:
        return
    link = settings.SITE_URL + reverse("network_portal:renewal")
    for email, language in _member_recipients(member):
        send_templated_email(
            template="network/renewal_reminder",
            to=[email],
            language=language,
            context={"member": member, "link": link},
        )


@shared_task
def daily_membership_jobs() -> dict:
    """Periodic: charter reminders and overdue flags, renewal reminders, lapsing."""
    from . import services

    return {
        "charter_reminders": services.charter_send_reminders(),
        "charter_flagged": services.charter_flag_overdue(),
        "renewal_reminders": services.renewal_send_reminders(),
        "lapsed": services.members_lapse_overdue(),
    }
