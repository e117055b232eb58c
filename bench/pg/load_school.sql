-- Initial load of one school's export folder: one durable transaction.
-- TRUNCATE in the same transaction lets COPY skip the WAL (wal_level =
-- minimal: the table files are synced at commit instead) and FREEZE the rows
-- (no hint-bit rewrites or vacuum afterwards). HEADER MATCH refuses a file
-- whose columns are not the expected ones. @URN@ and @DIR@ are substituted
-- by bench/run.sh.
\set ON_ERROR_STOP 1
BEGIN;
TRUNCATE pupils_@URN@, attendance_@URN@, behaviour_@URN@, assessments_@URN@, health_@URN@;
\copy pupils_@URN@ (upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile) from '@DIR@/pupils.csv' with (format csv, header match, freeze)
\copy attendance_@URN@ (upn,date,session,code) from '@DIR@/attendance.csv' with (format csv, header match, freeze)
\copy behaviour_@URN@ (incident_id,upn,date,category,points,action,days) from '@DIR@/behaviour.csv' with (format csv, header match, freeze)
\copy assessments_@URN@ (upn,subject,date,step) from '@DIR@/assessments.csv' with (format csv, header match, freeze)
\copy health_@URN@ (event_id,upn,date,kind,severity) from '@DIR@/health.csv' with (format csv, header match, freeze)
COMMIT;
