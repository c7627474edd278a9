"""Inalterability in PostgreSQL itself: the till journal is append-only, and a closed
statement (and its lines) can no longer change. TRUNCATE stays possible for test flushes."""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION shop_journal_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'shop_journalentry is append-only: % refused on entry %', TG_OP, OLD.sequence
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER shop_journal_append_only
    BEFORE UPDATE OR DELETE ON shop_journalentry
    FOR EACH ROW EXECUTE FUNCTION shop_journal_refuse_change();

CREATE OR REPLACE FUNCTION shop_statement_refuse_change() RETURNS trigger AS $$
BEGIN
    IF OLD.status <> 'draft' THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'closed statement % cannot be deleted', OLD.number
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF (NEW.member_id, NEW.period, NEW.number, NEW.gross, NEW.vat, NEW.commission, NEW.net_due,
            NEW.closed_at) IS DISTINCT FROM
           (OLD.member_id, OLD.period, OLD.number, OLD.gross, OLD.vat, OLD.commission, OLD.net_due,
            OLD.closed_at)
           OR NEW.status = 'draft' THEN
            RAISE EXCEPTION 'closed statement % cannot be changed', OLD.number
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER shop_statement_immutable_when_closed
    BEFORE UPDATE OR DELETE ON shop_statement
    FOR EACH ROW EXECUTE FUNCTION shop_statement_refuse_change();

CREATE OR REPLACE FUNCTION shop_statementline_refuse_change() RETURNS trigger AS $$
DECLARE
    parent_status text;
BEGIN
    SELECT status INTO parent_status FROM shop_statement
        WHERE id = COALESCE(NEW.statement_id, OLD.statement_id);
    IF parent_status IS NOT NULL AND parent_status <> 'draft' THEN
        RAISE EXCEPTION 'lines of a closed statement cannot change'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER shop_statementline_immutable_when_closed
    BEFORE INSERT OR UPDATE OR DELETE ON shop_statementline
    FOR EACH ROW EXECUTE FUNCTION shop_statementline_refuse_change();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS shop_statementline_immutable_when_closed ON shop_statementline;
DROP FUNCTION IF EXISTS shop_statementline_refuse_change();
DROP TRIGGER IF EXISTS shop_statement_immutable_when_closed ON shop_statement;
DROP FUNCTION IF EXISTS shop_statement_refuse_change();
DROP TRIGGER IF EXISTS shop_journal_append_only ON shop_journalentry;
DROP FUNCTION IF EXISTS shop_journal_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
