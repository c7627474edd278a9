"""Demo data for the network: a Chartreuse-like territory with real communes."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from common.access import COORDINATOR_GROUP, OFFICE_STAFF_GROUP

from .models import Antenna, Commune, Craft, Member, Territory, User

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
    ("atelier-du-tourneur", "L'Atelier du Tourneur", ["tournage-sur-bois"], "38442", "Julien Perrin",
     "Bols, toupies et objets du quotidien tournés dans le hêtre et l'érable de la forêt domaniale."),
    ("rucher-des-cimes", "Le Rucher des Cimes", ["miel"], "38446", "Claire Mollard",
     "Miels de montagne, pollen et pain d'épices, récoltés sur les alpages d'Entremont."),
    ("terre-de-guiers", "Terre de Guiers", ["poterie-ceramique"], "38155", "Sophie Giroud",
     "Grès tourné et émaillé à la cendre de bois, cuisson au four à bois deux fois par an."),
    ("confitures-du-granier", "Les Confitures du Granier", ["confitures"], "38075", "Marie Bonnet",
     "Confitures et sirops de fruits du verger et de la montagne, cuits au chaudron de cuivre."),
    ("coutellerie-guiers-vif", "Coutellerie du Guiers Vif", ["coutellerie"], "73105", "Thomas Rey",
     "Couteaux pliants forgés à la main, manches en buis et en bois de cerf ramassé."),
    ("fil-de-chartreuse", "Fil de Chartreuse", ["tissage"], "38472", "Anne Vial",
     "Tissage de laine de brebis de pays, plaids et écharpes teints aux plantes."),
    ("ferme-du-col", "La Ferme du Col", ["fromages"], "38442", "Pierre Cartier",
     "Tommes et bleus au lait cru de vaches de race villarde, affinés en cave."),
    ("distillerie-des-alpages", "Distillerie des Alpages", ["liqueurs", "plantes"], "38412",
     "Luc Chabert", "Liqueurs et génépis distillés à partir de plantes cueillies à la main."),
    ("vannerie-de-proveysieux", "Vannerie de Proveysieux", ["vannerie"], "38325", "Élise Roux",
     "Paniers en osier vivant cultivé au bord de la Roize, stages d'initiation."),
    ("cuir-et-sangle", "Cuir & Sangle", ["maroquinerie"], "38565", "Nadia Faure",
     "Maroquinerie cousue main en cuir tanné végétal, réparations et sur-mesure."),
    ("ebenisterie-des-petites-roches", "Ébénisterie des Petites Roches", ["ebenisterie"], "38395",
     "Hugo Blanc", "Mobilier en noyer et mélèze du plateau, assemblages traditionnels."),
    ("simples-du-sappey", "Les Simples du Sappey", ["plantes"], "38472", "Camille Bernard",
     "Tisanes, sels aux herbes et hydrolats de plantes cultivées en bio à 1 000 m."),
    ("miellerie-du-touvet", "Miellerie du Touvet", ["miel"], "38511", "Olivier Michel",
     "Miels de châtaignier et de forêt, ruches en bois local, visites du rucher."),
    ("poterie-des-echelles", "Poterie des Échelles", ["poterie-ceramique"], "73105",
     "Lucie Garnier", "Faïence décorée et vaisselle utilitaire, ateliers enfants."),
    ("bois-tourne-de-crossey", "Bois tourné de Crossey", ["tournage-sur-bois", "ebenisterie"],
     "38383", "Marc Dumas", "Tournage d'art et ustensiles de cuisine en bois fruitier."),
    ("chevrerie-de-quaix", "Chèvrerie de Quaix", ["fromages"], "38328", "Sarah Morel",
     "Fromages de chèvre fermiers, visites de la traite et goûters à la ferme."),
    ("vergers-de-riviere", "Les Vergers de Rivière", ["confitures"], "38410", "Paul Fournier",
     "Jus de pommes, confitures et pâtes de fruits de variétés anciennes."),
    ("laine-des-entremonts", "Laine des Entremonts", ["tissage"], "73107", "Jeanne Lambert",
     "Filage et feutrage de laine locale, chaussons et jouets en feutre."),
    ("forge-du-mont", "Forge du Mont", ["coutellerie"], "38418", "Antoine Girard",
     "Forge de couteaux de cuisine et d'outils de jardin en acier carbone."),
    ("paniers-de-miribel", "Les Paniers de Miribel", ["vannerie", "plantes"], "38236",
     "Rose Martin", "Vannerie sauvage en ronce et clématite, cueillettes commentées."),
]

_ANTENNA_COORDINATED = "coeur-de-chartreuse"


def _user(email: str, *, first: str, last: str, staff=False, superuser=False, member=None,
          groups=()) -> User:
    user, _created = User.objects.update_or_create(
        email=email,
        defaults={"first_name": first, "last_name": last, "is_staff": staff or superuser,
                  "is_superuser": superuser, "member": member, "is_active": True},
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.set(Group.objects.filter(name__in=groups))
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def load(stdout=None) -> None:
    territory, _ = Territory.objects.update_or_create(
        slug="chartreuse", defaults={"name": "Chartreuse"}
    )
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
            defaults={"name": name, "postcode": postcode, "latitude": lat, "longitude": lon,
                      "antenna": antennas[antenna]},
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
                "name": name, "antenna": commune.antenna, "commune": commune,
                "latitude": round(commune.latitude + offset, 5),
                "longitude": round(commune.longitude - offset, 5),
                "description": description, "contact_name": contact,
                "email": f"contact@{slug}.example", "phone": f"04 76 88 {10 + i:02d} {20 + i:02d}",
                "address": f"{3 + i} route de la Chartreuse",
                "status": Member.Status.ACTIVE, "joined_on": datetime.date(2019 + i % 6, 3, 1),
                "renewal_due_on": datetime.date(2027, 3, 1),
                "show_email": i % 2 == 0,
            },
        )
        member.crafts.set([crafts[c] for c in craft_slugs])
        members[slug] = member

    _user("accueil@maillage.demo", first="Nathalie", last="Arnaud", staff=True,
          groups=[OFFICE_STAFF_GROUP])
    coordinator = _user("coordination@maillage.demo", first="Isabelle", last="Chevalier",
                        staff=True, groups=[COORDINATOR_GROUP])
    antennas[_ANTENNA_COORDINATED].coordinators.set([coordinator])
    _user("artisan@maillage.demo", first="Julien", last="Perrin",
          member=members["atelier-du-tourneur"])
    _user("artisan2@maillage.demo", first="Claire", last="Mollard",
          member=members["rucher-des-cimes"])
    _user("admin@maillage.demo", first="Admin", last="Maillage", superuser=True)
