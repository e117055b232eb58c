-- After the initial load: the keys of SPEC §3 as unique indexes (they also
-- prove the export had no duplicate key, and the daily upserts need them),
-- then fresh planner statistics.
\set ON_ERROR_STOP 1
CREATE UNIQUE INDEX ON pupils (urn, upn);
CREATE UNIQUE INDEX ON attendance (urn, upn, date, session);
CREATE UNIQUE INDEX ON behaviour (urn, incident_id);
CREATE UNIQUE INDEX ON assessments (urn, upn, subject, date);
CREATE UNIQUE INDEX ON health (urn, event_id);
ANALYZE;
