"""Issue 11 point 1: a slot is never offered twice (service, view and database)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories.workshops import SessionFactory
from workshops import exceptions as errors
from workshops import services
from workshops.models import Session

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _series(workshop, user, **kw):
    args = {
        "workshop": workshop,
        "first_date": datetime.date(2031, 4, 1),
        "last_date": datetime.date(2031, 4, 30),
        "weekdays": [2],
        "start_time": datetime.time(14, 0),
        "actor": user,
    }
    args.update(kw)
    return services.session_create_recurring(**args)


def test_series_submitted_twice_skips_existing_dates_and_names_them(workshop, member_user):
    first = _series(workshop, member_user, last_date=datetime.date(2031, 4, 10))
    assert len(first.created) == 2  # 2 and 9 April 2031
    second = _series(workshop, member_user)
    assert len(second.created) == 3  # 16, 23, 30 April
    assert second.skipped_labels == [
        "mercredi 2 avril 2031 à 14\u00a0h\u00a000",
        "mercredi 9 avril 2031 à 14\u00a0h\u00a000",
    ]
    assert Session.objects.filter(workshop=workshop).count() == 5


def test_series_whose_dates_all_exist_is_refused_with_the_dates(workshop, member_user):
    _series(workshop, member_user)
    with pytest.raises(errors.WorkshopError) as exc:
        _series(workshop, member_user)
    assert "Toutes ces dates sont déjà programmées" in exc.value.message
    assert "30 avril 2031" in exc.value.message
    assert Session.objects.filter(workshop=workshop).count() == 5


def test_one_off_duplicate_is_refused_with_the_date(workshop, member_user):
    start = datetime.datetime(2031, 5, 1, 10, 0, tzinfo=PARIS)
    services.session_create(workshop=workshop, start=start, actor=member_user)
    with pytest.raises(errors.WorkshopError) as exc:
        services.session_create(workshop=workshop, start=start, actor=member_user)
    assert exc.value.field == "start"
    assert "jeudi 1er mai 2031 à 10\u00a0h\u00a000" in exc.value.message
    assert Session.objects.filter(workshop=workshop).count() == 1


def test_a_cancelled_session_frees_its_slot(workshop, member_user):
    start = datetime.datetime(2031, 5, 1, 10, 0, tzinfo=PARIS)
    old = services.session_create(workshop=workshop, start=start, actor=member_user)
    Session.objects.filter(pk=old.pk).update(status=Session.Status.CANCELLED)
    services.session_create(workshop=workshop, start=start, actor=member_user)
    assert Session.objects.filter(workshop=workshop, start=start).count() == 2


def test_database_refuses_a_second_live_session_at_the_same_start(workshop):
    first = SessionFactory(workshop=workshop)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            workshop=workshop,
            start=first.start,
            end=first.end,
            capacity=6,
            go_no_go_at=first.go_no_go_at,
        )


def test_portal_series_form_warns_about_skipped_dates(member_client, workshop):
    url = reverse("workshops_portal:workshop_sessions", args=[workshop.slug])
    today = timezone.localdate()
    data = {
        "kind": "series",
        "first_date": (today + datetime.timedelta(days=1)).isoformat(),
        "last_date": (today + datetime.timedelta(days=14)).isoformat(),
        "weekdays": ["2"],
        "start_time": "14:00",
        "capacity": "",
    }
    member_client.post(url, {**data, "last_date": (today + datetime.timedelta(days=7)).isoformat()})
    response = member_client.post(url, data, follow=True)
    text = response.content.decode()
    assert "Dates déjà programmées" in text
    starts = list(Session.objects.filter(workshop=workshop).values_list("start", flat=True))
    assert len(starts) == len(set(starts)) == 2


def test_portal_one_off_duplicate_shows_the_error_and_keeps_input(member_client, workshop):
    url = reverse("workshops_portal:workshop_sessions", args=[workshop.slug])
    start = (timezone.localtime() + datetime.timedelta(days=10)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    value = start.strftime("%Y-%m-%dT%H:%M")
    assert member_client.post(url, {"start": value, "capacity": ""}).status_code == 302
    response = member_client.post(url, {"start": value, "capacity": "3"})
    assert response.status_code == 400
    assert "déjà programmée le" in response.content.decode()
    assert Session.objects.filter(workshop=workshop).count() == 1
