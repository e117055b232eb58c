-- The PostgreSQL peer: what a local authority's data team would build from
-- the same MIS exports. One table per export file, list-partitioned by the
-- school's URN (the CSV files carry no URN; each school's rows go straight
-- into its own partition, whose default supplies it). No indexes here: they
-- are built after the initial load (index.sql). Cheap CHECK constraints do
-- the validation COPY can do declaratively (SPEC §3-§4 vocabularies).
-- psql variable: urns, a comma-separated list of the zone's URNs.
\set ON_ERROR_STOP 1

CREATE TABLE pupils (
    urn integer NOT NULL,
    upn text NOT NULL CHECK (length(upn) = 13),
    name text,
    year_group text NOT NULL CHECK (year_group IN ('N1','N2','R','1','2','3','4','5','6','7','8','9','10','11','12','13','14')),
    gender text NOT NULL CHECK (gender IN ('M','F','X')),
    entry_date date NOT NULL,
    fsm text CHECK (fsm IN ('Y','N')),
    ever6 text CHECK (ever6 IN ('Y','N')),
    cic text CHECK (cic IN ('Y','N')),
    sen text CHECK (sen IN ('N','K','E')),
    eal text CHECK (eal IN ('Y','N')),
    ethnicity text,
    gifted text CHECK (gifted IN ('Y','N')),
    idaci_decile smallint CHECK (idaci_decile BETWEEN 1 AND 10)
) PARTITION BY LIST (urn);

CREATE TABLE attendance (
    urn integer NOT NULL,
    upn text NOT NULL,
    date date NOT NULL,
    session text NOT NULL CHECK (session IN ('AM','PM')),
    code text NOT NULL CHECK (code IN ('/','\','L','K','V','P','W','B',
        'C','C1','C2','E','I','J1','M','R','S','T','G','N','O','U',
        'D','X','Z','#','Q','Y1','Y2','Y3','Y4','Y5','Y6','Y7'))
) PARTITION BY LIST (urn);

CREATE TABLE behaviour (
    urn integer NOT NULL,
    incident_id text NOT NULL CHECK (length(incident_id) BETWEEN 1 AND 32),
    upn text NOT NULL,
    date date NOT NULL,
    category text NOT NULL CHECK (length(category) BETWEEN 1 AND 32),
    points smallint NOT NULL CHECK (points BETWEEN 0 AND 100),
    action text NOT NULL CHECK (action IN ('none','detention','internal_exclusion','suspension','permanent_exclusion')),
    days numeric(5,2) CHECK (days IS NULL OR action = 'suspension')
) PARTITION BY LIST (urn);

CREATE TABLE assessments (
    urn integer NOT NULL,
    upn text NOT NULL,
    subject text NOT NULL CHECK (subject IN ('maths','reading','writing','english')),
    date date NOT NULL,
    step text NOT NULL CHECK (step IN ('gap','emerging','expected','deepening'))
) PARTITION BY LIST (urn);

CREATE TABLE health (
    urn integer NOT NULL,
    event_id text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 32),
    upn text NOT NULL,
    date date NOT NULL,
    kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 32),
    severity text NOT NULL CHECK (severity IN ('low','medium','high'))
) PARTITION BY LIST (urn);

-- One partition per school and table; its urn column defaults to the URN.
SELECT format('CREATE TABLE %I PARTITION OF %I (urn DEFAULT %s) FOR VALUES IN (%s)', t || '_' || u, t, u, u)
FROM unnest(string_to_array(:'urns', ',')) AS u,
     unnest(ARRAY['pupils','attendance','behaviour','assessments','health']) AS t
\gexec
