-- The zone's open alerts as of :'asof' (SPEC §5 with the zone defaults and
-- the README's decisions), recomputed from scratch into the table alerts in
-- one durable transaction. psql variable: asof (YYYY-MM-DD).
\set ON_ERROR_STOP 1
BEGIN;
DROP TABLE IF EXISTS alerts;
CREATE TABLE alerts AS
WITH k AS (
    SELECT d,
           d - 27 AS ws, -- the last 28 days
           make_date(extract(year FROM d)::int - (extract(month FROM d) < 9)::int, 9, 1) AS ys
    FROM (SELECT :'asof'::date AS d) p
),
-- Pupils are those on any roll; the alert's school is the roll with the
-- latest entry date (ties: the higher URN).
roll AS (
    SELECT DISTINCT ON (upn) upn, urn AS school
    FROM pupils ORDER BY upn, entry_date DESC, urn DESC
),
-- Every school's marks count. Possible = present, approved, authorised,
-- unauthorised; present = present + approved; health = I + M.
att AS (
    SELECT a.upn,
           count(*) FILTER (WHERE a.date >= k.ys AND a.code NOT IN ('D','X','Z','#','Q','Y1','Y2','Y3','Y4','Y5','Y6','Y7')) AS possible,
           count(*) FILTER (WHERE a.date >= k.ys AND a.code IN ('/','\','L','K','V','P','W','B')) AS present,
           count(*) FILTER (WHERE a.date >= k.ws AND a.code IN ('I','M')) AS health
    FROM attendance a, k
    WHERE a.date <= k.d AND a.date >= least(k.ys, k.ws)
    GROUP BY a.upn
),
beh AS (
    SELECT b.upn,
           coalesce(sum(b.points) FILTER (WHERE b.date >= k.ws), 0) AS points,
           bool_or(b.action IN ('suspension','permanent_exclusion') AND b.date >= k.ys) AS excluded
    FROM behaviour b, k
    WHERE b.date <= k.d
    GROUP BY b.upn
),
hea AS (
    SELECT h.upn,
           bool_or(h.severity = 'high' AND h.date >= k.ys) AS high,
           bool_or(h.severity = 'medium' AND h.date >= k.ws) AS medium
    FROM health h, k
    WHERE h.date <= k.d
    GROUP BY h.upn
),
latest AS ( -- the latest assessment of each subject on or before d
    SELECT DISTINCT ON (s.upn, s.subject) s.upn, s.subject, s.step
    FROM assessments s, k
    WHERE s.date <= k.d
    ORDER BY s.upn, s.subject, s.date DESC
),
below AS (
    SELECT upn,
           bool_or(subject = 'maths' AND step IN ('gap','emerging')) AS maths,
           bool_or(subject IN ('reading','writing','english') AND step IN ('gap','emerging')) AS english
    FROM latest GROUP BY upn
),
colours AS ( -- 0 green, 1 amber, 2 red
    SELECT r.upn, r.school,
           CASE WHEN coalesce(a.possible, 0) < 20 THEN 0
                WHEN a.present * 100 < 90 * a.possible THEN 2
                WHEN a.present * 100 < 95 * a.possible THEN 1 ELSE 0 END AS att,
           CASE WHEN coalesce(b.points, 0) >= 10 OR coalesce(b.excluded, false) THEN 2
                WHEN coalesce(b.points, 0) >= 5 THEN 1 ELSE 0 END AS beh,
           CASE WHEN coalesce(a.health, 0) >= 6 OR coalesce(h.high, false) THEN 2
                WHEN coalesce(a.health, 0) >= 3 OR coalesce(h.medium, false) THEN 1 ELSE 0 END AS hea,
           coalesce(l.maths, false) AS below_maths,
           coalesce(l.english, false) AS below_english,
           coalesce(a.possible, 0) AS possible, coalesce(a.present, 0) AS present,
           coalesce(b.points, 0) AS behaviour_points_28d, coalesce(a.health, 0) AS health_sessions_28d
    FROM roll r
    LEFT JOIN att a USING (upn)
    LEFT JOIN beh b USING (upn)
    LEFT JOIN hea h USING (upn)
    LEFT JOIN below l USING (upn)
),
verdict AS ( -- lvl: the colour an indicator needs to be a reason
    SELECT c.*,
           greatest(att, beh, hea) = 2 AND (below_maths OR below_english) AS family,
           CASE WHEN greatest(att, beh, hea) = 2 AND (below_maths OR below_english) THEN 2 ELSE 1 END AS lvl
    FROM colours c
    WHERE greatest(att, beh, hea) = 2 OR (greatest(att, beh, hea) = 1 AND (below_maths OR below_english))
)
SELECT upn, school,
       CASE WHEN family THEN 'family_meeting' ELSE 'watch' END AS kind,
       array_remove(ARRAY[CASE WHEN att >= lvl THEN 'attendance' END,
                          CASE WHEN beh >= lvl THEN 'behaviour' END,
                          CASE WHEN hea >= lvl THEN 'health' END], NULL) AS reasons,
       array_remove(ARRAY[CASE WHEN below_english THEN 'english' END,
                          CASE WHEN below_maths THEN 'maths' END], NULL) AS below,
       possible, present, behaviour_points_28d, health_sessions_28d
FROM verdict;
COMMIT;
