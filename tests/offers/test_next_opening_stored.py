"""The stored next opening date (Offer.next_opening_date, issue 18): kept by PostgreSQL, always
equal to the one rule of offers/opening.py, whoever changes the periods and whenever time moves."""

import datetime as dt
import random
import re

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from offers.models import Offer, OpeningPeriod
from offers.opening import NEXT_OPENING_FUNCTION, next_opening_date, open_between, open_between_stored_sql
from offers.services import offer_next_dates_refresh, offer_periods_roll_forward, offer_update
from tests.factories.offers import OfferFactory, OpeningPeriodFactory
from tests.offers.test_opening import _random_offers, at

pytestmark = pytest.mark.django_db


def _stored() -> dict[int, dt.date | None]:
    return dict(Offer.objects.values_list("pk", "next_opening_date"))


def _computed(now=None) -> dict[int, dt.date | None]:
    return {
        o.pk: next_opening_date(o.periods.all(), now=now) for o in Offer.objects.prefetch_related("periods")
    }


def test_the_stored_date_follows_every_change_of_periods_at_once():
    rng = random.Random(18)
    _random_offers(rng, timezone.localdate(), 25)  # created period by period: the trigger runs
    assert _stored() == _computed()
    assert any(_stored().values()) and None in _stored().values()
    # Bulk writes (the importers' way), updates and deletions, without any service.
    periods = list(OpeningPeriod.objects.order_by("pk"))
    OpeningPeriod.objects.filter(pk__in=[p.pk for p in periods[::3]]).delete()
    OpeningPeriod.objects.filter(pk__in=[p.pk for p in periods[1::3]]).update(
        starts_on=F("starts_on") + dt.timedelta(days=40), ends_on=F("ends_on") + dt.timedelta(days=40)
    )
    offer = OfferFactory(title="Ouvert en masse")
    OpeningPeriod.objects.bulk_create(
        [
            OpeningPeriod(
                offer=offer,
                starts_on=timezone.localdate() + dt.timedelta(days=n),
                ends_on=timezone.localdate() + dt.timedelta(days=n),
            )
            for n in (9, 3, 30)
        ]
    )
    assert _stored() == _computed()
    assert _stored()[offer.pk] == timezone.localdate() + dt.timedelta(days=3)


def test_refresh_moves_the_dates_that_time_made_wrong_and_agrees_at_every_hour():
    rng = random.Random(7)
    now = at(2026, 12, 4, 8, 0)
    _random_offers(rng, now.date(), 30)
    for offer in Offer.objects.all()[:6]:  # markets closing at noon, today
        OpeningPeriodFactory(offer=offer, starts_on=now.date(), ends_on=now.date(), closes_at=dt.time(12, 0))
    offer_next_dates_refresh(now=now, due_only=False)
    assert _stored() == _computed(now)
    for moment in (at(2026, 12, 4, 12, 30), at(2026, 12, 5, 0, 5), at(2026, 12, 9, 23, 59)):
        offer_next_dates_refresh(now=moment)  # only the due ones (today or past)
        assert _stored() == _computed(moment), moment


def test_the_due_refresh_touches_only_offers_dated_today_or_before():
    today = timezone.localdate()
    later = OfferFactory(title="Plus tard")
    OpeningPeriodFactory(
        offer=later, starts_on=today + dt.timedelta(days=20), ends_on=today + dt.timedelta(days=25)
    )
    Offer.objects.filter(pk=later.pk).update(next_opening_date=today + dt.timedelta(days=21))  # pretend drift
    assert offer_next_dates_refresh() == 0
    assert offer_next_dates_refresh(due_only=False) == 1
    assert Offer.objects.get(pk=later.pk).next_opening_date == today + dt.timedelta(days=20)


def test_services_and_the_yearly_roll_forward_keep_it_right():
    today = timezone.localdate()
    offer = OfferFactory(title="Fête d'été & marché <Chartreuse>")
    offer_update(
        offer=offer,
        actor=None,
        data={},
        periods=[{"starts_on": today + dt.timedelta(days=5), "ends_on": today + dt.timedelta(days=6)}],
        by_member=False,
    )
    assert Offer.objects.get(pk=offer.pk).next_opening_date == today + dt.timedelta(days=5)
    yearly = OfferFactory(title="Tous les ans")
    OpeningPeriodFactory(
        offer=yearly,
        starts_on=today - dt.timedelta(days=400),
        ends_on=today - dt.timedelta(days=390),
        every_year=True,
    )
    assert Offer.objects.get(pk=yearly.pk).next_opening_date is None
    offer_periods_roll_forward(today=today)
    assert _stored() == _computed()
    assert Offer.objects.get(pk=yearly.pk).next_opening_date is not None


def test_the_database_function_is_the_rule_of_offers_opening():
    """The migration created the SQL function from offers/opening.py's text: changing the rule
    without a migration that runs NEXT_OPENING_FUNCTION again fails here."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'offers_next_opening'")
        (installed,) = cursor.fetchone()
    body = NEXT_OPENING_FUNCTION.split("$fn$")[1]
    assert re.sub(r"\s+", " ", installed).strip() == re.sub(r"\s+", " ", body).strip()


def test_the_date_sort_reads_the_stored_column(visitor, django_assert_max_num_queries):
    today = timezone.localdate()
    for title, days in (("Bientôt", 2), ("Plus tard", 30), ("Demain", 1)):
        offer = OfferFactory(title=title)
        OpeningPeriodFactory(
            offer=offer, starts_on=today + dt.timedelta(days=days), ends_on=today + dt.timedelta(days=days)
        )
    OfferFactory(title="Sans date")
    response = visitor.get("/offres/", {"sort": "date"})
    assert [o.title for o in response.context["offers"]] == ["Demain", "Bientôt", "Plus tard", "Sans date"]
    assert response.context["offers"][0].next_date == today + dt.timedelta(days=1)


def test_the_search_date_filter_from_the_stored_date_gives_the_full_rule_answers():
    """The public date filter decides from the stored date where it can: same answers as the
    full rule (offers/opening.py) over many ranges, past ones and beyond a year included."""
    rng = random.Random(5)
    today = timezone.localdate()
    _random_offers(rng, today, 30)
    OfferFactory(title="Toujours ouvert")  # no period: permanent
    now = timezone.now()
    periods = {o.pk: list(o.periods.all()) for o in Offer.objects.prefetch_related("periods")}
    for _ in range(80):
        start = today + dt.timedelta(days=rng.randint(-20, 400))
        end = start + dt.timedelta(days=rng.choice([0, 1, 2, 6, 30]))
        fast = set(Offer.objects.filter(open_between_stored_sql(start, end)).values_list("pk", flat=True))
        assert fast == {pk for pk, ps in periods.items() if open_between(ps, start, end, now=now)}, (
            start,
            end,
        )


def test_imports_store_the_next_date_with_the_row_and_it_equals_the_rule():
    """Apidae (yearly periods rolled forward) and DATAtourisme imports give each new offer its
    next opening date in the insert itself; it is what the rule computes from the stored periods,
    and a second run changes nothing."""
    from pathlib import Path

    from offers.importers import run_import

    data = Path(__file__).parent / "data"
    shared = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "apidae"
    for target in (
        data / "apidae" / "structure_and_offers.json",
        data / "datatourisme_mixed",
        shared / "export_hotentic.zip",
    ):
        run_import(target=str(target))
    assert Offer.objects.count() >= 5
    assert _stored() == _computed()
    assert any(_stored().values())
    before = _stored()
    run_import(target=str(shared / "export_hotentic.zip"))
    assert _stored() == before


def test_an_update_import_gives_the_new_periods_next_date_and_other_writers_still_trigger(tmp_path):
    """The importer writes each offer's next date with its row and the periods' trigger skips its
    batches (migration 0013): an object whose periods changed at the source gets the date of its
    new periods, and once the import is done, any other write of periods is recomputed again."""
    import json
    from pathlib import Path

    from offers.importers import run_import

    source = Path(__file__).parent / "data" / "apidae" / "structure_and_offers.json"
    objects = json.loads(source.read_text())
    first = tmp_path / "first.json"
    first.write_text(json.dumps(objects))
    run_import(target=str(first))
    offer = Offer.objects.get(external_id="900002")
    assert _stored() == _computed()

    today = timezone.localdate()
    activity = next(o for o in objects if o["id"] == 900002)
    activity["gestion"] = {"dateModification": "2026-11-30T10:00:00.000+0000"}
    activity["ouverture"]["periodesOuvertures"] = [
        {
            "dateDebut": (today + dt.timedelta(days=40)).isoformat(),
            "dateFin": (today + dt.timedelta(days=50)).isoformat(),
            "type": "OUVERTURE_TOUS_LES_JOURS",
            "horaireOuverture": "10:00:00",
            "horaireFermeture": "18:00:00",
        }
    ]
    second = tmp_path / "second.json"
    second.write_text(json.dumps(objects))
    run_import(target=str(second))
    offer.refresh_from_db()
    assert offer.next_opening_date == today + dt.timedelta(days=40)
    assert offer.periods.count() == 1  # the old periods replaced, not added to
    assert _stored() == _computed()

    # Not left on after the import: a period written by anyone else moves the date at once.
    OpeningPeriodFactory(
        offer=offer, starts_on=today + dt.timedelta(days=3), ends_on=today + dt.timedelta(days=4)
    )
    offer.refresh_from_db()
    assert offer.next_opening_date == today + dt.timedelta(days=3)
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(current_setting('offers.next_dates_given', true), '')")
        assert cursor.fetchone()[0] in ("", "off")
