/* A family_meeting alert's lifecycle (issue #6): open -> invited -> meeting
 * held -> support in place -> back on track, or closed with a reason. The
 * stage is derived from the records (meetings, plan actions, the alert
 * resolving) each time a pupil is evaluated, and every stage reached is
 * appended to ZT_DB_ALERT_STAGE with the date it was reached, so the
 * history is kept. Stages only move forward; closed is final. */
#ifndef ZT_STAGES_H
#define ZT_STAGES_H

#include <stdint.h>

#include "date.h"
#include "records.h"
#include "store.h"
#include "support_records.h"

/* A meeting is due within this many school days of the alert. */
#define ZT_MEETING_DUE_SCHOOL_DAYS 15

/* Brings the stage history of each of the pupil's family_meeting alerts up
 * to date with the records dated on or before as_of. */
int zt_stage_update(struct zt_txn *txn, const char *upn, zt_date as_of);

/* The stage an alert is at: its last step, or open since it was raised
 * when it has none yet. */
struct zt_stage_now {
    uint32_t stage;
    zt_date since;
    char reason[ZT_OUTCOME_MAX + 1]; /* when closed */
};
int zt_stage_current(struct zt_txn *txn, const char *upn, uint32_t seq, const struct zt_alert_value *a,
                     struct zt_stage_now *out);

/* Closes the pupil's open family_meeting alert on the date with the reason
 * (*seq says which). -ENOENT when none is open, -EALREADY when closed. */
int zt_stage_close(struct zt_txn *txn, const char *upn, zt_date on, const char *reason, uint32_t *seq);

/* Overdue work on an open alert at stage `stage` as of a date, as
 * ZT_OVERDUE_* bits: no meeting held ZT_MEETING_DUE_SCHOOL_DAYS school days
 * after it was raised; a planned or active action past its review date. */
int zt_stage_overdue(struct zt_txn *txn, const char *upn, const struct zt_alert_value *a, uint32_t stage,
                     zt_date as_of, uint32_t *bits);

/* School days (Monday to Friday; holidays are not known to the zone) after
 * from, up to and including to. */
int zt_school_days_after(zt_date from, zt_date to);

/* Every recorded step of one pupil, by alert then step. */
typedef int (*zt_step_fn)(uint32_t seq, const struct zt_stage_value *v, void *arg);
int zt_stages_each(struct zt_txn *txn, const char *upn, zt_step_fn fn, void *arg);

#endif
