"""E-mails of the community app: ids in, each e-mail sent at most once (a ``Notification`` row
with a unique key is written first, removed again if sending fails), bounded retries."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from common.emails import send_once, send_templated_email

from .models import Eclaireur, WalkRequest

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5}
BATCH = 200


def _send_once(key: str, send: Callable[[], None]) -> bool:
    return send_once(key, send)


def _mail(template: str, to: str, language: str, **context) -> Callable[[], None]:
    return lambda: send_templated_email(
        template=f"community/{template}",
        to=[to],
        context={"OFFICE_NAME": settings.OFFICE_NAME, **context},
        language=language,
    )


def _url(name: str, **kwargs) -> str:
    return f"{settings.SITE_URL}{reverse(name, kwargs=kwargs)}"


def _space_url(eclaireur: Eclaireur) -> str:
    return _url("community:space", token=eclaireur.token)


@shared_task(**RETRY)
def send_eclaireur_received(eclaireur_id: int) -> bool:
    e = Eclaireur.objects.get(pk=eclaireur_id)
    return _send_once(
        f"eclaireur-received-{e.pk}", _mail("eclaireur_received", e.email, e.language, eclaireur=e)
    )


@shared_task(**RETRY)
def send_eclaireur_welcome(eclaireur_id: int) -> bool:
    e = Eclaireur.objects.get(pk=eclaireur_id)
    return _send_once(
        f"eclaireur-welcome-{e.pk}",
        _mail("eclaireur_welcome", e.email, e.language, eclaireur=e, space_url=_space_url(e)),
    )


def _walk(walk_id: int) -> WalkRequest:
    return WalkRequest.objects.select_related("greeter__commune", "antenna").get(pk=walk_id)


@shared_task(**RETRY)
def send_walk_received(walk_id: int) -> bool:
    walk = _walk(walk_id)
    return _send_once(
        f"walk-received-{walk.pk}",
        _mail(
            "walk_received",
            walk.email,
            walk.language,
            walk=walk,
            status_url=_url("community:walk_status", token=walk.token),
        ),
    )


@shared_task(**RETRY)
def send_walk_to_greeter(walk_id: int, greeter_id: int) -> bool:
    """« Une balade pour vous ? »: the request without the visitor's contact details."""
    walk, greeter = _walk(walk_id), Eclaireur.objects.get(pk=greeter_id)
    if not walk.is_open:
        return False
    return _send_once(
        f"walk-offer-{walk.pk}-{greeter.pk}",
        _mail(
            "walk_offer",
            greeter.email,
            greeter.language,
            walk=walk,
            greeter=greeter,
            space_url=_space_url(greeter),
        ),
    )


@shared_task(**RETRY)
def send_walk_confirmations(walk_id: int) -> int:
    """Both sides learn each other's contact details, only now that the walk is accepted."""
    walk = _walk(walk_id)
    if walk.status != WalkRequest.Status.ACCEPTED:
        return 0
    greeter = walk.greeter
    if greeter is None:
        return 0
    sent = 0
    sent += _send_once(
        f"walk-confirmed-visitor-{walk.pk}",
        _mail(
            "walk_confirmed_visitor",
            walk.email,
            walk.language,
            walk=walk,
            greeter=greeter,
            status_url=_url("community:walk_status", token=walk.token),
        ),
    )
    sent += _send_once(
        f"walk-confirmed-greeter-{walk.pk}",
        _mail(
            "walk_confirmed_greeter",
            greeter.email,
            greeter.language,
            walk=walk,
            greeter=greeter,
            space_url=_space_url(greeter),
        ),
    )
    return sent


@shared_task(**RETRY)
def send_due_walk_reminders() -> int:
    """The day before the walk: a reminder to the visitor and to the greeter."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    sent = 0
    for walk in WalkRequest.objects.filter(
        status=WalkRequest.Status.ACCEPTED, walk_date=tomorrow, reminder_sent_at__isnull=True
    ).select_related("greeter__commune", "antenna")[:BATCH]:
        greeter = walk.greeter
        if greeter is None:
            continue
        sent += _send_once(
            f"walk-reminder-visitor-{walk.pk}",
            _mail("walk_reminder", walk.email, walk.language, walk=walk, greeter=greeter, role="visitor"),
        )
        sent += _send_once(
            f"walk-reminder-greeter-{walk.pk}",
            _mail(
                "walk_reminder",
                greeter.email,
                greeter.language,
                walk=walk,
                greeter=greeter,
                role="greeter",
            ),
        )
        WalkRequest.objects.filter(pk=walk.pk).update(reminder_sent_at=timezone.now())
    return sent


@shared_task(**RETRY)
def send_due_walk_thanks() -> int:
    """After the walk: thanks to both, and the satisfaction question to the visitor."""
    today = timezone.localdate()
    sent = 0
    for walk in WalkRequest.objects.filter(
        status=WalkRequest.Status.ACCEPTED,
        walk_date__lt=today,
        walk_date__gte=today - datetime.timedelta(days=14),
        thanks_sent_at__isnull=True,
    ).select_related("greeter__commune", "antenna")[:BATCH]:
        greeter = walk.greeter
        if greeter is None:
            continue
        feedback_url = _url("community:walk_feedback", token=walk.token)
        sent += _send_once(
            f"walk-thanks-visitor-{walk.pk}",
            _mail(
                "walk_thanks",
                walk.email,
                walk.language,
                walk=walk,
                greeter=greeter,
                role="visitor",
                feedback_url=feedback_url,
            ),
        )
        sent += _send_once(
            f"walk-thanks-greeter-{walk.pk}",
            _mail(
                "walk_thanks",
                greeter.email,
                greeter.language,
                walk=walk,
                greeter=greeter,
                role="greeter",
            ),
        )
        WalkRequest.objects.filter(pk=walk.pk).update(thanks_sent_at=timezone.now())
    return sent
