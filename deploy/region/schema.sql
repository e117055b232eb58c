-- The regional database (README "A county of zones"): what each zone's
-- zoned publishes — aggregates only, already suppressed in the zone
-- (SPEC §8) — and the views a county officer reads. No table here has a
-- column for a pupil: no UPN, no name, no date of birth, no pupil-level row.
-- A figure withheld by the zone is absent (gap_figures) or NULL (counts);
-- the CHECKs refuse any group under 5 that reached the database anyway.
--
--   psql -d region -v ON_ERROR_STOP=1 -f schema.sql -f roles.sql
BEGIN;
CREATE SCHEMA IF NOT EXISTS region;
SET LOCAL search_path = region;

-- One row per zone, added by the zone's first publish.
CREATE TABLE IF NOT EXISTS zones (
    zone text PRIMARY KEY CHECK (zone ~ '^[A-Za-z0-9_.-]{1,64}$'),
    first_published timestamptz NOT NULL DEFAULT now()
);

-- A zone's figures as of a half-term end (or a date a coordinator chose),
-- written once: zoned inserts ON CONFLICT DO NOTHING, so a repeated publish
-- leaves the first untouched. Every figure below hangs off one snapshot.
CREATE TABLE IF NOT EXISTS snapshots (
    zone text NOT NULL REFERENCES zones,
    as_of date NOT NULL,
    taken timestamptz NOT NULL,      -- when zoned computed the figures
    published timestamptz NOT NULL DEFAULT now(),
    min_group integer NOT NULL,      -- the zone's suppression threshold (5)
    PRIMARY KEY (zone, as_of)
);

-- Gap figures by level and scope, for all pupils and for each group beside
-- the rest of its scope. A suppressed figure has no row.
CREATE TABLE IF NOT EXISTS gap_figures (
    zone text NOT NULL,
    as_of date NOT NULL,
    level text NOT NULL CHECK (level IN ('zone', 'cluster', 'school')),
    scope text NOT NULL,             -- '' (the zone), a cluster's name, a school's URN
    scope_name text NOT NULL,        -- the zone, cluster or school name
    cluster text NOT NULL,           -- a school's cluster ('' otherwise)
    grp text NOT NULL,               -- 'all' or a group of SPEC §8 (fsm, sen_support, ...)
    side text NOT NULL CHECK (side IN ('all', 'members', 'rest')),
    pupils integer NOT NULL CHECK (pupils >= 5),
    attendance_pct double precision,
    persistent_absence_pct double precision,
    severe_absence_pct double precision,
    suspensions_per_100 double precision,
    permanent_exclusions_per_100 double precision,
    below_expected_maths_pct double precision,
    below_expected_english_pct double precision,
    alert_pct double precision,
    PRIMARY KEY (zone, as_of, level, scope, grp, side),
    FOREIGN KEY (zone, as_of) REFERENCES snapshots ON DELETE CASCADE
);

-- Alerts raised this academic year by kind and the stage reached. NULL:
-- 1-4 alerts (withheld by the zone); no total is published.
CREATE TABLE IF NOT EXISTS alert_counts (
    zone text NOT NULL,
    as_of date NOT NULL,
    kind text NOT NULL,
    stage text NOT NULL,
    alerts integer CHECK (alerts = 0 OR alerts >= 5),
    PRIMARY KEY (zone, as_of, kind, stage),
    FOREIGN KEY (zone, as_of) REFERENCES snapshots ON DELETE CASCADE
);

-- Pupils who left a roll this academic year, by destination; NULL: 1-4.
CREATE TABLE IF NOT EXISTS leavers (
    zone text NOT NULL,
    as_of date NOT NULL,
    destination text NOT NULL,       -- zone_school, home_education, elsewhere, unknown,
                                     -- home_education_alert_open
    pupils integer CHECK (pupils = 0 OR pupils >= 5),
    PRIMARY KEY (zone, as_of, destination),
    FOREIGN KEY (zone, as_of) REFERENCES snapshots ON DELETE CASCADE
);

-- What each offer on the zone's menu did for the pupils it supported: the
-- six weeks before their support against the six weeks from it. Every
-- figure of an offer with 1-4 pupils is NULL.
CREATE TABLE IF NOT EXISTS offer_impact (
    zone text NOT NULL,
    as_of date NOT NULL,
    offer text NOT NULL,
    places integer,                  -- places available (0: no limit)
    places_taken integer CHECK (places_taken = 0 OR places_taken >= 5),
    pupils integer CHECK (pupils = 0 OR pupils >= 5),
    attendance_before_pct double precision,
    attendance_after_pct double precision,
    back_on_track integer CHECK (back_on_track = 0 OR back_on_track >= 5),
    PRIMARY KEY (zone, as_of, offer),
    FOREIGN KEY (zone, as_of) REFERENCES snapshots ON DELETE CASCADE
);

-- ---------------------------------------------------------------- views
-- Each zone's latest snapshot.
CREATE OR REPLACE VIEW latest AS
SELECT DISTINCT ON (zone) zone, as_of, taken, published
FROM snapshots ORDER BY zone, as_of DESC;

-- All-pupil figures of every zone and cluster at its latest snapshot, side
-- by side (the county picture's first table).
CREATE OR REPLACE VIEW scope_figures AS
SELECT g.zone, g.as_of, g.level, g.scope, g.scope_name, g.cluster, g.pupils,
       g.attendance_pct, g.persistent_absence_pct, g.severe_absence_pct,
       g.suspensions_per_100, g.permanent_exclusions_per_100,
       g.below_expected_maths_pct, g.below_expected_english_pct, g.alert_pct
FROM gap_figures g JOIN latest l USING (zone, as_of)
WHERE g.grp = 'all' AND g.side = 'all';

-- Gaps: each group against the rest of its scope, latest snapshots; the
-- difference is the group's figure minus the rest's.
CREATE OR REPLACE VIEW gaps AS
SELECT m.zone, m.as_of, m.level, m.scope, m.scope_name, m.grp,
       m.pupils AS members, r.pupils AS rest,
       m.attendance_pct - r.attendance_pct AS attendance_gap,
       m.persistent_absence_pct - r.persistent_absence_pct AS persistent_absence_gap,
       m.suspensions_per_100 - r.suspensions_per_100 AS suspensions_gap,
       m.below_expected_maths_pct - r.below_expected_maths_pct AS below_maths_gap,
       m.below_expected_english_pct - r.below_expected_english_pct AS below_english_gap
FROM gap_figures m
JOIN gap_figures r ON r.zone = m.zone AND r.as_of = m.as_of AND r.level = m.level
                  AND r.scope = m.scope AND r.grp = m.grp AND r.side = 'rest'
JOIN latest l ON l.zone = m.zone AND l.as_of = m.as_of
WHERE m.side = 'members';

-- Gap trend: the zone-level gaps of every snapshot, oldest first.
CREATE OR REPLACE VIEW gap_trend AS
SELECT m.zone, m.as_of, m.grp,
       m.attendance_pct - r.attendance_pct AS attendance_gap,
       m.persistent_absence_pct - r.persistent_absence_pct AS persistent_absence_gap
FROM gap_figures m
JOIN gap_figures r ON r.zone = m.zone AND r.as_of = m.as_of AND r.level = m.level
                  AND r.scope = m.scope AND r.grp = m.grp AND r.side = 'rest'
WHERE m.level = 'zone' AND m.side = 'members';

-- Counts at the latest snapshots; 'withheld' says a zone's count was 1-4.
CREATE OR REPLACE VIEW alerts_latest AS
SELECT a.zone, a.kind, a.stage, a.alerts, a.alerts IS NULL AS withheld
FROM alert_counts a JOIN latest l USING (zone, as_of);

CREATE OR REPLACE VIEW leavers_latest AS
SELECT v.zone, v.destination, v.pupils, v.pupils IS NULL AS withheld
FROM leavers v JOIN latest l USING (zone, as_of);

CREATE OR REPLACE VIEW impact_latest AS
SELECT i.* FROM offer_impact i JOIN latest l USING (zone, as_of);

COMMIT;
