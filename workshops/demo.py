"""Demo workshops, sessions, bookings, waitlists and reviews (idempotent, deterministic).

Dates are anchored on the Monday of the current week, so running the loader twice in a
week gives the same rows. Rows are written directly (no services) so that loading the demo
sends no emails; the seat counters are recomputed from the rows like the services do.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from network.models import Craft, Member

from .models import Booking, CalendarFeed, GroupRequest, Review, Session, WaitlistEntry, Workshop
from .services import GO_NO_GO_BEFORE, _store_seats_booked

# member slug, workshop slug, title, craft, summary, duration, price, child price, min, max, min age,
# languages, audiences, weekday (0 = Monday), hour
# What artisans wrote in English for visitors from abroad; the other workshops show French
# with « Original text in French ».
ENGLISH = {
    "tourner-son-premier-bol": {
        "title": "Turn your first bowl",
        "summary": "Two hours at the wood lathe, and you leave with a beech bowl from the state forest.",
        "description": (
            "Two hours at the wood lathe, and you leave with a beech bowl from the state forest.\n\n"
            "Julien shows you the lathe, the gouges and how to read the grain; then the bowl is yours "
            "to shape, sand and oil. No experience needed."
        ),
        "what_to_bring": "Closed shoes and clothes that can take a little sawdust.",
    },
}

WORKSHOPS = [
    (
        "atelier-du-tourneur",
        "tourner-son-premier-bol",
        "Tourner son premier bol",
        "tournage-sur-bois",
        "Deux heures au tour à bois pour repartir avec un bol en hêtre de la forêt domaniale.",
        120,
        "45.00",
        "30.00",
        2,
        6,
        10,
        ["fr", "en"],
        ["adults", "families"],
        2,
        14,
    ),
    (
        "atelier-du-tourneur",
        "toupies-en-famille",
        "Toupies en famille",
        "tournage-sur-bois",
        "Chaque enfant tourne et décore sa toupie, avec un parent à ses côtés.",
        90,
        "25.00",
        "18.00",
        2,
        8,
        6,
        ["fr"],
        ["families", "children"],
        5,
        10,
    ),
    (
        "rucher-des-cimes",
        "une-matinee-au-rucher",
        "Une matinée au rucher",
        "miel",
        "Ouvrir une ruche en vareuse, comprendre la colonie et goûter les miels d'alpage.",
        150,
        "30.00",
        "15.00",
        3,
        10,
        7,
        ["fr", "it"],
        ["families", "adults", "schools"],
        6,
        9,
    ),
    (
        "terre-de-guiers",
        "modeler-en-gres",
        "Modeler en grès",
        "poterie-ceramique",
        "Initiation au modelage et au tournage de la terre, cuisson au four à bois en fin de saison.",
        180,
        "55.00",
        None,
        2,
        6,
        12,
        ["fr"],
        ["adults"],
        3,
        14,
    ),
    (
        "coutellerie-guiers-vif",
        "forger-son-couteau",
        "Forger son couteau",
        "coutellerie",
        "Une journée à la forge pour réaliser un couteau fixe, du barreau d'acier au manche en buis.",
        420,
        "180.00",
        None,
        1,
        4,
        16,
        ["fr", "en"],
        ["adults"],
        5,
        9,
    ),
    (
        "fil-de-chartreuse",
        "tisser-une-echarpe",
        "Tisser une écharpe",
        "tissage",
        "Sur un métier à peigne envelopé, tisser une écharpe en laine de brebis de pays teinte aux plantes.",
        240,
        "70.00",
        None,
        2,
        5,
        14,
        ["fr"],
        ["adults", "seniors"],
        1,
        13,
    ),
    (
        "vannerie-de-proveysieux",
        "panier-en-osier-vivant",
        "Panier en osier vivant",
        "vannerie",
        "Cueillir l'osier au bord de la Roize puis tresser un petit panier à anse.",
        180,
        "40.00",
        "25.00",
        3,
        8,
        8,
        ["fr"],
        ["families", "adults", "groups"],
        3,
        9,
    ),
    (
        "cuir-et-sangle",
        "portefeuille-cousu-main",
        "Portefeuille cousu main",
        "maroquinerie",
        "Découpe, teinture des tranches et couture au point sellier d'un portefeuille en cuir végétal.",
        210,
        "65.00",
        None,
        2,
        6,
        14,
        ["fr", "en"],
        ["adults"],
        4,
        14,
    ),
    (
        "miellerie-du-touvet",
        "bougies-a-la-cire",
        "Bougies à la cire d'abeille",
        "miel",
        "Rouler et couler des bougies à la cire de nos ruches, pendant que le miel coule à l'extracteur.",
        90,
        "20.00",
        "12.00",
        3,
        12,
        5,
        ["fr"],
        ["families", "children", "schools"],
        2,
        16,
    ),
    (
        "poterie-des-echelles",
        "faience-pour-enfants",
        "Faïence pour les enfants",
        "poterie-ceramique",
        "Les enfants façonnent et décorent un bol ou une assiette, cuits et à retirer la semaine suivante.",
        90,
        "22.00",
        "22.00",
        3,
        8,
        6,
        ["fr"],
        ["children", "families", "schools"],
        2,
        10,
    ),
    (
        "chevrerie-de-quaix",
        "traite-et-fromage",
        "De la traite au fromage",
        "fromages",
        "Participer à la traite du soir, mouler son fromage frais et goûter les tommes de la chèvrerie.",
        120,
        "18.00",
        "10.00",
        4,
        15,
        4,
        ["fr", "de"],
        ["families", "children", "groups", "schools"],
        4,
        17,
    ),
    (
        "distillerie-des-alpages",
        "cueillette-et-genepi",
        "Cueillette et génépi",
        "liqueurs",
        "Cueillette commentée des plantes de montagne, puis visite de l'alambic "
        "(dégustation pour les adultes).",
        180,
        "35.00",
        None,
        4,
        12,
        18,
        ["fr", "en"],
        ["adults", "groups"],
        6,
        14,
    ),
]

DESCRIPTIONS = {
    "tournage-sur-bois": "Julien vous accueille dans son atelier de Saint-Pierre-de-Chartreuse. Après la "
    "présentation du tour et des gouges, chacun travaille sur sa machine, à son rythme, jusqu'au ponçage "
    "et à la finition à l'huile de lin.",
    "miel": "Équipement fourni (vareuse, gants). La visite se fait à quelques mètres des ruches, dans le "
    "calme ; on termine par une dégustation comparée des miels de printemps, d'été et de forêt.",
}
BRING = "Des vêtements qui ne craignent rien et des chaussures fermées."
VISITORS = [
    ("Camille Roche", "camille.roche"),
    ("Thomas Lefèvre", "thomas.lefevre"),
    ("Inès Morel", "ines.morel"),
    ("Hugo Garnier", "hugo.garnier"),
    ("Chloé Fabre", "chloe.fabre"),
    ("Lucas Vidal", "lucas.vidal"),
    ("Emma Rousset", "emma.rousset"),
    ("Nathan Brun", "nathan.brun"),
    ("Manon Arnaud", "manon.arnaud"),
    ("Louis Perret", "louis.perret"),
    ("Jade Collomb", "jade.collomb"),
    ("Adam Bouvier", "adam.bouvier"),
    ("Sarah Klein", "sarah.klein"),
    ("Tom Baker", "tom.baker"),
    ("Giulia Rossi", "giulia.rossi"),
]
REVIEWS = [
    (10, "Un moment hors du temps, Julien est un pédagogue patient. On repart fiers de notre bol !"),
    (9, "Très belle découverte, accueil chaleureux. Un peu court, on serait bien restés plus longtemps."),
    (8, "Les enfants ont adoré, explications claires et adaptées."),
    (10, "Magnifique. À faire absolument si vous passez en Chartreuse."),
]
# Fraction of the capacity booked for the upcoming weeks, in order: the first date of some
# workshops is full (with a waitlist on the ones marked), others fill up progressively.
FILL = [1.0, 0.5, 0.3, 0.0, 0.2, 0.0]
FULL_WORKSHOPS = {
    "tourner-son-premier-bol",
    "une-matinee-au-rucher",
    "forger-son-couteau",
    "faience-pour-enfants",
}
WAITLISTED = {"tourner-son-premier-bol", "forger-son-couteau"}


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))


def load(stdout=None) -> None:
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    now = timezone.now()
    members = {m.slug: m for m in Member.objects.filter(slug__in={w[0] for w in WORKSHOPS})}
    crafts = {c.slug: c for c in Craft.objects.all()}
    visitor_index = 0
    # Bookings of an earlier version of this loader, keyed by relative week: removed so that a
    # session never ends up with both generations.
    Booking.objects.filter(idempotency_key__startswith="demo-").exclude(
        idempotency_key__regex=r"-\d{8}-\d+$"
    ).delete()
    count = {"workshops": 0, "sessions": 0, "bookings": 0}
    for (
        member_slug,
        slug,
        title,
        craft,
        summary,
        duration,
        price,
        child_price,
        lo,
        hi,
        min_age,
        languages,
        audiences,
        weekday,
        hour,
    ) in WORKSHOPS:
        member = members.get(member_slug)
        if member is None or craft not in crafts:
            continue
        workshop, _ = Workshop.objects.update_or_create(
            slug=slug,
            defaults={
                "member": member,
                "title": title,
                "craft": crafts[craft],
                "summary": summary,
                "description": f"{summary}\n\n{DESCRIPTIONS.get(craft, member.description)}",
                "duration_minutes": duration,
                "price": Decimal(price),
                "child_price": Decimal(child_price) if child_price else None,
                "min_participants": lo,
                "max_participants": hi,
                "min_age": min_age,
                "languages": languages,
                "audiences": audiences,
                "what_to_bring": BRING,
                "accessibility": "Atelier de plain-pied, accessible en fauteuil roulant."
                if hi >= 8
                else "Atelier à l'étage, accès par un escalier.",
                "place_name": member.name,
                "address": member.address,
                "commune": member.commune,
                "latitude": member.latitude,
                "longitude": member.longitude,
                "is_published": True,
                # With card payment on (make run starts localstripe), one workshop in three
                # also lets visitors choose to pay on site; the others take the card.
                "pay_on_site_allowed": count["workshops"] % 3 == 1,
            },
        )
        english = ENGLISH.get(slug)
        if english:
            Workshop.objects.filter(pk=workshop.pk).update(i18n={f"{k}_en": v for k, v in english.items()})
        count["workshops"] += 1
        upcoming_rank = 0
        for week in range(-8, 6):
            day = monday + datetime.timedelta(weeks=week, days=weekday)
            start = _local(day, hour)
            session, _ = Session.objects.update_or_create(
                workshop=workshop,
                start=start,
                defaults={
                    "end": start + datetime.timedelta(minutes=duration),
                    "capacity": hi,
                    "go_no_go_at": start - GO_NO_GO_BEFORE,
                    "is_private": False,
                },
            )
            count["sessions"] += 1
            if start <= now:
                target = max(lo, hi - ((week * 7 + len(slug)) % 4))
            else:
                fill = FILL[upcoming_rank % len(FILL)]
                if upcoming_rank == 0 and slug not in FULL_WORKSHOPS:
                    fill = 0.5
                target = int(hi * fill)
            seats, n = 0, 0
            # Keys name the session by its date, so a later run never moves a booking to
            # another session; bookings beyond today's target are removed below.
            prefix = f"demo-{slug}-{day:%Y%m%d}-"
            keys = []
            while seats < target:
                size = min(2 if n % 3 else 1, target - seats)
                name, email = VISITORS[visitor_index % len(VISITORS)]
                visitor_index += 1
                keys.append(f"{prefix}{n}")
                booking, _ = Booking.objects.update_or_create(
                    idempotency_key=keys[-1],
                    defaults={
                        "session": session,
                        "name": name,
                        "email": f"{email}@example.org",
                        "phone": f"06 {10 + n:02d} {day.day:02d} 30 40",
                        "party_size": size,
                        "children": 0,
                        # The youngest's age is kept where the workshop has a minimum age.
                        "youngest_age": (workshop.min_age + n % 5) if workshop.min_age else None,
                        "price": workshop.price * size,
                        "status": Booking.Status.CONFIRMED,
                        "channel": [Booking.Channel.ONLINE, Booking.Channel.DESK, Booking.Channel.PHONE][
                            n % 3
                        ],
                        "consent_contact": n % 2 == 0,
                        "attendance": ("no_show" if n == 3 else "present") if start <= now else "",
                    },
                )
                count["bookings"] += 1
                if start <= now and week >= -2 and n < 2:
                    score, comment = REVIEWS[(n + week) % len(REVIEWS)]
                    Review.objects.update_or_create(
                        booking=booking,
                        defaults={
                            "workshop": workshop,
                            "score": score,
                            "comment": comment,
                            "author_name": name.split()[0],
                            "status": Review.Status.APPROVED,
                            "moderated_at": now,
                        },
                    )
                seats += size
                n += 1
            Booking.objects.filter(session=session, idempotency_key__startswith=prefix).exclude(
                idempotency_key__in=keys
            ).delete()
            _store_seats_booked(session)
            if start > now:
                upcoming_rank += 1
            if (
                start > now
                and upcoming_rank == 1
                and slug in WAITLISTED
                and session.seats_booked >= session.capacity
            ):
                for i, (name, email) in enumerate(VISITORS[-2:]):
                    WaitlistEntry.objects.update_or_create(
                        session=session,
                        email=f"{email}@example.org",
                        defaults={"name": name, "party_size": i + 1, "status": WaitlistEntry.Status.WAITING},
                    )
    # A visitor who cancelled two days ago: the artisan's portal home lists it under
    # « Annulations récentes ». Keyed by date like the others so later runs keep one.
    upcoming = (
        Session.objects.filter(workshop__slug="tourner-son-premier-bol", start__gt=now, status="scheduled")
        .order_by("start")
        .first()
    )
    if upcoming is not None:
        key = f"demo-cancel-{upcoming.start:%Y%m%d}-0"
        Booking.objects.filter(idempotency_key__startswith="demo-cancel-").exclude(
            idempotency_key=key
        ).delete()
        Booking.objects.update_or_create(
            idempotency_key=key,
            defaults={
                "session": upcoming,
                "name": "Inès Moreau",
                "email": "ines.moreau@example.org",
                "party_size": 2,
                "children": 0,
                "price": upcoming.workshop.price * 2,
                "status": Booking.Status.CANCELLED,
                "cancelled_at": now - datetime.timedelta(days=2),
                "channel": Booking.Channel.ONLINE,
            },
        )
    for session in Session.objects.filter(workshop__slug__in=[w[1] for w in WORKSHOPS]):
        _store_seats_booked(session)
    tourneur = members.get("atelier-du-tourneur")
    if tourneur is not None:
        CalendarFeed.objects.get_or_create(member=tourneur)
        workshop = Workshop.objects.get(slug="tourner-son-premier-bol")
        GroupRequest.objects.update_or_create(
            workshop=workshop,
            email="ce2.saint-pierre@example.org",
            defaults={
                "group_type": GroupRequest.GroupType.SCHOOL,
                "organisation": "École de Saint-Pierre-de-Chartreuse",
                "contact_name": "Mme Anne Durand",
                "size": 22,
                "age_min": 8,
                "age_max": 9,
                "preferred_dates": "Un mardi ou un jeudi matin de mai ou juin",
                "message": "Classe de CE2, projet « métiers du bois ». Deux accompagnateurs.",
            },
        )
    if stdout is not None:
        stdout.write(
            f"    ateliers : {count['workshops']}, séances : {count['sessions']}, "
            f"réservations : {count['bookings']}"
        )
