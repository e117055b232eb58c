/* What a zone sends its region (issue #20, README "A county of zones"):
 * the figures of a gap snapshot, computed and suppressed (SPEC §8) in the
 * write transaction that takes the snapshot, kept in ZT_DB_REGION_OUTBOX
 * (key date(4)) until the publisher (server/daemon/region_publish.h) has written
 * them to the regional database. Nothing in an entry names a pupil: gap
 * figures of scopes the zone's own suppression publishes, and counts with
 * 1-4 withheld, no totals.
 *
 * An entry's value is text, one record a line, fields separated by tabs,
 * an empty field for a withheld figure (NULL in the region):
 *   snapshot  taken(unix) min_group
 *   gap       level scope scope_name cluster group side pupils <8 measures>
 *   alerts    kind stage count
 *   leavers   destination count
 *   impact    offer places places_taken pupils attendance_before attendance_after back_on_track */
#ifndef ZT_REGION_OUTBOX_H
#define ZT_REGION_OUTBOX_H

#include <stddef.h>

#include "date.h"
#include "gaps.h"
#include "store.h"

/* Builds the entry of the snapshot t as of date and puts it in the outbox,
 * replacing an entry of that date not yet sent. */
int zt_region_outbox_put(struct zt_txn *txn, zt_date date, const struct zt_gap_table *t);

/* Builds the entry's text alone (malloc'd, *len bytes, not terminated). */
int zt_region_figures(struct zt_txn *txn, zt_date date, const struct zt_gap_table *t, char **text,
                      size_t *len);

/* Dates of the entries waiting, oldest first. */
struct zt_region_entry {
    zt_date date;
    char *text; /* malloc'd */
    size_t len;
};
int zt_region_outbox_list(struct zt_txn *txn, struct zt_region_entry **out, size_t *n);
void zt_region_entries_free(struct zt_region_entry *e, size_t n);

/* Removes the entry of date (sent). */
int zt_region_outbox_done(struct zt_txn *txn, zt_date date);

#endif
