#include "kept.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

/* Open addressing with linear probing, at most half full. Entries are
 * replaced, never deleted one by one: what a write invalidates is cleared
 * inside the value (server/rules/kept_pupils.c). A slot is a used byte,
 * the key and the value, copied in and out with memcpy. */
#define FIRST_SLOTS (1u << 12)

struct zt_kept {
    uint8_t *slots;
    size_t key_len, val_len, stride;
    size_t cap, n, max; /* cap and max are powers of two */
};

static uint8_t *slot(const struct zt_kept *k, size_t i)
{
    return k->slots + i * k->stride;
}

static size_t home(const struct zt_kept *k, const void *key)
{
    return (size_t)zt_hash64(key, k->key_len) & (k->cap - 1);
}

/* The slot holding key, or the empty slot where it would go. */
static size_t find(const struct zt_kept *k, const void *key)
{
    size_t i = home(k, key);
    while (slot(k, i)[0] && memcmp(slot(k, i) + 1, key, k->key_len) != 0)
        i = (i + 1) & (k->cap - 1);
    return i;
}

struct zt_kept *zt_kept_new(size_t key_len, size_t val_len, size_t max_slots)
{
    /* a power of two, at least 2: probing must always meet an empty slot */
    if (max_slots < 2 || (max_slots & (max_slots - 1)))
        return NULL;
    struct zt_kept *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    k->key_len = key_len;
    k->val_len = val_len;
    k->stride = 1 + key_len + val_len;
    k->max = max_slots;
    k->cap = FIRST_SLOTS < max_slots ? FIRST_SLOTS : max_slots;
    if (!(k->slots = calloc(k->cap, k->stride))) {
        free(k);
        return NULL;
    }
    return k;
}

void zt_kept_free(struct zt_kept *k)
{
    if (k)
        free(k->slots);
    free(k);
}

int zt_kept_get(const struct zt_kept *k, const void *key, void *val)
{
    const uint8_t *s = slot(k, find(k, key));
    if (!s[0])
        return 0;
    memcpy(val, s + 1 + k->key_len, k->val_len);
    return 1;
}

/* Doubles the table; 0 when it cannot (at the bound, or out of memory). */
static int grow(struct zt_kept *k)
{
    if (k->cap >= k->max)
        return 0;
    uint8_t *old = k->slots, *fresh = calloc(k->cap * 2, k->stride);
    if (!fresh)
        return 0;
    size_t old_cap = k->cap;
    k->slots = fresh;
    k->cap *= 2;
    for (size_t i = 0; i < old_cap; i++) {
        const uint8_t *s = old + i * k->stride;
        if (s[0])
            memcpy(slot(k, find(k, s + 1)), s, k->stride);
    }
    free(old);
    return 1;
}

void zt_kept_put(struct zt_kept *k, const void *key, const void *val)
{
    size_t i = find(k, key);
    if (!slot(k, i)[0]) {
        if ((k->n + 1) * 2 > k->cap) {
            if (!grow(k))
                zt_kept_clear(k);
            i = find(k, key);
        }
        slot(k, i)[0] = 1;
        memcpy(slot(k, i) + 1, key, k->key_len);
        k->n++;
    }
    memcpy(slot(k, i) + 1 + k->key_len, val, k->val_len);
}

void zt_kept_clear(struct zt_kept *k)
{
    memset(k->slots, 0, k->cap * k->stride);
    k->n = 0;
}

size_t zt_kept_count(const struct zt_kept *k)
{
    return k->n;
}
