/* A pupil's alerts in ZT_DB_ALERT: at most one open of each kind, kept
 * current as figures change, resolved (never deleted) when their condition
 * stops holding, so the history of who tipped, when and why is kept. */
#ifndef ZT_ALERTS_H
#define ZT_ALERTS_H

#include <stddef.h>
#include <stdint.h>

#include "records.h"
#include "store.h"
#include "tipping.h"

/* What reconciling changed: alerts raised, and open alerts resolved. */
struct zt_alert_changes {
    size_t opened, resolved;
};

/* Brings the pupil's alerts in line with the verdict as of the date: resolves
 * open alerts of another kind, updates the open one of the verdict's kind, or
 * raises it. Writes only what changes; adds what it opened and resolved to
 * *changes (may be NULL). Returns how many family_meeting alerts the pupil
 * has now, open or resolved (none: no stage to update), or a negative error. */
int zt_alerts_reconcile(struct zt_txn *txn, const char *upn, uint32_t school, zt_date as_of,
                        const struct zt_verdict *v, const struct zt_figures *f, struct zt_alert_changes *changes);

/* 1 when alert a stood open on day: raised by then and not yet resolved
 * (an alert resolved on day was closed that day). The one rule for the
 * alert history as it stood on a date: --rewind's listing, a sibling's
 * open alert. */
int zt_alert_open_on(const struct zt_alert_value *a, zt_date day);

/* Calls fn for each alert of one pupil (upn non-NULL) or of the whole zone,
 * in pupil then raised order. fn returns non-zero to stop. */
typedef int (*zt_alert_fn)(const char *upn, const struct zt_alert_value *a, void *arg);
int zt_alerts_each(struct zt_txn *txn, const char *upn, zt_alert_fn fn, void *arg);

/* As zt_alerts_each, with each alert's sequence number (its key). */
typedef int (*zt_alert_seq_fn)(const char *upn, uint32_t seq, const struct zt_alert_value *a, void *arg);
int zt_alerts_each_seq(struct zt_txn *txn, const char *upn, zt_alert_seq_fn fn, void *arg);

/* As zt_alerts_each_seq over the whole zone, for the alerts of one school
 * (0: every school), the open ones alone when open_only: the others are
 * passed over without a copy (a school's listing walks the zone's alerts). */
int zt_alerts_of_school(struct zt_txn *txn, uint32_t school, int open_only, zt_alert_seq_fn fn, void *arg);

#endif
