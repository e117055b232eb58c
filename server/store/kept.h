/* Values derived from the store, kept in memory between write transactions,
 * so an evaluation need not walk again what has not changed: the counts of
 * a pupil's months before the tipping window, a pupil's incidents, health
 * events and assessments summed for an evaluation date (server/rules/figures.c).
 *
 * The store owns the table (one entry a pupil, struct zt_kept_pupil) and
 * keeps it true: every write to a database the entry is derived from
 * forgets what its key names, and a write transaction that does not commit
 * empties the table (what was learnt inside may never have been). They are used inside write transactions only, which
 * zoned runs one at a time as the store's only writer (server/store/store.c takes
 * a lock on the folder).
 *
 * A table maps fixed-size keys to fixed-size values, is bounded, and starts
 * over when full: that costs walks, never answers. */
#ifndef ZT_KEPT_H
#define ZT_KEPT_H

#include <stddef.h>

struct zt_kept;

/* NULL when out of memory (callers then go without) or when max_slots is
 * not a power of two of at least 2. At most max_slots slots, half of them
 * used. */
struct zt_kept *zt_kept_new(size_t key_len, size_t val_len, size_t max_slots);
void zt_kept_free(struct zt_kept *k);

/* 1 and *val filled when key is known, else 0. */
int zt_kept_get(const struct zt_kept *k, const void *key, void *val);
/* Remembers val for key; may instead forget everything to stay in bounds. */
void zt_kept_put(struct zt_kept *k, const void *key, const void *val);
void zt_kept_clear(struct zt_kept *k);
size_t zt_kept_count(const struct zt_kept *k);

#endif
