"""Demo éclaireurs, greeters, advice and walk requests (idempotent, deterministic).

Rows are written directly (no services) so that loading the demo sends no e-mails. Dates are
anchored on today so the open requests stay to come and the accepted walk is always next week.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from network.models import Antenna, Commune
from workshops.models import Workshop

from .models import Eclaireur, EclaireurCharter, GreeterAbsence, Perk, Recommendation, WalkRequest

CHARTER = {
    "title": "Charte des éclaireurs",
    "preamble": "Les éclaireurs sont des habitants qui font découvrir leur territoire, bénévolement.",
    "commitments": [
        "Je partage ce que j'aime de mon territoire, sans contrepartie commerciale.",
        "Je recommande des artisans, lieux et producteurs locaux que je connais vraiment.",
        "Je respecte les personnes, les lieux et la nature que je fais découvrir.",
        "J'accueille chacun, quelles que soient sa langue et ses capacités.",
    ],
}

# token, first, last, email, commune insee, languages, greeter, antenna slugs, days, interests, bio
PEOPLE = [
    (
        "demo-eclaireur-marie",
        "Marie",
        "Jacquet",
        "marie.jacquet@example.org",
        "38442",
        ["fr", "en"],
        True,
        ["coeur-de-chartreuse"],
        [2, 5, 6],
        "forêt, patrimoine, fromages",
        "Née à Saint-Pierre, accompagnatrice à la retraite.",
    ),
    (
        "demo-eclaireur-lucas",
        "Lucas",
        "Girard",
        "lucas.girard@example.org",
        "38412",
        ["fr", "it"],
        True,
        ["coeur-de-chartreuse"],
        [5, 6],
        "monastère, randonnée",
        "Guide du dimanche, amoureux des sentiers.",
    ),
    (
        "demo-eclaireur-ines",
        "Inès",
        "Morel",
        "ines.morel@example.org",
        "38472",
        ["fr"],
        False,
        [],
        [],
        "",
        "Je tiens un blog sur les bonnes adresses du Sappey.",
    ),
]


def load(stdout=None) -> None:
    charter, _ = EclaireurCharter.objects.update_or_create(
        number=1,
        defaults={**CHARTER, "published_at": datetime.datetime(2026, 1, 15, 9, 0, tzinfo=datetime.UTC)},
    )
    communes = {c.insee_code: c for c in Commune.objects.filter(insee_code__in={p[4] for p in PEOPLE})}
    antennas = {a.slug: a for a in Antenna.objects.all()}
    people = {}
    for token, first, last, email, insee, langs, greeter, ant, days, interests, bio in PEOPLE:
        if insee not in communes:
            continue
        e, _ = Eclaireur.objects.update_or_create(
            email=email,
            defaults={
                "token": token,
                "first_name": first,
                "last_name": last,
                "commune": communes[insee],
                "languages": langs,
                "is_greeter": greeter,
                "available_days": days,
                "interests": interests,
                "bio": bio,
                "status": Eclaireur.Status.ACTIVE if first != "Inès" else Eclaireur.Status.PENDING,
                "charter": charter,
                "charter_accepted_at": charter.published_at,
                "approved_at": charter.published_at if first != "Inès" else None,
            },
        )
        e.antennas.set([antennas[s] for s in ant if s in antennas])
        people[first] = e
    marie = people.get("Marie")
    workshop = Workshop.objects.filter(slug="tourner-son-premier-bol").first()
    if marie and workshop:
        Recommendation.objects.update_or_create(
            eclaireur=marie,
            workshop=workshop,
            defaults={
                "text": (
                    "Deux heures hors du temps : on repart avec son bol et l'odeur du hêtre. "
                    "Idéal un jour de pluie."
                ),
                "status": Recommendation.Status.APPROVED,
                "moderated_at": charter.published_at,
            },
        )
    if marie:
        Recommendation.objects.update_or_create(
            eclaireur=marie,
            place_name="Le belvédère des Sangles",
            defaults={
                "text": "Au lever du soleil, la vue sur le Guiers Mort est magique. Prenez une lampe.",
                "status": Recommendation.Status.PENDING,
            },
        )
    today = timezone.localdate()
    if marie:
        # Marie is away a few days next month: walks on those days are not offered to her.
        GreeterAbsence.objects.filter(greeter=marie).delete()
        away = today + datetime.timedelta(days=30)
        GreeterAbsence.objects.create(greeter=marie, start=away, end=away + datetime.timedelta(days=3))
    next_saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7 + 7)
    coeur = antennas.get("coeur-de-chartreuse")
    if coeur:
        WalkRequest.objects.update_or_create(
            token="demo-balade-ouverte",
            defaults={
                "name": "Emma Schneider",
                "email": "emma.schneider@example.org",
                "antenna": coeur,
                "date": next_saturday,
                "alternative_date": next_saturday + datetime.timedelta(days=1),
                "walk_language": "en",
                "group_size": 2,
                "interests": "cheese, old villages",
                "language": "en",
                "status": WalkRequest.Status.OPEN,
            },
        )
        if marie:
            WalkRequest.objects.update_or_create(
                token="demo-balade-acceptee",
                defaults={
                    "name": "Famille Dubois",
                    "email": "famille.dubois@example.org",
                    "phone": "06 12 34 56 78",
                    "antenna": coeur,
                    "date": next_saturday - datetime.timedelta(days=3),
                    "walk_language": "fr",
                    "group_size": 4,
                    "accessibility": "Une poussette",
                    "status": WalkRequest.Status.ACCEPTED,
                    "greeter": marie,
                    "walk_date": next_saturday - datetime.timedelta(days=3),
                    "accepted_at": timezone.now(),
                },
            )
    for kind, title, description, code, days in (
        (
            Perk.Kind.INVITATION,
            "Vernissage de l'exposition « Bois tournés »",
            "À la Maison de l'artisanat, à 18 h 30.",
            "",
            20,
        ),
        (
            Perk.Kind.ADVANTAGE,
            "10 % à la boutique de l'office",
            "Sur présentation du code en caisse.",
            "ECLAIREUR10",
            90,
        ),
    ):
        Perk.objects.update_or_create(
            title=title,
            defaults={
                "kind": kind,
                "description": description,
                "code": code,
                "valid_until": today + datetime.timedelta(days=days),
            },
        )
    if stdout:
        stdout.write(f"    {len(people)} éclaireurs, {WalkRequest.objects.count()} demandes de balade")
