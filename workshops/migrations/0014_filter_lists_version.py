from django.db import migrations

# The catalogue's filter panel lists crafts, antennas and communes. It is cached under the version
# of these lists, which a trigger bumps at every statement that changes one of the three tables.
# The row is updated (visible at commit, with the lists it describes) with values drawn from a
# sequence (never reused, even when a transaction rolls back: a key is never given twice to two
# different lists).
SQL = """
CREATE SEQUENCE workshops_filter_lists_seq;
CREATE TABLE workshops_filter_lists_version (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    version bigint NOT NULL
);
INSERT INTO workshops_filter_lists_version (id, version) VALUES (1, nextval('workshops_filter_lists_seq'));
CREATE OR REPLACE FUNCTION workshops_filter_lists_changed() RETURNS trigger AS $$
BEGIN
    UPDATE workshops_filter_lists_version SET version = nextval('workshops_filter_lists_seq') WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
-- The pages show these names too (filter, cards, workshop page): they also move the page stamp.
CREATE TRIGGER network_craft_catalogue_changed AFTER INSERT OR UPDATE OR DELETE ON network_craft
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_catalogue_changed();
CREATE TRIGGER network_antenna_catalogue_changed AFTER INSERT OR UPDATE OR DELETE ON network_antenna
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_catalogue_changed();
CREATE TRIGGER network_commune_catalogue_changed AFTER INSERT OR UPDATE OR DELETE ON network_commune
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_catalogue_changed();
CREATE TRIGGER network_craft_filter_lists AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON network_craft
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_filter_lists_changed();
CREATE TRIGGER network_antenna_filter_lists AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON network_antenna
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_filter_lists_changed();
CREATE TRIGGER network_commune_filter_lists AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON network_commune
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_filter_lists_changed();
"""

REVERSE_SQL = """
DROP TRIGGER IF EXISTS network_craft_catalogue_changed ON network_craft;
DROP TRIGGER IF EXISTS network_antenna_catalogue_changed ON network_antenna;
DROP TRIGGER IF EXISTS network_commune_catalogue_changed ON network_commune;
DROP TRIGGER IF EXISTS network_craft_filter_lists ON network_craft;
DROP TRIGGER IF EXISTS network_antenna_filter_lists ON network_antenna;
DROP TRIGGER IF EXISTS network_commune_filter_lists ON network_commune;
DROP FUNCTION IF EXISTS workshops_filter_lists_changed();
DROP TABLE IF EXISTS workshops_filter_lists_version;
DROP SEQUENCE IF EXISTS workshops_filter_lists_seq;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0011_member_bank_holder"),
        ("workshops", "0013_workshop_listing_columns"),
    ]

    operations = [migrations.RunSQL(sql=SQL, reverse_sql=REVERSE_SQL)]
