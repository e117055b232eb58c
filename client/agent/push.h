/* Sending an export to the zone in batches, pupil by pupil, so each batch is
 * one durable transaction that re-evaluates each of its pupils once. */
#ifndef ZT_PUSH_H
#define ZT_PUSH_H

#include <stdint.h>
#include <stdio.h>

#include "export.h"
#include "session.h"

struct zt_push_totals {
    uint32_t stored, unchanged, rejected;
};

/* Pushes every good row of e. Rows the zone refuses are printed to report
 * as "rejected FILE:LINE: reason". Returns 0, or -1 with err (s->fail tells
 * what failed); batches acknowledged before a failure stay stored. */
int zt_push_export(struct zt_session *s, struct zt_export *e, FILE *report,
                   struct zt_push_totals *totals, char *err, size_t errlen);

#endif
