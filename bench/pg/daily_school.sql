-- The next day's export of one school, with the upsert semantics of SPEC §3,
-- in one durable transaction: rows are staged (COPY into temporary tables,
-- numbered in file order), then merged. A later mark for the same pupil,
-- date and session replaces the earlier one; an incident or health event is
-- replaced by id (a corrected UPN moves it); an assessment by pupil, subject
-- and date; a UPN listed twice in pupils.csv keeps its first row. Unchanged
-- rows are not rewritten. @URN@ and @DIR@ are substituted by bench/run.sh.
\set ON_ERROR_STOP 1
BEGIN;
CREATE TEMP TABLE s_pupils (LIKE pupils_@URN@ INCLUDING DEFAULTS, line bigint GENERATED ALWAYS AS IDENTITY) ON COMMIT DROP;
CREATE TEMP TABLE s_attendance (LIKE attendance_@URN@ INCLUDING DEFAULTS, line bigint GENERATED ALWAYS AS IDENTITY) ON COMMIT DROP;
CREATE TEMP TABLE s_behaviour (LIKE behaviour_@URN@ INCLUDING DEFAULTS, line bigint GENERATED ALWAYS AS IDENTITY) ON COMMIT DROP;
CREATE TEMP TABLE s_assessments (LIKE assessments_@URN@ INCLUDING DEFAULTS, line bigint GENERATED ALWAYS AS IDENTITY) ON COMMIT DROP;
CREATE TEMP TABLE s_health (LIKE health_@URN@ INCLUDING DEFAULTS, line bigint GENERATED ALWAYS AS IDENTITY) ON COMMIT DROP;
\copy s_pupils (upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile) from '@DIR@/pupils.csv' with (format csv, header match)
\copy s_attendance (upn,date,session,code) from '@DIR@/attendance.csv' with (format csv, header match)
\copy s_behaviour (incident_id,upn,date,category,points,action,days) from '@DIR@/behaviour.csv' with (format csv, header match)
\copy s_assessments (upn,subject,date,step) from '@DIR@/assessments.csv' with (format csv, header match)
\copy s_health (event_id,upn,date,kind,severity) from '@DIR@/health.csv' with (format csv, header match)

INSERT INTO pupils_@URN@ AS t (urn,upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile)
SELECT DISTINCT ON (upn) urn,upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile
FROM s_pupils ORDER BY upn, line
ON CONFLICT (urn, upn) DO UPDATE SET
    name = excluded.name, year_group = excluded.year_group, gender = excluded.gender,
    entry_date = excluded.entry_date, fsm = excluded.fsm, ever6 = excluded.ever6, cic = excluded.cic,
    sen = excluded.sen, eal = excluded.eal, ethnicity = excluded.ethnicity, gifted = excluded.gifted,
    idaci_decile = excluded.idaci_decile
WHERE (t.name, t.year_group, t.gender, t.entry_date, t.fsm, t.ever6, t.cic, t.sen, t.eal, t.ethnicity, t.gifted, t.idaci_decile)
      IS DISTINCT FROM (excluded.name, excluded.year_group, excluded.gender, excluded.entry_date, excluded.fsm,
      excluded.ever6, excluded.cic, excluded.sen, excluded.eal, excluded.ethnicity, excluded.gifted, excluded.idaci_decile);

INSERT INTO attendance_@URN@ AS t (urn, upn, date, session, code)
SELECT DISTINCT ON (upn, date, session) urn, upn, date, session, code
FROM s_attendance ORDER BY upn, date, session, line DESC
ON CONFLICT (urn, upn, date, session) DO UPDATE SET code = excluded.code
WHERE t.code <> excluded.code;

INSERT INTO behaviour_@URN@ AS t (urn, incident_id, upn, date, category, points, action, days)
SELECT DISTINCT ON (incident_id) urn, incident_id, upn, date, category, points, action, days
FROM s_behaviour ORDER BY incident_id, line DESC
ON CONFLICT (urn, incident_id) DO UPDATE SET
    upn = excluded.upn, date = excluded.date, category = excluded.category,
    points = excluded.points, action = excluded.action, days = excluded.days
WHERE (t.upn, t.date, t.category, t.points, t.action, t.days)
      IS DISTINCT FROM (excluded.upn, excluded.date, excluded.category, excluded.points, excluded.action, excluded.days);

INSERT INTO assessments_@URN@ AS t (urn, upn, subject, date, step)
SELECT DISTINCT ON (upn, subject, date) urn, upn, subject, date, step
FROM s_assessments ORDER BY upn, subject, date, line DESC
ON CONFLICT (urn, upn, subject, date) DO UPDATE SET step = excluded.step
WHERE t.step <> excluded.step;

INSERT INTO health_@URN@ AS t (urn, event_id, upn, date, kind, severity)
SELECT DISTINCT ON (event_id) urn, event_id, upn, date, kind, severity
FROM s_health ORDER BY event_id, line DESC
ON CONFLICT (urn, event_id) DO UPDATE SET
    upn = excluded.upn, date = excluded.date, kind = excluded.kind, severity = excluded.severity
WHERE (t.upn, t.date, t.kind, t.severity) IS DISTINCT FROM (excluded.upn, excluded.date, excluded.kind, excluded.severity);
COMMIT;
