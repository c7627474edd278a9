from django.db import migrations

# The listing and review columns of a workshop are derived from other rows; only the refresh
# functions may write them. A plain ``workshop.save()`` (a service, the admin) writes every
# column of an instance loaded earlier: without this guard it would put back the seats or the
# reviews of that moment. The refresh functions raise a transaction-local flag around their
# UPDATE; any other UPDATE keeps the stored values, and a new row starts empty (it has no
# session nor review yet).
SQL = """
CREATE OR REPLACE FUNCTION workshops_workshop_guard_derived() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.next_start_with_seats := NULL;
        NEW.next_dates := '[]'::jsonb;
        NEW.review_count := 0;
        NEW.review_average := NULL;
    ELSIF coalesce(current_setting('workshops.refreshing', true), '') <> 'on' THEN
        NEW.next_start_with_seats := OLD.next_start_with_seats;
        NEW.next_dates := OLD.next_dates;
        NEW.review_count := OLD.review_count;
        NEW.review_average := OLD.review_average;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER workshops_workshop_guard_derived BEFORE INSERT OR UPDATE ON workshops_workshop
    FOR EACH ROW EXECUTE FUNCTION workshops_workshop_guard_derived();

CREATE OR REPLACE FUNCTION workshops_listing_refresh(wid bigint) RETURNS void AS $$
DECLARE
    first_start timestamptz;
    dates jsonb;
BEGIN
    PERFORM 1 FROM workshops_workshop WHERE id = wid FOR NO KEY UPDATE;
    SELECT min(d.start),
           coalesce(jsonb_agg(jsonb_build_object('id', d.public_id, 'start', d.start,
                                                 'seats_left', d.seats_left) ORDER BY d.start), '[]'::jsonb)
      INTO first_start, dates
      FROM (SELECT s.public_id, s.start, s.capacity - s.seats_booked - coalesce(h.held, 0) AS seats_left
              FROM workshops_session s
              LEFT JOIN LATERAL (
                  SELECT sum(e.party_size) AS held FROM workshops_waitlistentry e
                   WHERE e.session_id = s.id AND e.status = 'offered' AND e.offer_expires_at > now()
              ) h ON true
             WHERE s.workshop_id = wid AND s.status IN ('scheduled', 'confirmed') AND NOT s.is_private
               AND s.start > now() AND s.capacity - s.seats_booked - coalesce(h.held, 0) > 0
             ORDER BY s.start
             LIMIT 3) d;
    PERFORM set_config('workshops.refreshing', 'on', true);
    UPDATE workshops_workshop SET next_start_with_seats = first_start, next_dates = dates
     WHERE id = wid
       AND (next_start_with_seats IS DISTINCT FROM first_start OR next_dates IS DISTINCT FROM dates);
    PERFORM set_config('workshops.refreshing', 'off', true);
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION workshops_review_summary_refresh(wid bigint) RETURNS void AS $$
DECLARE
    n integer;
    average double precision;
BEGIN
    PERFORM 1 FROM workshops_workshop WHERE id = wid FOR NO KEY UPDATE;
    SELECT count(*), avg(score)::double precision INTO n, average
      FROM workshops_review WHERE workshop_id = wid AND status = 'approved';
    PERFORM set_config('workshops.refreshing', 'on', true);
    UPDATE workshops_workshop SET review_count = n, review_average = average
     WHERE id = wid AND (review_count IS DISTINCT FROM n OR review_average IS DISTINCT FROM average);
    PERFORM set_config('workshops.refreshing', 'off', true);
END;
$$ LANGUAGE plpgsql;
"""

REVERSE_SQL = """
DROP TRIGGER IF EXISTS workshops_workshop_guard_derived ON workshops_workshop;
DROP FUNCTION IF EXISTS workshops_workshop_guard_derived();
"""


class Migration(migrations.Migration):
    dependencies = [("workshops", "0015_workshop_review_summary")]

    operations = [migrations.RunSQL(sql=SQL, reverse_sql=REVERSE_SQL)]
