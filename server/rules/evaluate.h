/* Re-evaluation: figures, verdict and alerts for one pupil or the whole zone,
 * inside the caller's write transaction so alerts always agree with the data
 * committed with them. */
#ifndef ZT_EVALUATE_H
#define ZT_EVALUATE_H

#include <stddef.h>

#include "date.h"

#include "store.h"
#include "thresholds.h"

#include "alerts.h"

/* What a whole-zone evaluation did. */
struct zt_evaluation {
    size_t pupils;
    struct zt_alert_changes alerts;
};

int zt_evaluate_pupil(struct zt_txn *txn, const char *upn, zt_date as_of,
                      const struct zt_thresholds *t);

/* Each pupil of l once (l is made unique). *evaluated (may be NULL) receives
 * how many. */
struct zt_upn_list;
int zt_evaluate_list(struct zt_txn *txn, struct zt_upn_list *l, zt_date as_of,
                     const struct zt_thresholds *t, size_t *evaluated);

/* Every pupil on any roll. *out (may be NULL) receives how many, and the
 * alerts that opened and resolved. */
int zt_evaluate_all(struct zt_txn *txn, zt_date as_of, const struct zt_thresholds *t,
                    struct zt_evaluation *out);

#endif
