from django.db import migrations

# French full-text search that ignores accents: "eglise" finds "Église".
CREATE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;"


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0001_initial"),
        ("common", "0003_unaccent"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
