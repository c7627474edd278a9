"""A till ticket accepts one change: its customer's e-mail blanked by a GDPR erase.

The till's inalterability (0007) rests on the signed journal, whose entries hold each ticket's
amounts, lines and payments but never the customer's e-mail; French till rules require nothing of
it. So the append-only trigger of ``shop_sale`` lets exactly this through — ``customer_email`` from
an address to ``''``, every other column equal — and refuses everything else as before."""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION shop_sale_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.customer_email <> '' AND NEW.customer_email = ''
       AND (to_jsonb(NEW) - 'customer_email') = (to_jsonb(OLD) - 'customer_email') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS shop_sale_append_only ON shop_sale;
CREATE TRIGGER shop_sale_append_only
    BEFORE UPDATE OR DELETE ON shop_sale
    FOR EACH ROW EXECUTE FUNCTION shop_sale_refuse_change();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS shop_sale_append_only ON shop_sale;
CREATE TRIGGER shop_sale_append_only
    BEFORE UPDATE OR DELETE ON shop_sale
    FOR EACH ROW EXECUTE FUNCTION shop_till_refuse_change();
DROP FUNCTION IF EXISTS shop_sale_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("shop", "0007_till_inalterability")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
