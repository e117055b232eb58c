/* What is kept of each pupil between write transactions (one entry a pupil
 * in a server/rules/kept.h table), looked up once an evaluation
 * (server/rules/figures.c fills it in):
 * - whole months' counts: month m in slot m % ZT_KEPT_MONTH_SLOTS while its
 *   tag is m + 1;
 * - what the pupil's incidents, health events and assessments add, while
 *   events_known.
 *
 * The entries watch the store (zt_store_watch) to stay true to it: an
 * attendance write forgets its month's slot, a behaviour, assessment or
 * health write forgets the pupil's events, a key too short to name a pupil
 * (a range) forgets everyone, and a write transaction that does not commit
 * empties the table (what was learnt inside may never have been). They are
 * used inside write transactions only, which zoned runs one at a time as
 * the store's only writer (server/store/store.c takes a lock on the folder). */
#ifndef ZT_KEPT_PUPILS_H
#define ZT_KEPT_PUPILS_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define ZT_KEPT_MONTH_SLOTS 12
#define ZT_KEPT_EVENTS_BYTES 56
struct zt_kept_month {
    uint16_t tag;      /* month + 1; 0 when nothing is kept */
    uint16_t count[3]; /* what the keeper counted */
};
struct zt_kept_pupil {
    uint32_t rolls_tag; /* the keeper's: what it was counted under */
    struct zt_kept_month month[ZT_KEPT_MONTH_SLOTS];
    uint32_t events_known;
    uint8_t events[ZT_KEPT_EVENTS_BYTES]; /* the keeper's */
};

struct zt_kept_pupils;

/* Starts keeping up to max_pupils pupils' entries for s's write
 * transactions (the table is made on first use and grows as needed, about
 * 350 bytes a pupil; a zone with more pupils starts the table over when it
 * is full, which costs walks, never answers), until s closes and frees
 * them. NULL when out of memory: the evaluations then walk every time. */
#define ZT_KEPT_PUPILS_DEFAULT 65536
struct zt_kept_pupils *zt_kept_pupils_watch(struct zt_store *s, size_t max_pupils);

/* Inside a write transaction: 1 with the pupil's entry, or 0 with *out
 * emptied when it has none; -1 when nothing is kept (a read transaction, a
 * store not watched, or out of memory). */
int zt_kept_pupil_get(struct zt_txn *t, const char *upn, struct zt_kept_pupil *out);
/* Keeps kp as the pupil's entry (nothing in a read transaction). */
void zt_kept_pupil_put(struct zt_txn *t, const char *upn, const struct zt_kept_pupil *kp);
/* Pupils kept now (0 before the first, and for NULL). */
size_t zt_kept_pupils_count(const struct zt_kept_pupils *k);

#endif
