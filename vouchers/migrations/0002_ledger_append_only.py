"""The voucher ledger is append-only: PostgreSQL refuses UPDATE and DELETE of a movement."""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION vouchers_movement_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'vouchers_movement is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER vouchers_movement_append_only
    BEFORE UPDATE OR DELETE ON vouchers_movement
    FOR EACH ROW EXECUTE FUNCTION vouchers_movement_append_only();
"""

REVERSE = """
DROP TRIGGER IF EXISTS vouchers_movement_append_only ON vouchers_movement;
DROP FUNCTION IF EXISTS vouchers_movement_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("vouchers", "0001_vouchers")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
