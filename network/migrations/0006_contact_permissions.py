"""Office staff manage contacts from the admin and read the consent history (never edit it)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICE_STAFF = "Office staff"


def grant(apps, schema_editor):
    network = apps.get_app_config("network")
    network.models_module = True
    create_permissions(network, apps=apps, verbosity=0)
    network.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="network")
    office, _ = Group.objects.get_or_create(name=OFFICE_STAFF)
    # Delete included: the right to erasure (RGPD art. 17) is exercised from the admin.
    office.permissions.add(*perms.filter(content_type__model="contact"))
    office.permissions.add(*perms.filter(content_type__model="consentevent", codename="view_consentevent"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="network",
                                      content_type__model__in=["contact", "consentevent"])
    for group in Group.objects.filter(name=OFFICE_STAFF):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [("network", "0005_contacts_review")]
    operations = [migrations.RunPython(grant, revoke)]
