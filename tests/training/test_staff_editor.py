"""Office staff create trainings and their sessions from staff pages (not the admin)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.training import TrainingFactory
from tests.factories.workshops import SessionFactory
from training.models import Training
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db

CREATE = reverse("training_staff:training_create")


def _payload(member, **over):
    data = {
        "title": "Accueillir en anglais & <vite>",
        "summary": "Les phrases utiles",
        "description": "Au comptoir, au téléphone.",
        "objectives": "Oser parler anglais",
        "audience": Training.Audience.PROFESSIONALS,
        "trainer": "Mary O'Neil",
        "hours": "3,5",
        "price": "",
        "host": member.pk,
        "place_name": "Maison de l'artisanat",
        "is_active": "on",
    }
    data.update(over)
    return data


def test_staff_create_a_training_then_add_a_session_and_members_see_it(staff_client, member, member_client):
    response = staff_client.post(CREATE, _payload(member))
    training = Training.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training_staff:training_edit", args=[training.workshop.slug])
    workshop = training.workshop
    assert workshop.is_published is False and workshop.member == member
    assert training.hours == 3.5 and workshop.duration_minutes == 210 and workshop.price == 0
    day = timezone.localdate() + datetime.timedelta(days=10)
    edit = reverse("training_staff:training_edit", args=[workshop.slug])
    response = staff_client.post(
        edit, {"action": "session", "date": day.isoformat(), "time": "09:30", "capacity": "10"}
    )
    assert response.status_code == 302
    session = Session.objects.get(workshop=workshop)
    assert timezone.localtime(session.start).time() == datetime.time(9, 30) and session.capacity == 10
    page = member_client.get(reverse("training_portal:training_list")).content.decode()
    assert "Accueillir en anglais &amp; &lt;vite&gt;" in page and "M'inscrire" in page
    # Never in the visitors' workshops catalogue.
    assert "Accueillir en anglais" not in staff_client.get(reverse("workshops:catalogue")).content.decode()


def test_bad_input_names_the_field_keeps_what_was_typed_and_creates_nothing(staff_client, member):
    response = staff_client.post(CREATE, _payload(member, title="", hours="trois", trainer="Mary O'Neil"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez le titre de la formation." in page
    assert "La durée certifiée doit être un nombre d" in page
    assert 'value="Mary O&#x27;Neil"' in page
    assert not Training.objects.exists() and not Workshop.objects.exists()


def test_a_session_in_the_past_is_refused_with_a_message(staff_client, member):
    training = TrainingFactory(workshop__member=member)
    edit = reverse("training_staff:training_edit", args=[training.workshop.slug])
    day = timezone.localdate() - datetime.timedelta(days=3)
    response = staff_client.post(
        edit, {"action": "session", "date": day.isoformat(), "time": "09:30", "capacity": "8"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "La séance n'a pas été ajoutée" in page and "Cette séance a déjà commencé ou est passée." in page
    assert not Session.objects.filter(workshop=training.workshop).exists()


def test_staff_edit_the_description(staff_client, member):
    training = TrainingFactory(workshop__member=member)
    edit = reverse("training_staff:training_edit", args=[training.workshop.slug])
    data = _payload(member, title="Photographier ses produits (niveau 2)", hours="7")
    data.pop("host")
    data.pop("is_active")
    assert staff_client.post(edit, data).status_code == 302
    training.refresh_from_db()
    training.workshop.refresh_from_db()
    assert training.workshop.title == "Photographier ses produits (niveau 2)"
    assert training.hours == 7 and training.is_active is False


def test_who_may_create_and_edit(client, member_client, coordinator_client, member):
    training = TrainingFactory(workshop__member=member)
    edit = reverse("training_staff:training_edit", args=[training.workshop.slug])
    for url in (CREATE, edit):
        assert client.get(url).status_code == 302  # anonymous → login
        assert member_client.get(url).status_code == 403
        assert coordinator_client.get(url).status_code == 403  # office staff only
        assert member_client.post(url, _payload(member)).status_code == 403
    assert Training.objects.count() == 1


def test_training_lists_keep_a_fixed_number_of_queries(staff_client, member_client, member):
    def count(client, url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    urls = [
        (staff_client, reverse("training_staff:training_list")),
        (member_client, reverse("training_portal:training_list")),
        (member_client, reverse("training:training_list")),
    ]
    training = TrainingFactory(workshop__member=member)
    SessionFactory(workshop=training.workshop)
    [count(c, u) for c, u in urls]  # first visits: one-time writes (the signed-in session's row)
    before = [count(c, u) for c, u in urls]
    for n in range(4):
        t = TrainingFactory(workshop__member=member, workshop__slug=f"formation-{n}")
        SessionFactory(workshop=t.workshop)
    assert [count(c, u) for c, u in urls] == before
