from django.db import migrations, models

# The workshop page is rendered in two layers (issue 18): a *shell* (everything but the dates:
# description, photos, artisan, reviews, header and footer) kept under a stamp that only moves
# when what the shell shows changes, and the dates, read fresh at each render. A change of seats
# (a booking, a cancellation, a payment hold) moves the page stamp but not the shell's, so the
# page after a booking renders its dates only.
#
# Rows marked ``content`` are the changes the shell shows. Recorded by PostgreSQL like the page
# stamp's rows (no writer can forget them):
# - workshops: an insert or a delete, or an update of any column but the listing ones (next
#   dates with seats, kept by the session triggers at every booking) — compared row by row, so a
#   column added later counts without touching this trigger;
# - reviews, photos, members, crafts, antennas, communes and charters, at every statement.
# Sessions, bookings and waitlist entries are not content: the dates are never in the shell.
SQL = """
CREATE OR REPLACE FUNCTION workshops_catalogue_content_changed() RETURNS trigger AS $$
BEGIN
    INSERT INTO workshops_cataloguechange (at, content) VALUES (now(), true);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION workshops_workshop_content_updated() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (to_jsonb(o) - 'next_start_with_seats' - 'next_dates')
              IS DISTINCT FROM (to_jsonb(n) - 'next_start_with_seats' - 'next_dates')
    ) THEN
        INSERT INTO workshops_cataloguechange (at, content) VALUES (now(), true);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER workshops_workshop_content_ins_del AFTER INSERT OR DELETE ON workshops_workshop
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_catalogue_content_changed();
CREATE TRIGGER workshops_workshop_content_upd AFTER UPDATE ON workshops_workshop
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_workshop_content_updated();
CREATE TRIGGER workshops_review_content_changed AFTER INSERT OR UPDATE OR DELETE ON workshops_review
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_catalogue_content_changed();
CREATE TRIGGER workshops_workshopphoto_content_changed AFTER INSERT OR UPDATE OR DELETE ON workshops_workshopphoto
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_catalogue_content_changed();
CREATE TRIGGER network_member_content_changed AFTER INSERT OR UPDATE OR DELETE ON network_member
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_catalogue_content_changed();
CREATE TRIGGER network_craft_content_changed AFTER INSERT OR UPDATE OR DELETE ON network_craft
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_catalogue_content_changed();
CREATE TRIGGER network_antenna_content_changed AFTER INSERT OR UPDATE OR DELETE ON network_antenna
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_catalogue_content_changed();
CREATE TRIGGER network_commune_content_changed AFTER INSERT OR UPDATE OR DELETE ON network_commune
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_catalogue_content_changed();
CREATE TRIGGER network_chartersignature_content_changed AFTER INSERT OR UPDATE OR DELETE ON network_chartersignature
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_catalogue_content_changed();
CREATE TRIGGER network_charterversion_content_changed AFTER INSERT OR UPDATE OR DELETE ON network_charterversion
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_catalogue_content_changed();
"""

TRIGGERS = [
    ("workshops_workshop_content_ins_del", "workshops_workshop"),
    ("workshops_workshop_content_upd", "workshops_workshop"),
    ("workshops_review_content_changed", "workshops_review"),
    ("workshops_workshopphoto_content_changed", "workshops_workshopphoto"),
    ("network_member_content_changed", "network_member"),
    ("network_craft_content_changed", "network_craft"),
    ("network_antenna_content_changed", "network_antenna"),
    ("network_commune_content_changed", "network_commune"),
    ("network_chartersignature_content_changed", "network_chartersignature"),
    ("network_charterversion_content_changed", "network_charterversion"),
]
REVERSE_SQL = "".join(f"DROP TRIGGER IF EXISTS {name} ON {table};\n" for name, table in TRIGGERS) + (
    "DROP FUNCTION IF EXISTS workshops_workshop_content_updated();\n"
    "DROP FUNCTION IF EXISTS workshops_catalogue_content_changed();\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0011_member_bank_holder"),
        ("workshops", "0016_workshop_derived_columns_guard"),
    ]

    operations = [
        migrations.AddField(
            model_name="cataloguechange",
            name="content",
            field=models.BooleanField(db_default=False, default=False, verbose_name="contenu"),
        ),
        migrations.RunSQL(sql=SQL, reverse_sql=REVERSE_SQL),
    ]
