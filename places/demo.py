"""Demo spaces of the Maison and their bookings (idempotent, deterministic).

Dates are anchored on the Monday of next week so the bookings are always to come. Rows are
written directly (no services), so loading the demo sends no e-mails.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from network.models import Member

from .models import Exhibition, SchoolVisit, Space, SpaceBooking
from .services import AFTERNOON, MORNING, slot_on

WEEKDAYS = [0, 1, 2, 3, 4]
SPACES = [
    # slug, name, kind, capacity, members only, member price, public price, equipment, rules, description
    (
        "poste-coworking-1",
        "Poste de coworking — fenêtre",
        Space.Kind.DESK,
        1,
        True,
        "0",
        "0",
        "Bureau, écran 24 pouces, fibre, imprimante partagée.",
        "Rangez le poste en partant ; appels dans la cabine.",
        "Un poste au calme pour faire la compta, répondre aux mails ou préparer un marché.",
    ),
    (
        "poste-coworking-2",
        "Poste de coworking — atelier",
        Space.Kind.DESK,
        1,
        True,
        "0",
        "0",
        "Bureau, fibre, imprimante partagée.",
        "Rangez le poste en partant.",
        "Le second poste, côté atelier, avec vue sur l'établi.",
    ),
    (
        "salle-de-reunion",
        "Salle de réunion du Grand Som",
        Space.Kind.ROOM,
        14,
        False,
        "0",
        "10.00",
        "Table pour 14, écran, tableau blanc, bouilloire.",
        "Salle rendue rangée ; pas de repas chauds.",
        "Pour les réunions d'associations, les conseils de village et les formations.",
    ),
    (
        "salle-atelier",
        "Salle d'atelier partagée",
        Space.Kind.WORKSHOP_ROOM,
        10,
        False,
        "5.00",
        "15.00",
        "Établis, évier, four céramique sur demande.",
        "Nettoyage des établis après usage.",
        "Une salle équipée pour les ateliers d'artisans et les activités des associations.",
    ),
    (
        "espace-exposition",
        "Espace d'exposition",
        Space.Kind.EXHIBITION,
        40,
        False,
        "0",
        "0",
        "Cimaises, éclairage sur rail, vitrines.",
        "Accrochage avec l'équipe de la Maison.",
        "Les expositions des membres du réseau, ouvertes à tous aux heures de la Maison.",
    ),
]


def load(stdout=None) -> None:
    spaces = {}
    for position, (slug, name, kind, cap, members_only, mp, pp, equipment, rules, description) in enumerate(
        SPACES
    ):
        spaces[slug], _created = Space.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "capacity": cap,
                "members_only": members_only,
                "member_price_per_hour": Decimal(mp),
                "public_price_per_hour": Decimal(pp),
                "equipment": equipment,
                "rules": rules,
                "description": description,
                "open_days": WEEKDAYS,
                "opens_at": datetime.time(8, 30),
                "closes_at": datetime.time(18, 0),
                "position": position,
            },
        )
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(days=7)
    members = {m.slug: m for m in Member.objects.filter(slug__in=["atelier-du-tourneur", "rucher-des-cimes"])}
    tourneur, rucher = members.get("atelier-du-tourneur"), members.get("rucher-des-cimes")

    def put(space: str, day: int, times, **fields) -> None:
        start, end = slot_on(day=monday + datetime.timedelta(days=day), start=times[0], end=times[1])
        SpaceBooking.objects.update_or_create(
            space=spaces[space],
            start=start,
            end=end,
            contact_name=fields.pop("contact_name"),
            defaults=fields,
        )

    member_fields = {"status": SpaceBooking.Status.CONFIRMED, "requester": SpaceBooking.Requester.MEMBER}
    if tourneur:
        # Two half-days of coworking on Tuesday for the wood turner (the « done when » case).
        for times in (MORNING, AFTERNOON):
            put(
                "poste-coworking-1",
                1,
                times,
                member=tourneur,
                contact_name="Julien Perrin",
                email="artisan@maillage.demo",
                **member_fields,
            )
        put(
            "salle-atelier",
            3,
            (datetime.time(14, 0), datetime.time(17, 0)),
            member=tourneur,
            contact_name="Julien Perrin",
            email="artisan@maillage.demo",
            **member_fields,
        )
    if rucher:
        put(
            "poste-coworking-2",
            1,
            MORNING,
            member=rucher,
            contact_name="Claire Mollard",
            email="artisan2@maillage.demo",
            **member_fields,
        )
    put(
        "salle-de-reunion",
        2,
        (datetime.time(15, 0), datetime.time(17, 30)),
        status=SpaceBooking.Status.REQUESTED,
        requester=SpaceBooking.Requester.ASSOCIATION,
        organisation="Club des marcheurs du Grand Som",
        contact_name="Hélène Bouvier",
        email="marcheurs@example.org",
        headcount=12,
        purpose="Assemblée générale du club et programme des sorties d'hiver.",
    )
    put(
        "salle-de-reunion",
        4,
        (datetime.time(9, 0), datetime.time(12, 0)),
        status=SpaceBooking.Status.CONFIRMED,
        requester=SpaceBooking.Requester.ASSOCIATION,
        organisation="Comité des fêtes de Saint-Pierre",
        contact_name="Marc Gaillard",
        email="comite@example.org",
        headcount=8,
        purpose="Préparation de la fête du village.",
        decided_at=timezone.now(),
    )
    put(
        "salle-atelier",
        0,
        (datetime.time(9, 0), datetime.time(11, 0)),
        status=SpaceBooking.Status.REQUESTED,
        requester=SpaceBooking.Requester.INHABITANT,
        contact_name="Julie Perrin",
        email="julie.perrin@example.org",
        headcount=4,
        purpose="Atelier de réparation de vélos entre voisins.",
    )
    _school_visit(monday)
    _exhibitions(spaces["espace-exposition"], today)
    if stdout:
        stdout.write(f"    {len(spaces)} espaces, {SpaceBooking.objects.count()} réservations d'espaces")


def _school_visit(monday: datetime.date) -> None:
    """A class visiting the house with the beekeeper's workshop, through the real service (the
    loader's e-mails go to memory), once."""
    from workshops.models import Workshop

    from .services import school_visit_request

    if SchoolVisit.objects.filter(booking__organisation="École du Bourg").exists():
        return
    start, end = slot_on(day=monday + datetime.timedelta(days=3), start=MORNING[0], end=MORNING[1])
    school_visit_request(
        school="École du Bourg",
        level=SchoolVisit.Level.CYCLE3,
        headcount=26,
        teachers="Mme Durand (CM2), M. Roux (accompagnateur)",
        contact_name="Claire Durand",
        email="ecole.bourg@example.org",
        phone="04 76 88 60 00",
        start=start,
        end=end,
        workshop=Workshop.objects.filter(slug="une-matinee-au-rucher").first(),
        message="Projet de classe sur les abeilles et les métiers de la montagne.",
        language="fr",
    )


EXHIBITIONS = [
    # member slug, title, description, start offset (days from the 1st of this month), length (days)
    (
        "atelier-du-tourneur",
        "Bois tournés de Chartreuse",
        "Bols, toupies et boîtes en hêtre, érable et if du massif.",
        0,
        27,
    ),
    (
        "terre-de-guiers",
        "Grès de la vallée",
        "Pièces en grès cuites au bois : un an de travail de l'atelier.",
        28,
        30,
    ),
]


def _exhibitions(space: Space, today: datetime.date) -> None:
    first = today.replace(day=1)
    members = {m.slug: m for m in Member.objects.filter(slug__in=[e[0] for e in EXHIBITIONS])}
    # Recreated rather than updated: moving one demo exhibition's dates before the other's
    # would trip the no-overlap constraint for a moment.
    Exhibition.objects.filter(space=space, title__in=[e[1] for e in EXHIBITIONS]).delete()
    for slug, title, description, offset, length in EXHIBITIONS:
        if slug not in members:
            continue
        starts_on = first + datetime.timedelta(days=offset)
        Exhibition.objects.create(
            space=space,
            title=title,
            member=members[slug],
            description=description,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=length),
        )
