"""Demo offers: fictional, of every family, some published with a badge. Idempotent.

Real businesses from the import samples are kept out on purpose (see ../shared/data/README.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from network.selectors import commune_list, member_public_queryset

from .importers.records import roll_every_year
from .models import Offer, OpeningPeriod, Provider, Source
from .services import offer_refresh_search_vector

S = Offer.Status

BADGE = {
    "environment": {
        "label": "Environnement",
        "score": 72,
        "commitments": [
            "Eau de pluie récupérée pour l'atelier et le jardin",
            "Accès à pied depuis l'arrêt de bus, vélos prêtés",
        ],
    },
    "local_economy": {
        "label": "Économie locale",
        "score": 81,
        "commitments": [
            "Matières premières achetées à moins de 30 km",
            "Produits des voisins vendus sans marge",
        ],
    },
    "social": {
        "label": "Social",
        "score": 58,
        "commitments": [
            "Tarif réduit pour les habitants et les demandeurs d'emploi",
        ],
    },
}

# slug, title, families, kind, member slug or provider, commune INSEE, status, badge level,
# price min, price max, duration, audiences, without car, short description, long description,
# periods as (start offset in days, length in days, opens, closes, weekdays)
OFFERS = [
    (
        "initiation-tournage-sur-bois",
        "Initiation au tournage sur bois",
        ["heritage"],
        "activity",
        "atelier-du-tourneur",
        "38442",
        S.PUBLISHED,
        "engagé",
        "45",
        "45",
        150,
        ["families", "groups"],
        True,
        "Deux heures au tour à bois pour repartir avec la toupie ou le bol que vous avez tourné.",
        "Julien vous accueille dans son atelier au cœur du village. Après la découverte des essences "
        "locales (hêtre, érable, frêne), chacun tourne sa pièce, du dégrossissage à la finition à "
        "l'huile de lin. Dès 10 ans, tabliers et lunettes fournis.",
        [(3, 120, "14:00", "16:30", [2, 5])],
    ),
    (
        "visite-du-rucher-des-cimes",
        "Visite du rucher et dégustation de miels d'alpage",
        ["food", "outdoor"],
        "tasting",
        "rucher-des-cimes",
        "38446",
        S.PUBLISHED,
        "engagé",
        "8",
        "12",
        90,
        ["families", "schools"],
        False,
        "Ouvrez une ruche en tenue d'apiculteur, puis goûtez cinq miels récoltés sur les alpages.",
        "Claire explique la vie de la colonie au fil des saisons et la transhumance des ruches vers "
        "les alpages d'Entremont. La visite se termine par une dégustation de miels, de pollen et de "
        "pain d'épices maison.",
        [(10, 90, "10:00", "11:30", [3, 5])],
    ),
    (
        "atelier-terre-et-feu",
        "Atelier terre et feu : modeler son bol",
        ["heritage"],
        "activity",
        "terre-de-guiers",
        "38155",
        S.PUBLISHED,
        "",
        "35",
        "50",
        180,
        ["families", "seniors"],
        True,
        "Modelez un bol en grès local ; il sera émaillé à la cendre et cuit au four à bois.",
        "Sophie partage les gestes du colombin et de la plaque. Les pièces sont cuites lors de la "
        "prochaine fournée et à retirer à l'atelier ou à l'office de tourisme.",
        [(5, 150, "09:30", "12:30", [5])],
    ),
    (
        "cave-affinage-ferme-du-col",
        "Caves d'affinage de la Ferme du Col",
        ["food"],
        "visit",
        "ferme-du-col",
        "38442",
        S.PUBLISHED,
        "bienveillant",
        "6",
        "6",
        60,
        ["families", "groups", "schools"],
        True,
        "Descendez dans la cave où s'affinent tommes et bleus de vaches villardes.",
        "Visite commentée de la fromagerie et de la cave, suivie d'une dégustation de trois fromages "
        "au lait cru avec le pain du boulanger du village.",
        [(0, 200, "17:00", "18:00", [0, 2, 4])],
    ),
    (
        "distillerie-des-alpages-degustation",
        "Plantes et liqueurs : la distillerie ouverte",
        ["wine", "heritage"],
        "tasting",
        "distillerie-des-alpages",
        "38412",
        S.PUBLISHED,
        "",
        "10",
        "10",
        75,
        ["groups"],
        True,
        "Du champ de génépi à l'alambic : la distillation expliquée, puis une dégustation (à consommer "
        "avec modération).",
        "Luc montre les plantes cueillies à la main, la macération et la distillation à l'alambic de "
        "cuivre. Dégustation de trois liqueurs ; sirops pour les enfants.",
        [(7, 120, "15:00", "16:15", [1, 3, 5])],
    ),
    (
        "balade-des-simples",
        "Balade botanique des simples du Sappey",
        ["outdoor", "wellbeing"],
        "excursion",
        "simples-du-sappey",
        "38472",
        S.PUBLISHED,
        "engagé",
        "15",
        "15",
        120,
        ["families", "seniors"],
        True,
        "Reconnaître et cueillir les plantes médicinales du plateau, puis préparer sa tisane.",
        "Une boucle facile de trois kilomètres autour du village, ponctuée d'arrêts au jardin. Retour "
        "à l'atelier pour composer un mélange de tisane à emporter.",
        [(14, 100, "09:00", "11:00", [6])],
    ),
    (
        "sentier-des-vergers",
        "Sentier des vergers anciens",
        ["outdoor", "food"],
        "excursion",
        "vergers-de-riviere",
        "38410",
        S.PUBLISHED,
        "",
        None,
        None,
        90,
        ["families"],
        False,
        "Un sentier libre à travers les vergers de variétés anciennes, avec jus de pommes à l'arrivée.",
        "Panneaux sur les variétés, la greffe et la taille. Accès libre toute l'année ; dégustation de "
        "jus à la boutique de la ferme aux heures d'ouverture.",
        [],
    ),
    (
        "stage-vannerie-osier-vivant",
        "Stage de vannerie en osier vivant",
        ["heritage", "outdoor"],
        "activity",
        "vannerie-de-proveysieux",
        "38325",
        S.PRESELECTED,
        "",
        "60",
        "60",
        360,
        ["groups"],
        False,
        "Une journée pour tresser son panier avec l'osier cultivé au bord de la Roize.",
        "Choix des brins, fond, montants et bordure : chacun repart avec son panier. Repas tiré du sac.",
        [(20, 60, "09:00", "16:00", [5])],
    ),
    (
        "chevrerie-traite-gouter",
        "Traite des chèvres et goûter à la ferme",
        ["food", "outdoor"],
        "visit",
        "chevrerie-de-quaix",
        "38328",
        S.SUBMITTED,
        "",
        "7",
        "9",
        90,
        ["families", "schools"],
        False,
        "Assistez à la traite du soir, caressez les chevreaux et goûtez les fromages frais.",
        "Visite adaptée aux enfants ; bottes conseillées. Goûter de fromage frais au miel.",
        [(30, 90, "17:30", "19:00", [2, 4])],
    ),
    (
        "forge-couteau-journee",
        "Forger son couteau en une journée",
        ["heritage"],
        "activity",
        "forge-du-mont",
        "38418",
        S.DRAFT,
        "",
        "180",
        "180",
        420,
        [],
        False,
        "Du barreau d'acier au couteau affûté : forge, trempe et montage du manche.",
        "",
        [],
    ),
    (
        "bains-de-foret-guiers",
        "Bain de forêt au bord du Guiers",
        ["wellbeing", "outdoor"],
        "activity",
        "Les Sentiers du Souffle",
        "73105",
        S.PUBLISHED,
        "engagé",
        "25",
        "25",
        150,
        ["seniors", "groups"],
        True,
        "Une marche lente et des exercices de respiration guidés, au rythme de la rivière.",
        "Accompagnés par une sophrologue diplômée, vous parcourez deux kilomètres en deux heures et "
        "demie. Accessible sans condition physique particulière.",
        [(2, 150, "09:30", "12:00", [0, 3])],
    ),
    (
        "nuit-des-etoiles-col-du-coq",
        "Nuit des étoiles au col du Coq",
        ["outdoor"],
        "event",
        "Association Ciel de Chartreuse",
        "38442",
        S.PUBLISHED,
        "",
        None,
        None,
        180,
        ["families"],
        False,
        "Observation du ciel aux télescopes avec les astronomes amateurs de l'association.",
        "Gratuit, sans réservation. Prévoir des vêtements chauds et une lampe rouge. Annulé en cas de "
        "ciel couvert : information le jour même à l'office de tourisme.",
        [(40, 0, "21:30", "00:00", [])],
    ),
    (
        "marche-producteurs-saint-laurent",
        "Marché des producteurs du vendredi",
        ["food"],
        "event",
        "Comité des fêtes de Saint-Laurent-du-Pont",
        "38412",
        S.PUBLISHED,
        "",
        None,
        None,
        None,
        ["families"],
        True,
        "Chaque vendredi soir d'été, les producteurs du réseau sur la place de la mairie.",
        "Fromages, miels, confitures, pain et légumes ; buvette de jus de pommes et musique.",
        [(0, 120, "17:00", "21:00", [4])],
    ),
    (
        "salon-vins-savoie-echelles",
        "Rencontre avec les vignerons savoyards",
        ["wine"],
        "event",
        "Les Amis du Vin des Échelles",
        "73105",
        S.PUBLISHED,
        "",
        "5",
        "5",
        240,
        ["groups"],
        True,
        "Une soirée pour rencontrer des vignerons de la combe de Savoie et déguster leurs vins.",
        "Verre de dégustation inclus dans le prix d'entrée. Navette depuis la gare de Chambéry.",
        [(25, 0, "18:00", "22:00", [])],
    ),
    (
        "spa-nordique-entremont",
        "Bain nordique et sauna au bois",
        ["wellbeing"],
        "activity",
        "Refuge du Granier",
        "73107",
        S.REJECTED,
        "",
        "28",
        "35",
        90,
        [],
        False,
        "Bain nordique chauffé au bois face au Granier, sauna et tisane de plantes.",
        "",
        [],
    ),
]


def load(stdout=None) -> None:
    today = timezone.localdate()
    communes = {c.insee_code: c for c in commune_list()}
    members = {m.slug: m for m in member_public_queryset()}
    touched = []
    for n, (
        slug,
        title,
        families,
        kind,
        who,
        insee,
        status,
        badge,
        low,
        high,
        duration,
        audiences,
        no_car,
        short,
        long,
        periods,
    ) in enumerate(OFFERS):
        member = members.get(who)
        commune = communes.get(insee)
        defaults = {
            "title": title,
            "families": families,
            "kind": kind,
            "short_description": short,
            "description": long,
            "member": member,
            "provider_name": member.name if member else who,
            "commune": commune,
            "commune_name": commune.name if commune else "",
            "postcode": commune.postcode if commune else "",
            "insee_code": insee,
            "latitude": (member.latitude if member else commune.latitude if commune else None),
            "longitude": (member.longitude if member else commune.longitude if commune else None),
            "price_min": Decimal(low) if low else None,
            "price_max": Decimal(high) if high else None,
            "free": low is None and kind == "event",
            "duration_minutes": duration,
            "audiences": audiences,
            "without_car": no_car,
            "transport_note": "Ligne de bus régionale, arrêt au centre du village (10 minutes à pied)."
            if no_car
            else "",
            "accessibility": "Atelier de plain-pied, accessible en fauteuil." if kind == "activity" else "",
            "phone": member.phone if member else "",
            "email": member.email if member else "",
            "status": status,
            "source": Source.MANUAL,
            "rejection_reason": "Activité hors du périmètre du réseau (pas de savoir-faire local)."
            if status == S.REJECTED
            else "",
            "published_at": timezone.now() if status == S.PUBLISHED else None,
            "badge_level": badge,
            "badge_scores": BADGE if badge else {},
            "badge_awarded_on": today - dt.timedelta(days=60) if badge else None,
            "badge_expires_on": today + dt.timedelta(days=305) if badge else None,
        }
        offer, _created = Offer.objects.update_or_create(slug=slug, defaults=defaults)
        OpeningPeriod.objects.filter(offer=offer).delete()
        OpeningPeriod.objects.bulk_create(
            [
                OpeningPeriod(
                    offer=offer,
                    starts_on=today + dt.timedelta(days=start),
                    ends_on=today + dt.timedelta(days=start + length),
                    opens_at=dt.time.fromisoformat(opens),
                    closes_at=dt.time.fromisoformat(closes) if closes != "00:00" else None,
                    weekdays=weekdays,
                )
                for start, length, opens, closes, weekdays in periods
            ]
        )
        if periods and n % 3 == 0:
            # A one-day closure a week ahead: the next date skips it (offers/opening.py).
            closure = today + dt.timedelta(days=7)
            OpeningPeriod.objects.create(
                offer=offer, starts_on=closure, ends_on=closure, closed=True, note="Fermeture exceptionnelle"
            )
        touched.append(offer.pk)
    touched += _imported_offers(members, communes)
    offer_refresh_search_vector(offer_ids=touched)
    if stdout is not None:
        stdout.write(f"    {len(touched)} offres de démonstration")


def _imported_offers(members, communes) -> list[int]:
    """An offer as an Apidae import leaves it: no member yet, but its provider's e-mail matches
    « Le Rucher des Cimes », so the staff offer page suggests « Rattacher à Le Rucher des Cimes ».
    The member link is never set here: re-loading keeps whatever staff decided."""
    rucher = members.get("rucher-des-cimes")
    commune = communes.get("38446")
    if rucher is None or not rucher.email:
        return []
    offer, _created = Offer.objects.update_or_create(
        source=Source.APIDAE,
        external_id="demo-apidae-7001",
        defaults={
            "slug": "visite-du-rucher-et-degustation-de-miels",
            "title": "Visite du rucher et dégustation de miels",
            "families": ["food"],
            "kind": "tasting",
            "short_description": (
                "Une heure au rucher avec l'apicultrice, puis une dégustation de miels de montagne."
            ),
            "provider_name": "Rucher des Cimes (fiche Apidae)",
            "provider_keys": [f"email:{rucher.email.casefold()}"],
            "commune": commune,
            "commune_name": commune.name if commune else "",
            "postcode": commune.postcode if commune else "",
            "insee_code": "38446",
            "latitude": rucher.latitude,
            "longitude": rucher.longitude,
            "price_min": Decimal("8"),
            "price_max": Decimal("12"),
            "audiences": ["families"],
            "source_types": ["DEGUSTATION", "TypeClientele:570"],
            "attribution_name": "Office de tourisme (démonstration)",
            "source_modified_at": timezone.now().replace(hour=8, minute=0, second=0, microsecond=0)
            - dt.timedelta(days=3),
            # What real Apidae records carry: several phones and e-mails, practical information,
            # the managing organisation (a STRUCTURE, kept as a provider, not an offer).
            "phones": ["04 76 88 60 21", "06 72 11 48 90"],
            "emails": [rucher.email, "visites@rucher-des-cimes.example"],
            "websites": ["https://rucher-des-cimes.example", "https://rucher-des-cimes.example/boutique"],
            "phone": "04 76 88 60 21",
            "email": rucher.email,
            "website": "https://rucher-des-cimes.example",
            "provider_external_id": "demo-apidae-structure-7000",
            "i18n": {
                "title_en": "Apiary visit and honey tasting",
                "short_description_en": (
                    "An hour at the apiary with the beekeeper, then a tasting of mountain honeys."
                ),
                "title_it": "Visita dell'apiario e degustazione di mieli",
            },
            "practical": {
                "payment": ["Espèces", "Chèques", "Carte bancaire"],
                "languages": ["Français", "Anglais", "Italien"],
                "services": ["Boutique", "Parking", "Animaux non acceptés"],
                "capacity": [["group", 15]],
                "access": "Parking du col puis 300 m de sentier ; chaussures fermées conseillées.",
            },
        },
    )
    provider, _created = Provider.objects.update_or_create(
        source=Source.APIDAE,
        external_id="demo-apidae-structure-7000",
        defaults={
            "name": "Rucher des Cimes (structure Apidae)",
            "commune_name": commune.name if commune else "",
            "postcode": commune.postcode if commune else "",
            "phones": ["04 76 88 60 21"],
            "emails": [rucher.email],
        },
    )
    Offer.objects.filter(pk=offer.pk).update(provider=provider)
    # Open every summer, written once by the provider with the year it was entered.
    OpeningPeriod.objects.filter(offer=offer).delete()
    first_summer = dt.date(2019, 6, 15)
    OpeningPeriod.objects.bulk_create(
        [
            OpeningPeriod(
                offer=offer,
                starts_on=starts,
                ends_on=ends,
                opens_at=dt.time(10),
                closes_at=dt.time(17),
                weekdays=[2, 5],
                every_year=True,
            )
            for starts, ends in roll_every_year(first_summer, dt.date(2019, 9, 15), timezone.localdate())
        ]
    )
    return [offer.pk]
