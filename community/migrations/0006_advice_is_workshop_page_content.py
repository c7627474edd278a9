from django.db import migrations

TABLES = ("community_recommendation", "community_eclaireur")


class Migration(migrations.Migration):
    """The « conseil d'un éclaireur » block is in the workshop page's shell (workshops 0017): a
    moderated piece of advice (or an éclaireur suspended) moves the shell's stamp as well."""

    dependencies = [
        ("community", "0005_greeter_absences"),
        ("workshops", "0017_cataloguechange_content"),
    ]

    operations = [
        migrations.RunSQL(
            sql="\n".join(
                f"CREATE TRIGGER {table}_content_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION workshops_catalogue_content_changed();"
                for table in TABLES
            ),
            reverse_sql="\n".join(f"DROP TRIGGER IF EXISTS {table}_content_changed ON {table};" for table in TABLES),
        ),
    ]
