/* A table of values derived from the store, kept in memory between write
 * transactions so an evaluation need not walk again what has not changed
 * (server/rules/kept_pupils.h keeps one, a pupil's entry a key).
 *
 * A table maps fixed-size keys to fixed-size values, is bounded, and starts
 * over when full: that costs walks, never answers. Its keeper keeps it true
 * to the store (what a write changes, it forgets). */
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
