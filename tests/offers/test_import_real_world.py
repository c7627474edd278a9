"""Importers against data shaped like real flows: our own fixtures (tests/offers/data/).

DATAtourisme: any property may be one value or a list, a reference an IRI string or an object.
Apidae: organisations (STRUCTURE), several phones/e-mails/websites, practical information,
yearly periods (« tous les ans »), objects without a modification date.
"""

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from offers.importers import run_import
from offers.importers.records import roll_every_year
from offers.models import ImportRun, Offer, OpeningPeriod, Provider, Source
from offers.services import offer_periods_roll_forward
from tests.factories.network import CommuneFactory, MemberFactory
from tests.factories.offers import OfferFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
BASE = "https://data.example.org/38/"


def _import(path, **kwargs) -> ImportRun:
    run = run_import(target=str(path), **kwargs)
    assert run.status == ImportRun.Status.FINISHED, run.message
    return run


@pytest.fixture
def mixed_flow():
    return DATA / "datatourisme_mixed"


@pytest.fixture
def apidae_file():
    return DATA / "apidae" / "structure_and_offers.json"


# --------------------------------------------------------------------------- DATAtourisme


def test_flow_mixing_lists_and_objects_imports_every_object_and_reports_the_broken_one(mixed_flow):
    run = _import(mixed_flow)

    assert run.created_count == 3
    assert run.failed_count == 1
    assert run.errors.get(level="error").reason == "identifiant @id manquant"
    assert set(Offer.objects.values_list("title", flat=True)) == {
        'Atelier d\'Élise & fils <poterie> "grès"',
        "Marché du samedi",
        "Concert de Noël",
    }


def test_second_run_of_the_mixed_flow_changes_nothing(mixed_flow):
    _import(mixed_flow)
    before = dict(Offer.objects.values_list("external_id", "updated_at"))

    run = _import(mixed_flow)

    assert (run.created_count, run.updated_count, run.unchanged_count) == (0, 0, 3)
    assert dict(Offer.objects.values_list("external_id", "updated_at")) == before


def test_list_valued_policies_and_prices_give_the_full_range(mixed_flow):
    _import(mixed_flow)
    offer = Offer.objects.get(external_id=BASE + "atelier-elise")

    assert (offer.price_min, offer.price_max) == (Decimal("5.00"), Decimal("15.50"))
    assert "Tarif enfant / Tarif adulte : 5.00 à 15.50 €" in offer.price_note
    concert = Offer.objects.get(external_id=BASE + "concert-noel")
    assert (concert.price_min, concert.price_max) == (Decimal("12.00"), Decimal("18.00"))


def test_every_picture_is_kept_main_first_with_its_credits(mixed_flow):
    _import(mixed_flow)
    offer = Offer.objects.get(external_id=BASE + "atelier-elise")

    images = list(offer.images.order_by("position").values_list("url", "credit", "alt"))
    assert images == [
        ("https://img.example/tour.jpg", "Élise B., Office de tourisme", "Le tour"),
        ("https://img.example/four.jpg", "Élise B.", offer.title),
        ("https://img.example/bols.jpg", "", offer.title),
    ]


def test_single_objects_lists_and_iri_strings_are_read_alike(mixed_flow):
    _import(mixed_flow)
    atelier = Offer.objects.get(external_id=BASE + "atelier-elise")
    marche = Offer.objects.get(external_id=BASE + "marche-du-samedi")

    assert atelier.phones == ["04 76 00 00 01", "06 12 34 56 78"]
    assert atelier.phone == "04 76 00 00 01"
    assert atelier.websites == ["https://atelier.example", "https://boutique.atelier.example"]
    assert atelier.address == "12 rue du Four, Hameau des Potiers"
    assert atelier.latitude == pytest.approx(45.3401) and atelier.longitude == pytest.approx(5.8142)
    period = atelier.periods.get()
    assert period.weekdays == [2, 5] and period.opens_at == dt.time(10)
    assert atelier.practical["payment"] == ["Espèces", "Carte bancaire"]
    assert atelier.practical["languages"] == ["Français", "Anglais"]
    assert atelier.practical["services"] == ["Parking"]
    assert atelier.provider_external_id == BASE + "agent/ot"

    assert marche.free is True
    assert "kb:Market" in marche.source_types and "kb:Families" in marche.source_types
    assert marche.periods.get().weekdays == [5]
    assert marche.description == "Producteurs locaux chaque samedi matin."
    assert marche.postcode == "38380"
    assert marche.provider_external_id == BASE + "agent/mairie"


def test_an_event_with_single_valued_dates_gets_its_date_and_time(mixed_flow):
    _import(mixed_flow)
    concert = Offer.objects.get(external_id=BASE + "concert-noel")

    period = concert.periods.get()
    assert (period.starts_on, period.opens_at) == (dt.date(2026, 12, 20), dt.time(20, 30))
    assert concert.commune_name == "Saint-Pierre-de-Chartreuse"


def test_a_property_of_an_unexpected_shape_is_reported_not_fatal(mixed_flow, tmp_path):
    flow = tmp_path / "flow"
    shutil.copytree(mixed_flow, flow)
    path = flow / "objects" / "a" / "marche.json"
    obj = json.loads(path.read_text())
    obj["offers"][0]["schema:priceSpecification"]["schema:minPrice"] = {"oops": True}
    obj["isLocatedAt"][0]["schema:geo"][0]["schema:latitude"] = "nord"
    path.write_text(json.dumps(obj))

    run = _import(flow)

    assert run.created_count == 2 and run.failed_count == 2
    assert not Offer.objects.filter(external_id=BASE + "marche-du-samedi").exists()


# --------------------------------------------------------------------------- Apidae


def test_structure_is_kept_as_a_provider_not_an_offer_and_linked_to_its_offers(apidae_file):
    member = MemberFactory(siret="81234567800099")

    run = _import(apidae_file)

    assert not Offer.objects.filter(external_id="900001").exists()
    provider = Provider.objects.get(source=Source.APIDAE, external_id="900001")
    assert provider.name == "Les Artisans d'Entremont & Cie"
    assert provider.phones == ["04 79 00 00 10"] and provider.emails == ["contact@artisans.example"]
    assert provider.commune_name == "Entremont-le-Vieux" and provider.postcode == "73670"
    assert provider.member == member  # same SIRET: the network's member
    assert Offer.objects.get(external_id="900002").provider == provider
    assert run.created_count == 2


def test_structure_after_its_offers_in_the_file_is_linked_too(apidae_file, tmp_path):
    objects = json.loads(apidae_file.read_text())
    path = tmp_path / "reversed.json"
    path.write_text(json.dumps(list(reversed(objects))))

    _import(path)

    assert Offer.objects.get(external_id="900002").provider.external_id == "900001"


def test_a_structure_imported_earlier_as_an_offer_is_archived(apidae_file):
    old = OfferFactory(source=Source.APIDAE, external_id="900001", status=Offer.Status.PUBLISHED)

    _import(apidae_file)

    old.refresh_from_db()
    assert old.status == Offer.Status.ARCHIVED
    assert Provider.objects.filter(external_id="900001").exists()


def test_every_phone_email_and_website_is_kept_once(apidae_file):
    _import(apidae_file)
    offer = Offer.objects.get(external_id="900002")

    assert offer.phones == ["04 79 00 00 11", "06 00 00 00 12"]
    assert offer.emails == ["marche@artisans.example", "info@artisans.example"]
    assert offer.websites == ["https://marche.example"]
    assert (offer.phone, offer.email, offer.website) == (
        "04 79 00 00 11",
        "marche@artisans.example",
        "https://marche.example",
    )
    assert offer.address == "Place de l'Église, Le Bourg"


def test_practical_information_is_kept(apidae_file):
    _import(apidae_file)
    offer = Offer.objects.get(external_id="900002")

    assert offer.practical == {
        "payment": ["Espèces", "Chèque"],
        "languages": ["Français", "Italien"],
        "services": ["Animaux acceptés", "Toilettes"],
        "capacity": [["people", 300], ["group", 25]],
        "access": "Parking de la télécabine puis 5 minutes à pied.",
    }
    assert offer.capacity_display == ["300 personnes", "25 personnes par groupe au plus"]


def test_offer_page_shows_all_contacts_and_practical_information(apidae_file, client):
    _import(apidae_file)
    offer = Offer.objects.get(external_id="900002")
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.PUBLISHED)

    html = client.get(offer.get_absolute_url()).content.decode()

    for text in (
        "06 00 00 00 12",
        "info@artisans.example",
        "Moyens de paiement",
        "Espèces, Chèque",
        "Français, Italien",
        "300 personnes",
        "Parking de la télécabine",
    ):
        assert text in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(offer.get_absolute_url()).content.decode()
    assert "Payment methods" in english and "Languages spoken" in english
    assert "300 people" in english


def test_yearly_period_written_years_ago_is_rolled_forward_across_new_year(apidae_file):
    _import(apidae_file)
    offer = Offer.objects.get(external_id="900002")
    today = timezone.localdate()

    periods = list(offer.periods.order_by("starts_on"))
    assert len(periods) == 2 and all(p.every_year for p in periods)
    first, second = periods
    assert (first.starts_on.month, first.starts_on.day, first.ends_on.month, first.ends_on.day) == (
        12,
        20,
        1,
        5,
    )
    assert first.ends_on.year == first.starts_on.year + 1
    assert first.ends_on >= today
    assert second.starts_on == first.starts_on.replace(year=first.starts_on.year + 1)


@pytest.mark.parametrize(
    ("starts", "ends", "today", "expected"),
    [
        # Summer period written in 2019, seen in spring 2026: this summer, then next.
        (
            "2019-06-01",
            "2019-09-30",
            "2026-03-10",
            [("2026-06-01", "2026-09-30"), ("2027-06-01", "2027-09-30")],
        ),
        # Seen in the middle of the period: the current occurrence comes first.
        (
            "2019-06-01",
            "2019-09-30",
            "2026-07-14",
            [("2026-06-01", "2026-09-30"), ("2027-06-01", "2027-09-30")],
        ),
        # Seen after it ended: next year, then the year after.
        (
            "2019-06-01",
            "2019-09-30",
            "2026-10-01",
            [("2027-06-01", "2027-09-30"), ("2028-06-01", "2028-09-30")],
        ),
        # Across New Year, seen on 2 January: the occurrence that started last December.
        (
            "2019-12-20",
            "2020-01-05",
            "2026-01-02",
            [("2025-12-20", "2026-01-05"), ("2026-12-20", "2027-01-05")],
        ),
        # Written in a future year (a typo at the source): brought back to the next occurrence.
        (
            "2031-05-01",
            "2031-05-31",
            "2026-04-01",
            [("2026-05-01", "2026-05-31"), ("2027-05-01", "2027-05-31")],
        ),
        # 29 February falls on the 28th in other years.
        (
            "2024-02-29",
            "2024-03-10",
            "2026-01-01",
            [("2026-02-28", "2026-03-10"), ("2027-02-28", "2027-03-10")],
        ),
    ],
)
def test_roll_every_year(starts, ends, today, expected):
    d = dt.date.fromisoformat
    result = roll_every_year(d(starts), d(ends), d(today))
    assert result == [(d(a), d(b)) for a, b in expected]


def test_periods_longer_than_a_year_are_not_rolled():
    d = dt.date.fromisoformat
    assert roll_every_year(d("2019-01-01"), d("2020-06-30"), d("2026-05-01")) == [
        (d("2019-01-01"), d("2020-06-30"))
    ]


def test_roll_forward_moves_ended_yearly_periods_by_two_years_and_leaves_the_others():
    offer = OfferFactory()
    ended = OpeningPeriod.objects.create(
        offer=offer, starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 9, 30), every_year=True
    )
    running = OpeningPeriod.objects.create(
        offer=offer, starts_on=dt.date(2027, 6, 1), ends_on=dt.date(2027, 9, 30), every_year=True
    )
    one_off = OpeningPeriod.objects.create(
        offer=offer, starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 9, 30)
    )
    long_ago = OpeningPeriod.objects.create(
        offer=offer, starts_on=dt.date(2020, 2, 29), ends_on=dt.date(2020, 3, 2), every_year=True
    )

    moved = offer_periods_roll_forward(today=dt.date(2026, 10, 1))

    for period in (ended, running, one_off, long_ago):
        period.refresh_from_db()
    assert (ended.starts_on, ended.ends_on) == (dt.date(2028, 6, 1), dt.date(2028, 9, 30))
    assert running.starts_on == dt.date(2027, 6, 1)
    assert one_off.starts_on == dt.date(2026, 6, 1)
    assert long_ago.ends_on >= dt.date(2026, 10, 1) and long_ago.starts_on == dt.date(2028, 2, 28)
    assert moved >= 2


def test_object_without_modification_date_is_recognised_unchanged_by_its_content(apidae_file):
    _import(apidae_file)
    chapel = Offer.objects.get(external_id="900003")
    assert chapel.source_modified_at is None and len(chapel.content_hash) == 64

    run = _import(apidae_file)

    assert run.unchanged_count == 2  # the dated offer and the undated chapel (the structure is upserted)
    assert run.updated_count == 0


def test_changed_content_without_date_is_updated(apidae_file, tmp_path):
    _import(apidae_file)
    objects = json.loads(apidae_file.read_text())
    objects[2]["nom"]["libelleFr"] = "Chapelle Saint-Hugues (restaurée)"
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(objects))

    run = _import(path)

    assert run.updated_count == 1
    assert Offer.objects.get(external_id="900003").title == "Chapelle Saint-Hugues (restaurée)"


def test_force_reimports_everything(apidae_file, capsys):
    CommuneFactory(insee_code="73107", name="Entremont-le-Vieux", postcode="73670")
    _import(apidae_file)

    call_command("import_offers", str(apidae_file), "--force")

    run = ImportRun.objects.latest("pk")
    assert (run.unchanged_count, run.updated_count) == (0, 2)
    assert "2 mise(s) à jour" in capsys.readouterr().out
