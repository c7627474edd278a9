"""Community pages: public forms (bad input keeps what was typed, changes nothing), private
links, the greeter's accept button, staff follow-up; access for anonymous, members, staff."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community.models import Eclaireur, Recommendation, WalkRequest
from tests.factories.community import EclaireurFactory, RecommendationFactory, WalkRequestFactory

pytestmark = pytest.mark.django_db


def _walk_data(where, **kw):
    return {
        "name": "Emma Schneider",
        "email": "emma@example.org",
        "phone": "",
        "antenna": where.pk,
        "date": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "walk_language": "en",
        "group_size": "2",
        "interests": "cheese",
        "accessibility": "",
        **kw,
    }


def test_visitor_requests_a_walk_and_a_greeter_accepts_it(
    visitor, antenna, greeter, django_capture_on_commit_callbacks
):
    assert "Rencontrer un habitant" in visitor.get(reverse("community:meet")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(reverse("community:walk_request"), _walk_data(antenna))
    walk = WalkRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "community:walk_status", args=[walk.token]
    )
    status = visitor.get(response["Location"]).content.decode()
    assert "marie@example.org" not in status
    space = visitor.get(reverse("community:space", args=[greeter.token])).content.decode()
    assert "cheese" in space and "emma@example.org" not in space
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(
            reverse("community:walk_accept", args=[greeter.token, walk.public_id]),
            {"date": walk.date.isoformat()},
        )
    walk.refresh_from_db()
    assert walk.status == "accepted" and walk.greeter == greeter
    assert (
        "marie@example.org"
        in visitor.get(reverse("community:walk_status", args=[walk.token])).content.decode()
    )
    assert (
        "emma@example.org" in visitor.get(reverse("community:space", args=[greeter.token])).content.decode()
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "pas-une-adresse"}, "email", "L&#x27;adresse e-mail n&#x27;est pas valide."),
        ({"group_size": "12"}, "group_size", "Une balade accueille 6 personnes au plus."),
        ({"date": "2020-01-01"}, "date", "La date souhaitée doit être dans le futur."),
        ({"date": "pas une date"}, "date", "La date n&#x27;est pas valide"),
        ({"antenna": "999999"}, "antenna", ""),
        ({"name": ""}, "name", "Indiquez votre nom."),
    ],
)
def test_bad_walk_request_is_refused_keeps_input_and_changes_nothing(
    visitor, antenna, overrides, field, message
):
    data = _walk_data(antenna, **overrides)
    response = visitor.post(reverse("community:walk_request"), data)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert message in response.content.decode()
    assert 'value="cheese"' in response.content.decode()
    assert WalkRequest.objects.count() == 0 and mail.outbox == []


def test_second_greeter_hears_the_walk_is_taken(visitor, antenna, greeter, other_greeter):
    walk = WalkRequestFactory(antenna=antenna)
    for g in (greeter, other_greeter):
        visitor.post(
            reverse("community:walk_accept", args=[g.token, walk.public_id]), {"date": walk.date.isoformat()}
        )
    response = visitor.get(reverse("community:space", args=[other_greeter.token]))
    assert "Un autre greeter a déjà accepté cette balade." in response.content.decode()
    walk.refresh_from_db()
    assert walk.greeter == greeter


def test_accept_with_a_wrong_greeter_token_is_not_found(visitor, antenna, greeter):
    walk = WalkRequestFactory(antenna=antenna)
    url = reverse("community:walk_accept", args=["x" * 32, walk.public_id])
    assert visitor.post(url, {"date": walk.date.isoformat()}).status_code == 404
    assert visitor.get(url).status_code == 405
    assert WalkRequest.objects.get().status == "open"


def test_join_as_eclaireur_needs_the_charter(visitor, commune, antenna, charter):
    url = reverse("community:apply")
    page = visitor.get(url).content.decode()
    assert "Je partage sans contrepartie commerciale." in page
    data = {
        "first_name": "Inès",
        "last_name": "Morel",
        "email": "ines@example.org",
        "commune": commune.pk,
        "languages": ["fr"],
        "charter_number": charter.number,
        "is_greeter": "on",
    }
    response = visitor.post(url, data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "accept_charter" in errors and "antennas" in errors and "available_days" in errors
    assert 'value="Inès"' in response.content.decode()
    assert Eclaireur.objects.count() == 0
    response = visitor.post(
        url, {**data, "accept_charter": "on", "antennas": [antenna.pk], "available_days": ["5"]}
    )
    assert response.status_code == 302
    e = Eclaireur.objects.get()
    assert e.status == "pending" and e.available_days == [5]


def test_eclaireur_posts_advice_with_bad_then_good_input(visitor, greeter, member):
    url = reverse("community:space", args=[greeter.token])
    response = visitor.post(url, {"text": "Très beau", "place_name": "Belvédère", "member": member.pk})
    assert response.status_code == 400
    assert "Choisissez un seul sujet" in response.content.decode()
    assert Recommendation.objects.count() == 0
    response = visitor.post(url, {"text": "Très beau", "place_name": "Belvédère"})
    assert response.status_code == 302
    assert Recommendation.objects.get().status == "pending"


def test_walk_feedback_after_the_walk_only(visitor, antenna, greeter):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    walk = WalkRequestFactory(
        antenna=antenna, status="accepted", greeter=greeter, date=yesterday, walk_date=yesterday
    )
    url = reverse("community:walk_feedback", args=[walk.token])
    response = visitor.post(url, {"score": "9"})
    assert (
        response.status_code == 400
        and "Choisissez une note de 1 à 5." in response.content.decode()
        or (response.context["form"].errors.get("score"))
    )
    visitor.post(url, {"score": "5", "comment": "Merci Marie"})
    walk.refresh_from_db()
    assert walk.satisfaction == 5
    response = visitor.post(url, {"score": "1"})
    assert response.status_code == 400
    walk.refresh_from_db()
    assert walk.satisfaction == 5


def test_staff_page_shows_unanswered_walks_and_assigns_one(staff_client, antenna, greeter, commune):
    walk = WalkRequestFactory(antenna=antenna, walk_language="de")
    pending = EclaireurFactory(status="pending", email="p@example.org", commune=commune)
    rec = RecommendationFactory(eclaireur=greeter)
    page = staff_client.get(reverse("community_staff:home")).content.decode()
    assert "Emma Schneider" in page and pending.email in page and rec.text in page
    url = reverse("community_staff:walk_assign", args=[walk.public_id])
    bad = staff_client.post(url, {f"w{walk.pk}-greeter": "", f"w{walk.pk}-date": walk.date.isoformat()})
    assert bad.status_code == 400 and "Choisissez un greeter." in bad.content.decode()
    staff_client.post(url, {f"w{walk.pk}-greeter": greeter.pk, f"w{walk.pk}-date": walk.date.isoformat()})
    walk.refresh_from_db()
    assert walk.status == "accepted"
    staff_client.post(reverse("community_staff:eclaireur_approve", args=[pending.public_id]))
    pending.refresh_from_db()
    assert pending.status == "active"
    staff_client.post(
        reverse("community_staff:recommendation_moderate", args=[rec.public_id]), {"decision": "x"}
    )
    rec.refresh_from_db()
    assert rec.status == "pending"
    staff_client.post(
        reverse("community_staff:recommendation_moderate", args=[rec.public_id]), {"decision": "approve"}
    )
    rec.refresh_from_db()
    assert rec.status == "approved"


def test_members_and_anonymous_cannot_moderate(visitor, member_client, greeter):
    rec = RecommendationFactory(eclaireur=greeter)
    url = reverse("community_staff:recommendation_moderate", args=[rec.public_id])
    assert visitor.post(url, {"decision": "approve"}).status_code == 302
    assert member_client.post(url, {"decision": "approve"}).status_code == 403
    rec.refresh_from_db()
    assert rec.status == "pending"


def test_meet_page_in_english(visitor):
    visitor.cookies["django_language"] = "en"
    assert b"Meet a local" in visitor.get(reverse("community:meet")).content


def test_active_eclaireurs_see_invitations_and_advantages(visitor, greeter, commune):
    from community.models import Perk

    Perk.objects.create(
        kind="advantage", title="10 % à la boutique", code="ECLAIREUR10", valid_until=timezone.localdate()
    )
    Perk.objects.create(
        kind="invitation",
        title="Ancien vernissage",
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    page = visitor.get(reverse("community:space", args=[greeter.token])).content.decode()
    assert "ECLAIREUR10" in page and "Ancien vernissage" not in page
    pending = EclaireurFactory(status="pending", email="p2@example.org", commune=commune)
    assert "ECLAIREUR10" not in visitor.get(reverse("community:space", args=[pending.token])).content.decode()


def test_staff_home_counts_walks_without_greeter(staff_client, antenna):
    WalkRequestFactory(antenna=antenna)
    page = staff_client.get(reverse("pages:staff_home")).content.decode()
    assert "balade(s) sans greeter" in page


def test_a_coordinator_sees_and_assigns_only_walks_of_their_antenna(
    coordinator_client, antenna, other_antenna, greeter, commune
):
    mine = WalkRequestFactory(antenna=antenna, name="Dans mon antenne")
    theirs = WalkRequestFactory(antenna=other_antenna, name="Ailleurs")
    page = coordinator_client.get(reverse("community_staff:home")).content.decode()
    assert "Dans mon antenne" in page and "Ailleurs" not in page
    url = reverse("community_staff:walk_assign", args=[theirs.public_id])
    data = {f"w{theirs.pk}-greeter": greeter.pk, f"w{theirs.pk}-date": theirs.date.isoformat()}
    assert coordinator_client.post(url, data).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "open"
    assert mine.status == "open"


def test_staff_page_query_count_does_not_grow_with_rows(
    staff_client, antenna, greeter, commune, django_assert_max_num_queries
):
    for i in range(6):
        WalkRequestFactory(antenna=antenna, name=f"Visiteur {i}")
        EclaireurFactory(status="pending", email=f"pending{i}@example.org", commune=commune)
        RecommendationFactory(eclaireur=greeter, text=f"Conseil {i}")
    with django_assert_max_num_queries(20):
        response = staff_client.get(reverse("community_staff:home"))
    assert response.status_code == 200 and "Visiteur 5" in response.content.decode()
