-- Roles of the regional database (README "A county of zones"). Run once
-- after schema.sql, as the database owner; then one login role per zone
-- and per county officer, authenticated by certificate (pg_hba.conf
-- "hostssl ... cert"), e.g.
--   CREATE ROLE north LOGIN IN ROLE zone_publisher;
--   CREATE ROLE officer_smith LOGIN IN ROLE county_officer;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'zone_publisher') THEN
        CREATE ROLE zone_publisher NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'county_officer') THEN
        CREATE ROLE county_officer NOLOGIN;
    END IF;
END
$$;

-- A zone adds its own figures and reads back nothing but what ON CONFLICT
-- needs: it can neither change nor delete a published snapshot.
GRANT USAGE ON SCHEMA region TO zone_publisher;
GRANT INSERT ON ALL TABLES IN SCHEMA region TO zone_publisher;
GRANT SELECT (zone) ON region.zones TO zone_publisher;
GRANT SELECT (zone, as_of) ON region.snapshots TO zone_publisher;

-- Each zone's rows are its own: a zone's login role is named as the zone
-- (zoned.conf's region_zone), and row-level security lets it add and see
-- only rows of that zone, never another zone's figures or name.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['zones', 'snapshots', 'gap_figures', 'alert_counts', 'leavers', 'offer_impact'] LOOP
        EXECUTE format('ALTER TABLE region.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS zone_adds_own ON region.%I', t);
        EXECUTE format('DROP POLICY IF EXISTS zone_sees_own ON region.%I', t);
        EXECUTE format('DROP POLICY IF EXISTS officer_reads ON region.%I', t);
        EXECUTE format('CREATE POLICY zone_adds_own ON region.%I FOR INSERT TO zone_publisher'
                       ' WITH CHECK (zone = current_user)', t);
        EXECUTE format('CREATE POLICY zone_sees_own ON region.%I FOR SELECT TO zone_publisher'
                       ' USING (zone = current_user)', t);
        EXECUTE format('CREATE POLICY officer_reads ON region.%I FOR SELECT TO county_officer USING (true)', t);
    END LOOP;
END
$$;

-- A county officer reads, and nothing else.
GRANT USAGE ON SCHEMA region TO county_officer;
GRANT SELECT ON ALL TABLES IN SCHEMA region TO county_officer;
