"""Inalterability of the till in PostgreSQL itself (ISCA): tickets, their lines and payments,
daily / monthly / yearly closings (with their grand totals) and cash movements can be neither
changed nor deleted; a till session can only be closed once, then it is frozen.
TRUNCATE stays possible for test flushes."""

from django.db import migrations

TABLES = [
    "shop_sale",
    "shop_saleline",
    "shop_salepayment",
    "shop_dailyclosing",
    "shop_periodclosing",
    "shop_cashmovement",
]

FORWARD = r"""
CREATE OR REPLACE FUNCTION shop_till_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION shop_tillsession_close_once() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.closed_at IS NOT NULL
       OR (NEW.till_id, NEW.opened_at, NEW.opened_by_id, NEW.opening_float)
          IS DISTINCT FROM (OLD.till_id, OLD.opened_at, OLD.opened_by_id, OLD.opening_float) THEN
        RAISE EXCEPTION 'shop_tillsession: a session is only closed once, then frozen (% refused)', TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER shop_tillsession_frozen
    BEFORE UPDATE OR DELETE ON shop_tillsession
    FOR EACH ROW EXECUTE FUNCTION shop_tillsession_close_once();
""" + "".join(
    f"""
CREATE TRIGGER {table}_append_only
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION shop_till_refuse_change();
"""
    for table in TABLES
)

BACKWARD = "".join(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};\n" for table in TABLES) + r"""
DROP TRIGGER IF EXISTS shop_tillsession_frozen ON shop_tillsession;
DROP FUNCTION IF EXISTS shop_tillsession_close_once();
DROP FUNCTION IF EXISTS shop_till_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("shop", "0006_till_compliance")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
