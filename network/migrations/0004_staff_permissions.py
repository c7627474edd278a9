"""Give the staff groups the admin permissions on the network's models.

Office staff run the network from the admin too (charter versions, capacity rules, reply
templates, members, applications); coordinators may look at members and applications there.
Permissions are created here (they normally appear only after migrate) so this runs anywhere.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICE_STAFF = "Office staff"
COORDINATOR = "Antenna coordinator"

OFFICE_FULL = ["territory", "antenna", "commune", "craft", "member", "memberphoto", "charterversion",
               "capacityrule", "membershipapplication", "applicationdocument", "decisiontemplate"]
OFFICE_VIEW = ["chartersignature", "reminderlog", "user"]
COORDINATOR_VIEW = ["member", "membershipapplication", "applicationdocument", "capacityrule", "charterversion"]


def grant(apps, schema_editor):
    network = apps.get_app_config("network")
    network.models_module = True
    create_permissions(network, apps=apps, verbosity=0)
    network.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="network")
    office, _ = Group.objects.get_or_create(name=OFFICE_STAFF)
    coordinator, _ = Group.objects.get_or_create(name=COORDINATOR)
    office.permissions.add(*perms.filter(content_type__model__in=OFFICE_FULL))
    office.permissions.add(*perms.filter(content_type__model__in=OFFICE_VIEW, codename__startswith="view_"))
    coordinator.permissions.add(
        *perms.filter(content_type__model__in=COORDINATOR_VIEW, codename__startswith="view_")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=[OFFICE_STAFF, COORDINATOR]):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="network"))


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_charter_applications_capacity"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
