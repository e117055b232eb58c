#include "month_sums.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"

/* Open addressing with linear probing, at most half full; deletion shifts
 * the run back, so there are no tombstones. 2^18 slots (6 MiB) hold every
 * past month of a 50,000-pupil zone's year; a bigger zone starts over when
 * the table is full, which costs walks, never answers. */
#define FIRST_SLOTS (1u << 12)
#define MAX_SLOTS (1u << 18)

struct slot {
    uint8_t used;
    uint8_t prefix[ZT_ATT_PREFIX_LEN];
    struct zt_month_count c;
};

struct zt_month_sums {
    struct slot *slots;
    size_t cap, n; /* cap is a power of two */
};

static size_t home(const struct zt_month_sums *m, const uint8_t *prefix)
{
    return (size_t)zt_hash64(prefix, ZT_ATT_PREFIX_LEN) & (m->cap - 1);
}

/* The slot holding prefix, or the empty slot where it would go. */
static struct slot *find(const struct zt_month_sums *m, const uint8_t *prefix)
{
    size_t i = home(m, prefix);
    while (m->slots[i].used && memcmp(m->slots[i].prefix, prefix, ZT_ATT_PREFIX_LEN) != 0)
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

struct zt_month_sums *zt_month_sums_new(void)
{
    struct zt_month_sums *m = calloc(1, sizeof *m);
    if (m && !(m->slots = calloc(FIRST_SLOTS, sizeof *m->slots))) {
        free(m);
        return NULL;
    }
    if (m)
        m->cap = FIRST_SLOTS;
    return m;
}

void zt_month_sums_free(struct zt_month_sums *m)
{
    if (m)
        free(m->slots);
    free(m);
}

int zt_month_sums_get(const struct zt_month_sums *m, const uint8_t *prefix,
                      struct zt_month_count *out)
{
    const struct slot *s = find(m, prefix);
    if (!s->used)
        return 0;
    *out = s->c;
    return 1;
}

/* Doubles the table; 0 when it cannot (at the bound, or out of memory). */
static int grow(struct zt_month_sums *m)
{
    if (m->cap >= MAX_SLOTS)
        return 0;
    struct slot *old = m->slots, *fresh = calloc(m->cap * 2, sizeof *fresh);
    if (!fresh)
        return 0;
    size_t old_cap = m->cap;
    m->slots = fresh;
    m->cap *= 2;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].used)
            *find(m, old[i].prefix) = old[i];
    free(old);
    return 1;
}

void zt_month_sums_put(struct zt_month_sums *m, const uint8_t *prefix,
                       const struct zt_month_count *c)
{
    struct slot *s = find(m, prefix);
    if (!s->used) {
        if ((m->n + 1) * 2 > m->cap) {
            if (!grow(m))
                zt_month_sums_clear(m);
            s = find(m, prefix);
        }
        s->used = 1;
        memcpy(s->prefix, prefix, ZT_ATT_PREFIX_LEN);
        m->n++;
    }
    s->c = *c;
}

void zt_month_sums_forget(struct zt_month_sums *m, const uint8_t *prefix)
{
    struct slot *s = find(m, prefix);
    if (!s->used)
        return;
    size_t hole = (size_t)(s - m->slots), mask = m->cap - 1;
    m->slots[hole].used = 0;
    m->n--;
    /* Moves back each later entry of the run that may not stay behind the hole. */
    for (size_t i = (hole + 1) & mask; m->slots[i].used; i = (i + 1) & mask) {
        size_t want = home(m, m->slots[i].prefix);
        if (((i - want) & mask) >= ((i - hole) & mask)) {
            m->slots[hole] = m->slots[i];
            m->slots[i].used = 0;
            hole = i;
        }
    }
}

void zt_month_sums_clear(struct zt_month_sums *m)
{
    memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->n = 0;
}

size_t zt_month_sums_count(const struct zt_month_sums *m)
{
    return m->n;
}
