from django.db import migrations

TABLES = ("community_recommendation", "community_eclaireur")


class Migration(migrations.Migration):
    """The public workshop pages are cached under a stamp that PostgreSQL triggers bump
    (workshops 0006); their « conseil d'un éclaireur » block reads these two tables, so a
    moderated piece of advice (or an éclaireur suspended) must bump the stamp as well."""

    dependencies = [
        ("community", "0003_perks"),
        ("workshops", "0006_catalogue_changes"),
    ]

    operations = [
        migrations.RunSQL(
            sql="\n".join(
                f"CREATE TRIGGER {table}_catalogue_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION workshops_catalogue_changed();"
                for table in TABLES
            ),
            reverse_sql="\n".join(f"DROP TRIGGER IF EXISTS {table}_catalogue_changed ON {table};" for table in TABLES),
        ),
    ]
