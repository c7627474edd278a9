"""The per-address spending aggregate and the triggers that keep it (see ``Spending``).

What counts as spent — one rule, here only: bookings « confirmed » or « confirmed_invoice »
(a booking awaiting its online payment has not been paid), orders « collected ». Triggers
add and subtract increments: two transactions booking for the same person at once both land.
"""

from django.db import migrations, models

FORWARD = r"""
CREATE OR REPLACE FUNCTION relations_spending_add(p_email text, p_amount numeric) RETURNS void AS $$
BEGIN
    IF p_amount = 0 OR p_email IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO relations_spending (email, amount) VALUES (lower(p_email), p_amount)
    ON CONFLICT (email) DO UPDATE SET amount = relations_spending.amount + EXCLUDED.amount;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION relations_spending_booking() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.price = NEW.price
       AND OLD.email = NEW.email THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN ('confirmed', 'confirmed_invoice') THEN
        PERFORM relations_spending_add(OLD.email, -OLD.price);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN ('confirmed', 'confirmed_invoice') THEN
        PERFORM relations_spending_add(NEW.email, NEW.price);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION relations_spending_order() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.total = NEW.total
       AND OLD.email = NEW.email THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'collected' THEN
        PERFORM relations_spending_add(OLD.email, -OLD.total);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'collected' THEN
        PERFORM relations_spending_add(NEW.email, NEW.total);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER relations_spending_booking
    AFTER INSERT OR UPDATE OF status, price, email OR DELETE ON workshops_booking
    FOR EACH ROW EXECUTE FUNCTION relations_spending_booking();

CREATE TRIGGER relations_spending_order
    AFTER INSERT OR UPDATE OF status, total, email OR DELETE ON shop_order
    FOR EACH ROW EXECUTE FUNCTION relations_spending_order();

INSERT INTO relations_spending (email, amount)
SELECT lower(spent.email), sum(spent.amount) FROM (
    SELECT email, price AS amount FROM workshops_booking
    WHERE status IN ('confirmed', 'confirmed_invoice')
    UNION ALL
    SELECT email, total FROM shop_order WHERE status = 'collected'
) AS spent
GROUP BY lower(spent.email)
HAVING sum(spent.amount) <> 0;
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS relations_spending_booking ON workshops_booking;
DROP TRIGGER IF EXISTS relations_spending_order ON shop_order;
DROP FUNCTION IF EXISTS relations_spending_booking();
DROP FUNCTION IF EXISTS relations_spending_order();
DROP FUNCTION IF EXISTS relations_spending_add(text, numeric);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0003_campaign_voucher_offer"),
        ("workshops", "0011_workshop_cancellation_refund_percent"),
        ("shop", "0007_till_inalterability"),
    ]

    operations = [
        migrations.CreateModel(
            name="Spending",
            fields=[
                ("email", models.CharField(max_length=254, primary_key=True, serialize=False)),
                (
                    "amount",
                    models.DecimalField(
                        db_index=True, decimal_places=2, max_digits=12, verbose_name="montant dépensé"
                    ),
                ),
            ],
            options={
                "verbose_name": "dépenses d'une adresse",
                "db_table": "relations_spending",
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
