/* Deletions on the agent's side (SPEC §3a): what the school no longer has,
 * found by comparing a snapshot export with the state (what the zone holds
 * from this school), or read from deletions.csv with export_scope = changes;
 * held back per kind by the mass-deletion guard; sent after the rows and the
 * roll, exactly once like any batch; then forgotten by the state. */
#ifndef ZT_AGENT_DELETIONS_H
#define ZT_AGENT_DELETIONS_H

#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "date.h"
#include "export.h"
#include "link.h"
#include "state.h"

struct zt_deletion_opts {
    int changes;       /* export_scope = changes: deletions.csv, no comparison */
    long max_pct;      /* max_delete_pct */
    int allow;         /* --allow-deletes */
    const char *dir;   /* export_dir, for deletions.csv */
};

struct zt_deletions {
    Zt__Deletion *d;
    unsigned *line;                  /* deletions.csv line, 0 for a snapshot's */
    size_t n, cap;
    uint32_t count[ZT_SYNC_KINDS];   /* records to delete, register marks singly */
    uint32_t stored[ZT_SYNC_KINDS];  /* records the zone holds in the snapshot's range */
    struct zt_arena arena;           /* upns and ids */
};

/* Finds what the snapshot e no longer holds of what st says the zone holds
 * from this school, dated 1 September to as_of. Skips pupils not on the
 * roll (leavers keep their records), files not read, and whatever a
 * rejected row may stand for; a file with a rejected row that names no key
 * deletes nothing (one line on report). Returns 0 or -1 out of memory. */
int zt_deletions_snapshot(struct zt_deletions *dl, const struct zt_export *e, const struct zt_state *st,
                          zt_date as_of, FILE *report);

/* Reads deletions.csv (file,key) from dir or snap, when present; bad rows
 * are "rejected deletions.csv:LINE: reason" on report and counted in
 * e->rejected. Returns 0 or -1 out of memory. */
int zt_deletions_file(struct zt_deletions *dl, struct zt_export *e, const char *dir,
                      const struct zt_snapshot *snap, FILE *report);

/* The guard: a kind whose deletions exceed max_pct percent of its stored
 * records is withheld whole, with one line on report. Returns how many
 * kinds were withheld. */
int zt_deletions_guard(struct zt_deletions *dl, long max_pct, FILE *report);

/* Sends the deletions and drops them from the state once acknowledged.
 * *deleted and *rejected count what the zone did. Returns 0 or -1 with err. */
int zt_deletions_send(struct zt_link *l, struct zt_state *st, struct zt_deletions *dl, FILE *report,
                      uint32_t *deleted, uint32_t *rejected, char *err, size_t errlen);

void zt_deletions_free(struct zt_deletions *dl);

#endif
