/* Sending an export to the zone in batches, pupil by pupil, so each batch is
 * one durable transaction that re-evaluates each of its pupils once. */
#ifndef ZT_PUSH_H
#define ZT_PUSH_H

#include <stdint.h>
#include <stdio.h>

#include "deletions.h"
#include "export.h"
#include "link.h"
#include "state.h"

struct zt_push_totals {
    uint32_t stored, unchanged, rejected;
    uint32_t deleted;  /* records the zone deleted (SPEC §3a), register marks singly */
    int withheld;      /* kinds whose deletions the guard held back: the run fails */
    uint32_t left;   /* pupils the zone newly marked as having left */
    size_t repaired; /* summary buckets where the state and the zone disagreed */
};

/* Pushes, per_batch pupils and their records a batch, the good rows of e that the zone does not hold yet (all of them
 * when st is NULL), recording each acknowledged row in st, then, when
 * pupils.csv was read whole, the complete roll and leavers.csv. Rows the
 * zone refuses are printed to report as "rejected FILE:LINE: reason".
 * Returns 0, or -1 with err (l->fail tells what failed); batches
 * acknowledged before a failure stay stored and recorded. */
int zt_push_export(struct zt_link *l, struct zt_export *e, struct zt_state *st, uint32_t per_batch,
                   const struct zt_deletion_opts *del, FILE *report, struct zt_push_totals *totals, char *err,
                   size_t errlen);

#endif
