"""A first set of source type → family/kind mappings; staff refine them in the admin."""

from django.db import migrations

# (source, code, label, families, kind, priority). Lower priority wins for the kind.
DEFAULTS = [
    ("apidae", "FETE_ET_MANIFESTATION", "Fêtes et manifestations", [], "event", 10),
    ("apidae", "DEGUSTATION", "Dégustation", ["food"], "tasting", 20),
    ("apidae", "RESTAURATION", "Restauration", ["food"], "dining", 30),
    ("apidae", "PATRIMOINE_CULTUREL", "Patrimoine culturel", ["heritage"], "visit", 40),
    ("apidae", "PATRIMOINE_NATUREL", "Patrimoine naturel", ["outdoor"], "excursion", 40),
    ("apidae", "HOTELLERIE", "Hôtellerie", [], "lodging", 40),
    ("apidae", "HOTELLERIE_PLEIN_AIR", "Hôtellerie de plein air", ["outdoor"], "lodging", 40),
    ("apidae", "HEBERGEMENT_COLLECTIF", "Hébergement collectif", [], "lodging", 40),
    ("apidae", "HEBERGEMENT_LOCATIF", "Hébergement locatif", [], "lodging", 40),
    ("apidae", "ACTIVITE", "Activités", ["outdoor"], "activity", 50),
    ("apidae", "EQUIPEMENT", "Équipements (sentiers, sites de loisirs)", ["outdoor"], "activity", 50),
    ("apidae", "SEJOUR_PACKAGE", "Séjours", [], "excursion", 60),
    ("apidae", "COMMERCE_ET_SERVICE", "Commerces et services", [], "other", 90),
    ("apidae", "Sports", "Thème « Sports »", ["outdoor"], "", 100),
    ("apidae", "Sports cyclistes", "Thème « Sports cyclistes »", ["outdoor"], "", 100),
    ("apidae", "FeteEtManifestationType:1971", "Manifestation sportive", ["outdoor"], "", 100),
    ("apidae", "Marchés", "Marchés", ["food"], "", 100),
    ("apidae", "Gastronomie", "Thème « Gastronomie »", ["food"], "", 100),
    ("apidae", "Oenologie", "Thème « Œnologie »", ["wine"], "", 100),
    ("apidae", "Bien-être", "Thème « Bien-être »", ["wellbeing"], "", 100),
    ("apidae", "Artisanat", "Thème « Artisanat »", ["heritage"], "", 100),
    ("datatourisme", "schema:Event", "Événement", [], "event", 10),
    ("datatourisme", "EntertainmentAndEvent", "Fêtes et manifestations", [], "event", 10),
    ("datatourisme", "Conference", "Conférence", ["heritage"], "event", 10),
    ("datatourisme", "Tasting", "Dégustation", ["food"], "tasting", 20),
    ("datatourisme", "TastingProvider", "Lieu de dégustation", [], "tasting", 20),
    ("datatourisme", "Restaurant", "Restaurant", ["food"], "dining", 30),
    ("datatourisme", "FoodEstablishment", "Restauration", ["food"], "dining", 30),
    ("datatourisme", "CulturalSite", "Site culturel", ["heritage"], "visit", 40),
    ("datatourisme", "ReligiousSite", "Édifice religieux", ["heritage"], "visit", 40),
    ("datatourisme", "Accommodation", "Hébergement", [], "lodging", 40),
    ("datatourisme", "NaturalHeritage", "Patrimoine naturel", ["outdoor"], "excursion", 40),
    ("datatourisme", "Tour", "Itinéraire", ["outdoor"], "excursion", 40),
    ("datatourisme", "SportsAndLeisurePlace", "Lieu de sport et de loisirs", ["outdoor"], "activity", 50),
    ("datatourisme", "Producer", "Producteur", ["food"], "", 100),
    ("datatourisme", "schema:Winery", "Domaine viticole", ["wine"], "", 100),
    ("datatourisme", "kb:Wine", "Thème « Vin »", ["wine"], "", 100),
    ("datatourisme", "CraftsmanShop", "Artisan", ["heritage"], "", 100),
    ("datatourisme", "WellnessCentre", "Centre de bien-être", ["wellbeing"], "activity", 50),
]


def forwards(apps, schema_editor):
    TypeMapping = apps.get_model("offers", "TypeMapping")
    for source, code, label, families, kind, priority in DEFAULTS:
        TypeMapping.objects.get_or_create(
            source=source, code=code,
            defaults={"label": label, "families": families, "kind": kind, "priority": priority},
        )


def backwards(apps, schema_editor):
    TypeMapping = apps.get_model("offers", "TypeMapping")
    for source, code, *_ in DEFAULTS:
        TypeMapping.objects.filter(source=source, code=code).delete()


class Migration(migrations.Migration):
    dependencies = [("offers", "0003_opening_note_error_level")]
    operations = [migrations.RunPython(forwards, backwards)]
