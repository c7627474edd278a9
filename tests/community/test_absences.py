"""Greeters note days away: walks on those days are not offered to them, nor can they take them."""

import datetime
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community import exceptions as errors
from community import selectors, services
from community.models import GreeterAbsence
from tests.factories.community import EclaireurFactory

pytestmark = pytest.mark.django_db


def _walk(antenna, day, alternative=None):
    return services.walk_request_create(
        name="Emma O'Brien & <co>",
        email="emma@example.org",
        phone="",
        antenna=antenna,
        date=day,
        alternative_date=alternative,
        walk_language="en",
        group_size=2,
        interests="",
        accessibility="",
        language="en",
    )


def test_an_absent_greeter_is_not_asked_and_only_free_dates_are_offered(
    antenna, greeter, other_greeter, django_capture_on_commit_callbacks
):
    day = timezone.localdate() + datetime.timedelta(days=10)
    services.greeter_absence_add(greeter=greeter, start=day - datetime.timedelta(days=1), end=day)
    with django_capture_on_commit_callbacks(execute=True):
        walk = _walk(antenna, day)
    assert sorted(m.to[0] for m in mail.outbox) == ["emma@example.org", "lucas@example.org"]
    # With another date the greeter is free on, they are asked, for that date only.
    walk2 = _walk(antenna, day, alternative=day + datetime.timedelta(days=1))
    assert selectors.walk_is_match(walk=walk2, greeter=greeter)
    open_walks = selectors.walk_list_open_for_greeter(greeter=greeter)
    assert [w.pk for w in open_walks] == [walk2.pk]
    assert open_walks[0].free_dates == [day + datetime.timedelta(days=1)]
    assert not selectors.walk_is_match(walk=walk, greeter=greeter)
    with pytest.raises(errors.CommunityError) as exc:
        services.walk_accept(walk_id=walk2.pk, greeter=greeter, date=day)
    assert exc.value.message == errors.GREETER_AWAY
    services.walk_accept(walk_id=walk2.pk, greeter=greeter, date=day + datetime.timedelta(days=1))


def test_greeter_adds_then_removes_an_absence_from_their_space(client, greeter):
    start = timezone.localdate() + datetime.timedelta(days=3)
    url = reverse("community:absence_add", args=[greeter.token])
    response = client.post(
        url, {"start": start.isoformat(), "end": (start + datetime.timedelta(days=6)).isoformat()}
    )
    assert response.status_code == 302
    absence = GreeterAbsence.objects.get(greeter=greeter)
    page = client.get(reverse("community:space", args=[greeter.token])).content.decode()
    assert "Mes absences" in page and "Retirer" in page
    response = client.post(reverse("community:absence_remove", args=[greeter.token]), {"absence": absence.pk})
    assert response.status_code == 302 and not GreeterAbsence.objects.exists()


def test_bad_absence_names_the_field_keeps_the_input_and_writes_nothing(client, greeter):
    start = timezone.localdate() + datetime.timedelta(days=3)
    url = reverse("community:absence_add", args=[greeter.token])
    response = client.post(
        url, {"start": start.isoformat(), "end": (start - datetime.timedelta(days=1)).isoformat()}
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "La fin de l'absence doit être le même jour que le début ou après." in page
    assert f'value="{start.isoformat()}"' in page
    response = client.post(url, {"start": "2020-01-01", "end": "2020-01-02"})
    assert "L'absence doit finir aujourd'hui ou plus tard." in html.unescape(response.content.decode())
    response = client.post(url, {"start": "", "end": "demain"})
    assert "Indiquez le premier jour d'absence." in html.unescape(response.content.decode())
    assert not GreeterAbsence.objects.exists()


def test_another_greeter_cannot_remove_my_absence_and_a_wrong_token_is_not_found(
    client, greeter, other_greeter
):
    day = timezone.localdate() + datetime.timedelta(days=3)
    absence = services.greeter_absence_add(greeter=greeter, start=day, end=day)
    response = client.post(
        reverse("community:absence_remove", args=[other_greeter.token]), {"absence": absence.pk}
    )
    assert response.status_code == 404
    assert client.post(reverse("community:absence_add", args=["x" * 32]), {}).status_code == 404
    pending = EclaireurFactory(email="attente@example.org", status="pending", commune=greeter.commune)
    assert (
        client.post(
            reverse("community:absence_remove", args=[pending.token]), {"absence": absence.pk}
        ).status_code
        == 404
    )
    assert GreeterAbsence.objects.filter(pk=absence.pk).exists()
