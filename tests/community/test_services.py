"""Services of the community app: joining, advice, walks (matching, first accept wins, e-mails)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from community import exceptions as errors
from community import services, tasks
from community.models import Eclaireur, Recommendation, WalkRequest
from tests.factories.community import (
    CharterFactory,
    EclaireurFactory,
    RecommendationFactory,
    WalkRequestFactory,
)

pytestmark = pytest.mark.django_db


def _walk(antenna, **kw):
    data = {
        "name": "Emma Schneider",
        "email": "emma@example.org",
        "phone": "",
        "antenna": antenna,
        "date": timezone.localdate() + datetime.timedelta(days=10),
        "alternative_date": None,
        "walk_language": "en",
        "group_size": 2,
        "interests": "fromages",
        "accessibility": "",
        "language": "en",
        **kw,
    }
    return services.walk_request_create(**data)


def test_walk_request_goes_to_matching_greeters_only(
    antenna, other_antenna, commune, greeter, charter, django_capture_on_commit_callbacks
):
    EclaireurFactory(email="italien@example.org", languages=["it"], commune=commune, antennas=[antenna])
    EclaireurFactory(email="ailleurs@example.org", commune=commune, antennas=[other_antenna])
    EclaireurFactory(email="pasdispo@example.org", commune=commune, antennas=[antenna], available_days=[])
    EclaireurFactory(email="attente@example.org", commune=commune, antennas=[antenna], status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        walk = _walk(antenna)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["emma@example.org", "marie@example.org"]
    offer = next(m for m in mail.outbox if m.to == ["marie@example.org"])
    # The greeter does not get the visitor's contact details before accepting.
    assert "emma@example.org" not in offer.body and walk.status == "open"


def test_first_accept_wins_and_both_get_contact_details(
    antenna, greeter, other_greeter, django_capture_on_commit_callbacks
):
    walk = _walk(antenna, phone="06 99 88 77 66")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.walk_accept(walk_id=walk.pk, greeter=greeter, date=walk.date)
    walk.refresh_from_db()
    assert walk.status == "accepted" and walk.greeter == greeter and walk.walk_date == walk.date
    to_visitor = next(m for m in mail.outbox if m.to == ["emma@example.org"])
    to_greeter = next(m for m in mail.outbox if m.to == ["marie@example.org"])
    assert "marie@example.org" in to_visitor.body and "06 11 22 33 44" in to_visitor.body
    assert "emma@example.org" in to_greeter.body and "06 99 88 77 66" in to_greeter.body
    with pytest.raises(errors.CommunityError) as exc:
        services.walk_accept(walk_id=walk.pk, greeter=other_greeter, date=walk.date)
    assert exc.value.message == errors.WALK_TAKEN
    walk.refresh_from_db()
    assert walk.greeter == greeter


def test_accept_refuses_a_greeter_who_does_not_match_or_a_date_not_offered(
    antenna, commune, greeter, charter
):
    walk = _walk(antenna)
    italian = EclaireurFactory(email="it@example.org", languages=["it"], commune=commune, antennas=[antenna])
    with pytest.raises(errors.CommunityError) as exc:
        services.walk_accept(walk_id=walk.pk, greeter=italian, date=walk.date)
    assert exc.value.message == errors.NOT_A_MATCH
    with pytest.raises(errors.CommunityError) as exc:
        services.walk_accept(walk_id=walk.pk, greeter=greeter, date=walk.date + datetime.timedelta(days=2))
    assert exc.value.message == errors.DATE_NOT_OFFERED
    assert WalkRequest.objects.get().status == "open"


def test_walk_request_refuses_past_dates(antenna):
    with pytest.raises(errors.CommunityError) as exc:
        _walk(antenna, date=timezone.localdate())
    assert exc.value.field == "date"
    with pytest.raises(errors.CommunityError) as exc:
        _walk(antenna, alternative_date=timezone.localdate() + datetime.timedelta(days=5))
    assert exc.value.field == "alternative_date"
    assert WalkRequest.objects.count() == 0


def test_staff_assign_an_unanswered_walk(antenna, greeter, staff_user, django_capture_on_commit_callbacks):
    walk = WalkRequestFactory(antenna=antenna, walk_language="de")  # nobody speaks German
    with django_capture_on_commit_callbacks(execute=True):
        services.walk_assign(walk_id=walk.pk, greeter_id=greeter.pk, date=walk.date, actor=staff_user)
    walk.refresh_from_db()
    assert walk.status == "accepted" and walk.assigned_by == staff_user
    assert len(mail.outbox) == 2


def test_reminder_the_day_before_and_thanks_after_are_sent_once(antenna, greeter):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    WalkRequestFactory(antenna=antenna, status="accepted", greeter=greeter, date=tomorrow, walk_date=tomorrow)
    done = WalkRequestFactory(
        antenna=antenna,
        status="accepted",
        greeter=greeter,
        date=yesterday,
        walk_date=yesterday,
        email="v2@example.org",
    )
    assert tasks.send_due_walk_reminders() == 2
    assert tasks.send_due_walk_reminders() == 0
    assert tasks.send_due_walk_thanks() == 2
    assert tasks.send_due_walk_thanks() == 0
    thanks = next(m for m in mail.outbox if m.to == ["v2@example.org"])
    assert f"/habitants/balade/{done.token}/avis/" in thanks.body
    services.walk_feedback(walk_id=done.pk, score=5, comment="Formidable")
    with pytest.raises(errors.CommunityError):
        services.walk_feedback(walk_id=done.pk, score=4, comment="")


def test_eclaireur_applies_with_the_current_charter_then_staff_validate(
    commune, antenna, charter, staff_user, django_capture_on_commit_callbacks
):
    kwargs = {
        "first_name": "Inès",
        "last_name": "Morel",
        "email": "Ines@Example.org",
        "phone": "",
        "commune": commune,
        "languages": ["fr"],
        "bio": "",
        "is_greeter": True,
        "antennas": [antenna],
        "available_days": [5, 6],
        "interests": "",
        "language": "fr",
    }
    with pytest.raises(errors.CommunityError) as exc:
        services.eclaireur_apply(charter_number=charter.number + 1, **kwargs)
    assert exc.value.message == errors.CHARTER_NOT_CURRENT
    with django_capture_on_commit_callbacks(execute=True):
        e = services.eclaireur_apply(charter_number=charter.number, **kwargs)
    assert e.status == "pending" and e.email == "ines@example.org" and e.charter == charter
    with pytest.raises(errors.CommunityError) as exc:
        services.eclaireur_apply(charter_number=charter.number, **kwargs)
    assert exc.value.field == "email"
    with django_capture_on_commit_callbacks(execute=True):
        services.eclaireur_approve(eclaireur_id=e.pk, actor=staff_user)
    assert e.token in mail.outbox[-1].body
    assert Eclaireur.objects.get().status == "active"


def test_no_charter_no_eclaireur(commune):
    CharterFactory(published_at=None)
    with pytest.raises(errors.CommunityError) as exc:
        services.eclaireur_apply(
            first_name="A",
            last_name="B",
            email="a@example.org",
            phone="",
            commune=commune,
            languages=["fr"],
            bio="",
            is_greeter=False,
            antennas=[],
            available_days=[],
            interests="",
            charter_number=1,
            language="fr",
        )
    assert exc.value.message == errors.NO_CHARTER


def test_moderated_advice_shows_on_the_workshop_page(visitor, member, greeter, staff_user):
    from tests.factories.workshops import WorkshopFactory

    workshop = WorkshopFactory(member=member, slug="tourner-un-bol", title="Tourner un bol")
    rec = services.recommendation_submit(eclaireur=greeter, workshop=workshop, text="On repart avec son bol.")
    assert "On repart avec son bol." not in visitor.get(workshop.get_absolute_url()).content.decode()
    services.recommendation_moderate(recommendation_id=rec.pk, actor=staff_user, approve=True)
    page = visitor.get(workshop.get_absolute_url()).content.decode()
    assert "Le conseil d&#x27;un éclaireur" in page or "Le conseil d'un éclaireur" in page
    assert "On repart avec son bol." in page and "Marie (Saint-Pierre-de-Chartreuse)" in page
    assert "Jacquet" not in page  # first name and village only
    with pytest.raises(errors.CommunityError):
        services.recommendation_moderate(recommendation_id=rec.pk, actor=staff_user, approve=False)


def test_pending_eclaireur_cannot_publish(commune, charter):
    e = EclaireurFactory(status="pending", commune=commune)
    with pytest.raises(errors.CommunityError) as exc:
        services.recommendation_submit(eclaireur=e, place_name="Chez moi", text="Bien")
    assert exc.value.message == errors.NOT_ACTIVE
    assert Recommendation.objects.count() == 0


def test_a_recommendation_has_exactly_one_subject(greeter, member):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationFactory(eclaireur=greeter, member=member)  # member and place_name both set


def test_moderated_advice_on_an_offer_shows_on_the_offer_page(visitor, member, greeter, staff_user):
    from tests.factories.offers import OfferFactory

    offer = OfferFactory(member=member, status="published", title="Visite des caves")
    rec = services.recommendation_submit(eclaireur=greeter, offer=offer, text="Dégustation mémorable.")
    assert rec.subject == "Visite des caves"
    services.recommendation_moderate(recommendation_id=rec.pk, actor=staff_user, approve=True)
    page = visitor.get(offer.get_absolute_url()).content.decode()
    assert "Dégustation mémorable." in page and "Marie (Saint-Pierre-de-Chartreuse)" in page


def test_a_walk_whose_date_has_passed_cannot_be_taken_and_leaves_the_staff_list(antenna, greeter, staff_user):
    from community import selectors

    past = timezone.localdate() - datetime.timedelta(days=2)
    walk = WalkRequestFactory(antenna=antenna, date=past)
    with pytest.raises(errors.CommunityError) as exc:
        services.walk_accept(walk_id=walk.pk, greeter=greeter, date=past)
    assert exc.value.message == errors.WALK_IN_PAST
    assert walk not in selectors.walk_list_unanswered_for_staff()


def test_moderated_advice_shows_at_once_on_a_cached_workshop_page(member, greeter, staff_user):
    from django.core.cache import cache
    from django.test import Client, override_settings

    from tests.factories.workshops import WorkshopFactory

    workshop = WorkshopFactory(member=member, slug="bol-en-cache", title="Bol en cache")
    rec = services.recommendation_submit(eclaireur=greeter, workshop=workshop, text="Conseil tout frais.")
    cache.clear()
    with override_settings(PAGE_CACHE_ENABLED=True):
        first = Client().get(workshop.get_absolute_url())
        assert first["X-Page-Cache"] == "miss" and "Conseil tout frais." not in first.content.decode()
        assert Client().get(workshop.get_absolute_url())["X-Page-Cache"] == "hit"
        services.recommendation_moderate(recommendation_id=rec.pk, actor=staff_user, approve=True)
        again = Client().get(workshop.get_absolute_url())
        assert again["X-Page-Cache"] == "miss" and "Conseil tout frais." in again.content.decode()
    cache.clear()
