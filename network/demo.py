"""Demo data for the network: a Chartreuse-like territory with real communes."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from common.access import COORDINATOR_GROUP, OFFICE_STAFF_GROUP

from .models import (
    Antenna,
    CapacityRule,
    CharterSignature,
    CharterVersion,
    Commune,
    ConsentEvent,
    Contact,
    Craft,
    DecisionTemplate,
    Member,
    MembershipApplication,
    Office,
    Territory,
    User,
)

DEMO_PASSWORD = "maillage-demo"
DEMO_ACCOUNTS = [
    ("accueil@maillage.demo", "Équipe de l'office"),
    ("coordination@maillage.demo", "Coordinatrice d'antenne"),
    ("artisan@maillage.demo", "Membre (tourneur sur bois)"),
    ("artisan2@maillage.demo", "Second membre (apicultrice)"),
    ("admin@maillage.demo", "Administrateur"),
]

ANTENNAS = [
    # slug, name, lat, lon
    ("coeur-de-chartreuse", "Cœur de Chartreuse", 45.3906, 5.7800),
    ("chartreuse-sud", "Chartreuse Sud", 45.2700, 5.7200),
    ("balcons-de-chartreuse", "Balcons de Chartreuse", 45.3800, 5.9300),
]

# INSEE code, name, postcode, latitude, longitude, antenna slug
COMMUNES = [
    ("38442", "Saint-Pierre-de-Chartreuse", "38380", 45.3419, 5.8156, "coeur-de-chartreuse"),
    ("38412", "Saint-Laurent-du-Pont", "38380", 45.3906, 5.7342, "coeur-de-chartreuse"),
    ("73107", "Entremont-le-Vieux", "73670", 45.4453, 5.8856, "coeur-de-chartreuse"),
    ("38446", "Saint-Pierre-d'Entremont", "38380", 45.4122, 5.8561, "coeur-de-chartreuse"),
    ("73105", "Les Échelles", "73360", 45.4407, 5.7509, "coeur-de-chartreuse"),
    ("38155", "Entre-deux-Guiers", "38380", 45.4306, 5.7564, "coeur-de-chartreuse"),
    ("38236", "Miribel-les-Échelles", "38380", 45.4307, 5.7130, "coeur-de-chartreuse"),
    ("38410", "Saint-Joseph-de-Rivière", "38134", 45.3758, 5.6958, "coeur-de-chartreuse"),
    ("38472", "Le Sappey-en-Chartreuse", "38700", 45.2622, 5.7764, "chartreuse-sud"),
    ("38328", "Quaix-en-Chartreuse", "38950", 45.2528, 5.7275, "chartreuse-sud"),
    ("38325", "Proveysieux", "38120", 45.2958, 5.7058, "chartreuse-sud"),
    ("38565", "Voreppe", "38340", 45.2947, 5.6358, "chartreuse-sud"),
    ("38382", "Saint-Égrève", "38120", 45.2328, 5.6828, "chartreuse-sud"),
    ("38383", "Saint-Étienne-de-Crossey", "38960", 45.3803, 5.6456, "chartreuse-sud"),
    ("38395", "Plateau-des-Petites-Roches", "38660", 45.3333, 5.8833, "balcons-de-chartreuse"),
    ("38511", "Le Touvet", "38660", 45.3589, 5.9489, "balcons-de-chartreuse"),
    ("38075", "Chapareillan", "38530", 45.4650, 5.9917, "balcons-de-chartreuse"),
    ("38418", "Sainte-Marie-du-Mont", "38660", 45.3700, 5.9397, "balcons-de-chartreuse"),
]

CRAFTS = [
    ("tournage-sur-bois", "Tournage sur bois", "Wood turning"),
    ("poterie-ceramique", "Poterie et céramique", "Pottery and ceramics"),
    ("miel", "Miel et produits de la ruche", "Honey and bee products"),
    ("confitures", "Confitures et sirops", "Jams and syrups"),
    ("coutellerie", "Coutellerie", "Knife making"),
    ("tissage", "Tissage", "Weaving"),
    ("fromages", "Fromages fermiers", "Farm cheese"),
    ("liqueurs", "Liqueurs et distillation", "Liqueurs and distilling"),
    ("vannerie", "Vannerie", "Basketry"),
    ("maroquinerie", "Maroquinerie", "Leatherwork"),
    ("ebenisterie", "Ébénisterie", "Cabinet making"),
    ("plantes", "Plantes aromatiques et médicinales", "Aromatic and medicinal herbs"),
]

# slug, name, crafts, commune INSEE, contact name, description
MEMBERS = [
    (
        "atelier-du-tourneur",
        "L'Atelier du Tourneur",
        ["tournage-sur-bois"],
        "38442",
        "Julien Perrin",
        "Bols, toupies et objets du quotidien tournés dans le hêtre et l'érable de la forêt domaniale.",
    ),
    (
        "rucher-des-cimes",
        "Le Rucher des Cimes",
        ["miel"],
        "38446",
        "Claire Mollard",
        "Miels de montagne, pollen et pain d'épices, récoltés sur les alpages d'Entremont.",
    ),
    (
        "terre-de-guiers",
        "Terre de Guiers",
        ["poterie-ceramique"],
        "38155",
        "Sophie Giroud",
        "Grès tourné et émaillé à la cendre de bois, cuisson au four à bois deux fois par an.",
    ),
    (
        "confitures-du-granier",
        "Les Confitures du Granier",
        ["confitures"],
        "38075",
        "Marie Bonnet",
        "Confitures et sirops de fruits du verger et de la montagne, cuits au chaudron de cuivre.",
    ),
    (
        "coutellerie-guiers-vif",
        "Coutellerie du Guiers Vif",
        ["coutellerie"],
        "73105",
        "Thomas Rey",
        "Couteaux pliants forgés à la main, manches en buis et en bois de cerf ramassé.",
    ),
    (
        "fil-de-chartreuse",
        "Fil de Chartreuse",
        ["tissage"],
        "38472",
        "Anne Vial",
        "Tissage de laine de brebis de pays, plaids et écharpes teints aux plantes.",
    ),
    (
        "ferme-du-col",
        "La Ferme du Col",
        ["fromages"],
        "38442",
        "Pierre Cartier",
        "Tommes et bleus au lait cru de vaches de race villarde, affinés en cave.",
    ),
    (
        "distillerie-des-alpages",
        "Distillerie des Alpages",
        ["liqueurs", "plantes"],
        "38412",
        "Luc Chabert",
        "Liqueurs et génépis distillés à partir de plantes cueillies à la main.",
    ),
    (
        "vannerie-de-proveysieux",
        "Vannerie de Proveysieux",
        ["vannerie"],
        "38325",
        "Élise Roux",
        "Paniers en osier vivant cultivé au bord de la Roize, stages d'initiation.",
    ),
    (
        "cuir-et-sangle",
        "Cuir & Sangle",
        ["maroquinerie"],
        "38565",
        "Nadia Faure",
        "Maroquinerie cousue main en cuir tanné végétal, réparations et sur-mesure.",
    ),
    (
        "ebenisterie-des-petites-roches",
        "Ébénisterie des Petites Roches",
        ["ebenisterie"],
        "38395",
        "Hugo Blanc",
        "Mobilier en noyer et mélèze du plateau, assemblages traditionnels.",
    ),
    (
        "simples-du-sappey",
        "Les Simples du Sappey",
        ["plantes"],
        "38472",
        "Camille Bernard",
        "Tisanes, sels aux herbes et hydrolats de plantes cultivées en bio à 1 000 m.",
    ),
    (
        "miellerie-du-touvet",
        "Miellerie du Touvet",
        ["miel"],
        "38511",
        "Olivier Michel",
        "Miels de châtaignier et de forêt, ruches en bois local, visites du rucher.",
    ),
    (
        "poterie-des-echelles",
        "Poterie des Échelles",
        ["poterie-ceramique"],
        "73105",
        "Lucie Garnier",
        "Faïence décorée et vaisselle utilitaire, ateliers enfants.",
    ),
    (
        "bois-tourne-de-crossey",
        "Bois tourné de Crossey",
        ["tournage-sur-bois", "ebenisterie"],
        "38383",
        "Marc Dumas",
        "Tournage d'art et ustensiles de cuisine en bois fruitier.",
    ),
    (
        "chevrerie-de-quaix",
        "Chèvrerie de Quaix",
        ["fromages"],
        "38328",
        "Sarah Morel",
        "Fromages de chèvre fermiers, visites de la traite et goûters à la ferme.",
    ),
    (
        "vergers-de-riviere",
        "Les Vergers de Rivière",
        ["confitures"],
        "38410",
        "Paul Fournier",
        "Jus de pommes, confitures et pâtes de fruits de variétés anciennes.",
    ),
    (
        "laine-des-entremonts",
        "Laine des Entremonts",
        ["tissage"],
        "73107",
        "Jeanne Lambert",
        "Filage et feutrage de laine locale, chaussons et jouets en feutre.",
    ),
    (
        "forge-du-mont",
        "Forge du Mont",
        ["coutellerie"],
        "38418",
        "Antoine Girard",
        "Forge de couteaux de cuisine et d'outils de jardin en acier carbone.",
    ),
    (
        "paniers-de-miribel",
        "Les Paniers de Miribel",
        ["vannerie", "plantes"],
        "38236",
        "Rose Martin",
        "Vannerie sauvage en ronce et clématite, cueillettes commentées.",
    ),
]

_ANTENNA_COORDINATED = "coeur-de-chartreuse"


def _user(email: str, *, first: str, last: str, staff=False, superuser=False, member=None, groups=()) -> User:
    user, _created = User.objects.update_or_create(
        email=email,
        defaults={
            "first_name": first,
            "last_name": last,
            "is_staff": staff or superuser,
            "is_superuser": superuser,
            "member": member,
            "is_active": True,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.set(Group.objects.filter(name__in=groups))
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _siren(i: int) -> str:
    return f"8{i:02d}4{i:02d}517"


def _vat_number(siren: str) -> str:
    """French VAT number: FR + key (12 + 3 × (SIREN mod 97)) mod 97 + SIREN."""
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def load(stdout=None) -> None:
    territory, _ = Territory.objects.update_or_create(slug="chartreuse", defaults={"name": "Chartreuse"})
    antennas = {}
    for slug, name, lat, lon in ANTENNAS:
        antennas[slug], _ = Antenna.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "territory": territory, "latitude": lat, "longitude": lon},
        )
    communes = {}
    for code, name, postcode, lat, lon, antenna in COMMUNES:
        communes[code], _ = Commune.objects.update_or_create(
            insee_code=code,
            defaults={
                "name": name,
                "postcode": postcode,
                "latitude": lat,
                "longitude": lon,
                "antenna": antennas[antenna],
            },
        )
    crafts = {}
    for slug, name, name_en in CRAFTS:
        crafts[slug], _ = Craft.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en}
        )
    members = {}
    for i, (slug, name, craft_slugs, code, contact, description) in enumerate(MEMBERS):
        commune = communes[code]
        # A small, deterministic offset so members of one commune do not share a pin.
        offset = ((i % 5) - 2) * 0.0031
        member, _ = Member.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "antenna": commune.antenna,
                "commune": commune,
                "latitude": round(commune.latitude + offset, 5),
                "longitude": round(commune.longitude - offset, 5),
                "description": description,
                "contact_name": contact,
                "email": f"contact@{slug}.example",
                "phone": f"04 76 88 {10 + i:02d} {20 + i:02d}",
                "address": f"{3 + i} route de la Chartreuse",
                "status": Member.Status.ACTIVE,
                "joined_on": datetime.date(2019 + i % 6, 3, 1),
                "renewal_due_on": datetime.date(2027, 3, 1),
                "show_email": i % 2 == 0,
                "siret": f"{_siren(i)}000{10 + i:02d}",
                # Every third member is a micro-entrepreneur under the VAT exemption.
                "vat_exempt": i % 3 == 1,
                "vat_number": "" if i % 3 == 1 else _vat_number(_siren(i)),
            },
        )
        member.crafts.set([crafts[c] for c in craft_slugs])
        members[slug] = member

    _user("accueil@maillage.demo", first="Nathalie", last="Arnaud", staff=True, groups=[OFFICE_STAFF_GROUP])
    coordinator = _user(
        "coordination@maillage.demo",
        first="Isabelle",
        last="Chevalier",
        staff=True,
        groups=[COORDINATOR_GROUP],
    )
    antennas[_ANTENNA_COORDINATED].coordinators.set([coordinator])
    _user("artisan@maillage.demo", first="Julien", last="Perrin", member=members["atelier-du-tourneur"])
    _user("artisan2@maillage.demo", first="Claire", last="Mollard", member=members["rucher-des-cimes"])
    _user("admin@maillage.demo", first="Admin", last="Maillage", superuser=True)
    _load_membership(antennas=antennas, communes=communes, crafts=crafts, members=members)
    _load_contacts()
    _load_offices(antennas=antennas)


CHARTER_V1 = [
    "Je fabrique ou produis moi-même ce que je vends, dans mon atelier ou sur ma ferme du territoire.",
    "Mes matières premières sont locales (Chartreuse et alentours) ou issues de filières "
    "biologiques ou équitables.",
    "Je ne revends aucun produit importé ou acheté pour être revendu en l'état.",
    "J'accueille les visiteurs avec bienveillance et j'explique mon savoir-faire.",
    "Je participe à la vie du réseau : au moins une réunion d'antenne par an.",
]
CHARTER_V2 = CHARTER_V1[:3] + [
    "J'accueille les visiteurs avec bienveillance, j'explique mon savoir-faire et je signale "
    "l'accessibilité de mon atelier.",
    "Je participe à la vie du réseau : au moins une réunion d'antenne par an.",
    "Je limite les emballages : contenants consignés, réutilisables ou compostables.",
]

CHARTER_DRAFT_LINE = "Je propose de réparer ou d'entretenir ce que je vends, quand c'est possible."

# reference, business, contact, email, commune INSEE, crafts, status, days ago, description
APPLICATIONS = [
    (
        "ADH-DEMO0001",
        "Miellerie du Guiers",
        "Bastien Roche",
        "bastien@miellerie-guiers.example",
        "38412",
        ["miel"],
        "waitlisted",
        40,
        "Quarante ruches en transhumance entre Saint-Laurent-du-Pont et les alpages du Charmant Som.",
    ),
    (
        "ADH-DEMO0002",
        "Les Abeilles d'Entremont",
        "Manon Jacquet",
        "manon@abeilles-entremont.example",
        "73107",
        ["miel"],
        "waitlisted",
        21,
        "Miel de sapin et de montagne, hydromel en petite quantité, ruches en bois de pays.",
    ),
    (
        "ADH-DEMO0003",
        "Argile et Feu",
        "Yann Collomb",
        "yann@argile-feu.example",
        "38155",
        ["poterie-ceramique"],
        "waitlisted",
        12,
        "Céramique raku et vaisselle en grès, argile extraite dans l'Avant-Pays savoyard.",
    ),
    (
        "ADH-DEMO0004",
        "Tisserande du Touvet",
        "Louise Perret",
        "louise@tisserande.example",
        "38511",
        ["tissage"],
        "submitted",
        3,
        "Tissage de lin et de chanvre cultivés dans le Grésivaudan, linge de maison.",
    ),
    (
        "ADH-DEMO0005",
        "Herbes de Proveysieux",
        "Hélène Blanchard",
        "helene@herbes-proveysieux.example",
        "38325",
        ["plantes"],
        "submitted",
        1,
        "Cueillette de plantes sauvages et culture de simples, tisanes et baumes.",
    ),
    (
        "ADH-DEMO0006",
        "Couteaux du Sappey",
        "Romain Vallet",
        "romain@couteaux-sappey.example",
        "38472",
        ["coutellerie"],
        "info_requested",
        9,
        "Couteaux de poche forgés, lames en acier damassé, manches en bois local.",
    ),
    (
        "ADH-DEMO0007",
        "Souvenirs des Alpes",
        "Kevin Durand",
        "kevin@souvenirs-alpes.example",
        "38442",
        ["tournage-sur-bois"],
        "refused",
        30,
        "Boutique de souvenirs : objets en bois et magnets.",
    ),
    (
        "ADH-DEMO0008",
        "Vannerie des Échelles",
        "Odile Brun",
        "odile@vannerie-echelles.example",
        "73105",
        ["tissage"],
        "under_review",
        5,
        "Paniers et corbeilles en osier et en noisetier coupés sur la commune, stages d'initiation.",
    ),
]

DECISION_TEMPLATES = [
    (
        "refuse",
        "Revente de produits importés",
        "La charte du réseau exclut la revente de produits importés ou achetés pour être revendus en "
        "l'état. Les objets que vous proposez ne sont pas fabriqués dans votre atelier : nous ne "
        "pouvons pas retenir votre candidature.",
    ),
    (
        "refuse",
        "Hors du territoire",
        "Votre atelier se trouve en dehors des communes couvertes par nos antennes. Nous vous "
        "invitons à vous rapprocher du réseau de votre territoire.",
    ),
    (
        "info",
        "SIRET manquant",
        "Pour étudier votre candidature, merci de nous transmettre votre numéro SIRET ou un extrait "
        "Kbis de moins de trois mois.",
    ),
    (
        "info",
        "Origine des matières premières",
        "Pourriez-vous préciser l'origine de vos matières premières (fournisseurs, distance) ?",
    ),
    (
        "waitlist",
        "Capacité atteinte",
        "Le nombre d'artisans de ce savoir-faire est limité dans chaque antenne pour que chacun vive "
        "de son activité. Toutes les places sont prises : vous êtes en liste d'attente et nous vous "
        "écrirons dès qu'une place se libère.",
    ),
]


def _load_membership(*, antennas, communes, crafts, members) -> None:
    today = timezone.localdate()
    now = timezone.now()
    v1, _ = CharterVersion.objects.update_or_create(
        number=1,
        defaults={
            "title": "Charte des artisans et producteurs de Chartreuse",
            "preamble": "Les membres du réseau font vivre les savoir-faire du massif. "
            "Ils s'engagent sur l'origine de ce qu'ils vendent et sur l'accueil.",
            "commitments": CHARTER_V1,
            "effective_on": datetime.date(2024, 1, 1),
            "published_at": datetime.datetime(2024, 1, 1, 9, 0, tzinfo=datetime.UTC),
            "sign_deadline": datetime.date(2024, 3, 1),
        },
    )
    v2, _ = CharterVersion.objects.update_or_create(
        number=2,
        defaults={
            "title": "Charte des artisans et producteurs de Chartreuse",
            "preamble": v1.preamble,
            "commitments": CHARTER_V2,
            "changes_summary": "Nouvel engagement sur les emballages ; l'accueil précise "
            "désormais l'accessibilité des ateliers.",
            "effective_on": today - datetime.timedelta(days=10),
            "published_at": now - datetime.timedelta(days=10),
            "sign_deadline": today + datetime.timedelta(days=20),
        },
    )
    # Everyone signed v1; only a few have signed v2 yet (the demo artisans have not).
    for i, member in enumerate(members.values()):
        signer = member.users.first()
        CharterSignature.objects.get_or_create(
            member=member,
            version=v1,
            defaults={
                "signer": signer,
                "signed_at": datetime.datetime(2024, 1, 15 + i % 10, 10, 0, tzinfo=datetime.UTC),
            },
        )
        if i % 3 == 2:
            CharterSignature.objects.get_or_create(member=member, version=v2, defaults={"signer": signer})
    # Version 3 is being drafted (staff page « Rédiger la charte »): the editor opens on it and
    # previews what members will see. Created once, through the service, so the page's history
    # shows who drafted it.
    if not CharterVersion.objects.filter(number=3).exists():
        from . import services

        services.charter_draft_save(
            actor=User.objects.filter(email="accueil@maillage.demo").first(),
            title=v2.title,
            preamble=v2.preamble,
            commitments=[CHARTER_V2[0], CHARTER_V2[2], CHARTER_V2[1], *CHARTER_V2[3:5], CHARTER_DRAFT_LINE],
            changes_summary="Projet : un engagement sur la réparation de ce que nous vendons.",
            effective_on=today + datetime.timedelta(days=60),
        )
    # The demo wood-turner is due to renew soon, so the portal shows the renewal.
    Member.objects.filter(slug="atelier-du-tourneur").update(
        renewal_due_on=today + datetime.timedelta(days=25)
    )

    for antenna, craft, limit in (
        ("coeur-de-chartreuse", "miel", 1),
        ("coeur-de-chartreuse", "poterie-ceramique", 2),
        ("chartreuse-sud", "fromages", 1),
        ("balcons-de-chartreuse", "miel", 2),
    ):
        CapacityRule.objects.update_or_create(
            antenna=antennas[antenna], craft=crafts[craft], defaults={"max_members": limit}
        )
    for kind, title, body in DECISION_TEMPLATES:
        DecisionTemplate.objects.update_or_create(kind=kind, title=title, defaults={"body": body})

    staff = User.objects.filter(email="accueil@maillage.demo").first()
    for ref, business, contact, email, insee, craft_slugs, status, days, description in APPLICATIONS:
        commune = communes[insee]
        created = now - datetime.timedelta(days=days)
        decided = status not in ("submitted", "under_review")
        reviewed = status != "submitted"
        message = {
            "waitlisted": DECISION_TEMPLATES[4][2],
            "refused": DECISION_TEMPLATES[0][2],
            "info_requested": DECISION_TEMPLATES[2][2],
        }.get(status, "")
        application, _ = MembershipApplication.objects.update_or_create(
            reference=ref,
            defaults={
                "business_name": business,
                "contact_name": contact,
                "email": email,
                "commune": commune,
                "antenna": commune.antenna,
                "description": description,
                "charter_version": v2 if days < 10 else v1,
                "answers": [
                    {"number": n, "commitment": text, "answer": "yes", "comment": ""}
                    for n, text in enumerate(CHARTER_V2 if days < 10 else CHARTER_V1, start=1)
                ],
                "consent_at": created,
                "status": status,
                "decision_message": message,
                "decided_at": created + datetime.timedelta(days=2) if decided else None,
                "decided_by": staff if decided else None,
                "reviewer": staff if reviewed else None,
                "review_started_at": created + datetime.timedelta(days=1) if reviewed else None,
                "waitlisted_at": created + datetime.timedelta(days=2) if status == "waitlisted" else None,
                "phone": "06 12 34 56 78",
            },
        )
        MembershipApplication.objects.filter(pk=application.pk).update(created_at=created)
        application.crafts.set([crafts[c] for c in craft_slugs])


# name, email, kind, sources, consent (True, False, or "withdrawn"), language
CONTACTS = [
    ("Camille Fournier", "camille.fournier@example.fr", "visitor", ["workshops.booking"], True, "fr"),
    ("Thomas Girard", "thomas.girard@example.fr", "visitor", ["workshops.booking", "shop.order"], True, "fr"),
    ("Léa Bonnet", "lea.bonnet@example.fr", "visitor", ["shop.order"], False, "fr"),
    ("Hugo Lambert", "hugo.lambert@example.fr", "visitor", ["workshops.booking"], True, "fr"),
    ("Chloé Fontaine", "chloe.fontaine@example.fr", "visitor", ["workshops.booking"], False, "fr"),
    ("Emma Rousseau", "emma.rousseau@example.fr", "visitor", ["shop.order"], True, "fr"),
    ("Lucas Vincent", "lucas.vincent@example.fr", "visitor", ["workshops.booking"], "withdrawn", "fr"),
    ("Sarah Mercier", "sarah.mercier@example.fr", "visitor", ["workshops.booking", "shop.order"], True, "fr"),
    ("James Whitfield", "james.whitfield@example.co.uk", "visitor", ["workshops.booking"], True, "en"),
    ("Anna Schmidt", "anna.schmidt@example.de", "visitor", ["workshops.booking"], False, "en"),
    ("Louis Garnier", "louis.garnier@example.fr", "visitor", ["shop.order"], False, "fr"),
    ("Inès Faure", "ines.faure@example.fr", "visitor", ["workshops.booking"], True, "fr"),
    ("Nathan André", "nathan.andre@example.fr", "visitor", ["workshops.booking"], False, "fr"),
    ("Zoé Lefèvre", "zoe.lefevre@example.fr", "visitor", ["shop.order"], True, "fr"),
    ("Gabriel Morel", "gabriel.morel@example.fr", "visitor", ["workshops.booking"], False, "fr"),
    ("Jade Chevallier", "jade.chevallier@example.fr", "visitor", ["workshops.booking"], True, "fr"),
    ("Martine Guillot", "martine.guillot@example.fr", "inhabitant", ["staff", "shop.order"], True, "fr"),
    ("Bernard Roux", "bernard.roux@example.fr", "inhabitant", ["staff"], True, "fr"),
    ("Sylvie Perrier", "sylvie.perrier@example.fr", "inhabitant", ["shop.order"], False, "fr"),
    ("Jacques Dumas", "jacques.dumas@example.fr", "inhabitant", ["workshops.booking"], "withdrawn", "fr"),
    ("Monique Arnaud", "monique.arnaud@example.fr", "inhabitant", ["staff"], True, "fr"),
    ("Pierre Gaillard", "pierre.gaillard@example.fr", "inhabitant", ["shop.order"], False, "fr"),
    (
        "Mairie de Saint-Pierre-de-Chartreuse",
        "accueil@mairie-stpierre.example",
        "partner",
        ["staff"],
        True,
        "fr",
    ),
    (
        "Parc naturel régional de Chartreuse",
        "contact@parc-chartreuse.example",
        "partner",
        ["staff"],
        True,
        "fr",
    ),
    ("Gîte du Col de Porte", "gite@col-de-porte.example", "partner", ["staff"], True, "fr"),
    (
        "École de Saint-Laurent-du-Pont",
        "ecole@stlaurent.example",
        "partner",
        ["staff", "workshops.booking"],
        False,
        "fr",
    ),
    ("Office de tourisme du Grésivaudan", "info@ot-gresivaudan.example", "partner", ["staff"], True, "fr"),
    ("Camping des Échelles", "camping@les-echelles.example", "partner", ["staff"], False, "fr"),
    (
        "Association Chartreuse Patrimoine",
        "asso@chartreuse-patrimoine.example",
        "partner",
        ["staff"],
        True,
        "fr",
    ),
    ("Marie Poulain", "marie.poulain@example.fr", "visitor", ["workshops.booking"], True, "fr"),
]


def _load_contacts() -> None:
    """About thirty contacts; dates relative to today, so reloading updates rather than duplicates."""
    now = timezone.now()
    staff = User.objects.filter(email="accueil@maillage.demo").first()
    for i, (name, email, kind, sources, consent, language) in enumerate(CONTACTS):
        first_seen = (now - datetime.timedelta(days=12 * i + 30)).replace(microsecond=0)
        last_seen = (now - datetime.timedelta(days=3 * i + 2)).replace(microsecond=0)
        given_at = first_seen if consent in (True, "withdrawn") else None
        withdrawn_at = last_seen if consent == "withdrawn" else None
        contact, _ = Contact.objects.update_or_create(
            email=email,
            defaults={
                "name": name,
                "kind": kind,
                "sources": sources,
                "language": language,
                "phone": f"06 {20 + i:02d} {(37 * i) % 100:02d} {(53 * i) % 100:02d} {(71 * i) % 100:02d}",
                "marketing_consent": consent is True,
                "consent_given_at": given_at,
                "consent_source": sources[0] if given_at else "",
                "consent_withdrawn_at": withdrawn_at,
                "first_seen_at": first_seen,
                "last_seen_at": last_seen,
            },
        )
        # The history is keyed on the contact and its kind: one « given », at most one « withdrawn ».
        if given_at:
            ConsentEvent.objects.update_or_create(
                contact=contact,
                kind=ConsentEvent.Kind.GIVEN,
                defaults={
                    "occurred_at": given_at,
                    "source": sources[0],
                    "actor": staff if sources[0] == "staff" else None,
                },
            )
        if withdrawn_at:
            ConsentEvent.objects.update_or_create(
                contact=contact,
                kind=ConsentEvent.Kind.WITHDRAWN,
                defaults={"occurred_at": withdrawn_at, "source": "network.unsubscribe"},
            )


OFFICES = [
    # slug of antenna or None, name, address, postcode, city, phone, email, hours, main
    (
        None,
        "Office de tourisme Cœur de Chartreuse",
        "Place de la Mairie",
        "38380",
        "Saint-Pierre-de-Chartreuse",
        "04 76 88 62 08",
        "accueil@maillage.demo",
        "Lundi–samedi : 9 h 00 – 12 h 30, 14 h 00 – 18 h 00\nDimanche (juillet–août) : 9 h 30 – 12 h 30",
        True,
    ),
    (
        "chartreuse-sud",
        "Point d'accueil du Sappey",
        "Le Bourg",
        "38700",
        "Le Sappey-en-Chartreuse",
        "04 76 88 84 05",
        "sappey@maillage.demo",
        "Mercredi–dimanche : 9 h 30 – 12 h 30, 14 h 00 – 17 h 30",
        False,
    ),
]


def _load_offices(*, antennas) -> None:
    for position, (antenna, name, address, postcode, city, phone, email, hours, main) in enumerate(OFFICES):
        Office.objects.update_or_create(
            name=name,
            defaults={
                "legal_name": "Association Maillage Chartreuse" if main else "",
                "legal_form": "Association loi 1901" if main else "",
                "is_main": main,
                "antenna": antennas.get(antenna) if antenna else None,
                "address": address,
                "postcode": postcode,
                "city": city,
                "phone": phone,
                "email": email,
                "opening_hours": hours,
                "position": position,
                "siret": "81234567800016" if main else "",
                "vat_number": "FR40812345678" if main else "",
                "publication_director": "Marie Girard" if main else "",
            },
        )
