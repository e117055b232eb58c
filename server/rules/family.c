#include "family.h"

#include <errno.h>
#include <string.h>

#include "err.h"
#include "records.h"
#include "roll_periods.h"
#include "upn_list.h"

#define INDEX_KEY_MAX (1 + ZT_FAMILY_ID_MAX + ZT_ROLL_KEY_LEN)

static size_t index_prefix(uint8_t *out, const char *id, size_t len)
{
    out[0] = (uint8_t)len;
    memcpy(out + 1, id, len);
    return 1 + len;
}

static size_t index_key(uint8_t *out, const char *id, size_t len, const char *upn, uint32_t urn)
{
    size_t n = index_prefix(out, id, len);
    return n + zt_key_roll(out + n, upn, urn);
}

int zt_family_of_roll(struct zt_txn *txn, const char *upn, uint32_t urn, char out[ZT_FAMILY_ID_MAX + 1])
{
    uint8_t key[ZT_ROLL_KEY_LEN];
    struct zt_val v;
    zt_key_roll(key, upn, urn);
    int rc = zt_get(txn, ZT_DB_FAMILY, key, sizeof key, &v);
    if (rc)
        return rc;
    if (v.len == 0 || v.len > ZT_FAMILY_ID_MAX)
        return ZT_E_CORRUPT;
    memcpy(out, v.data, v.len);
    out[v.len] = '\0';
    return 0;
}

int zt_family_set(struct zt_txn *txn, const char *upn, uint32_t urn, const char *id)
{
    char old[ZT_FAMILY_ID_MAX + 1];
    size_t len = id ? strlen(id) : 0;
    if (len > ZT_FAMILY_ID_MAX)
        return -EINVAL;
    int rc = zt_family_of_roll(txn, upn, urn, old);
    if (rc && rc != -ENOENT)
        return rc;
    int had = rc == 0;
    if (had && len && strcmp(old, id) == 0)
        return 0;
    if (!had && !len)
        return 0;
    uint8_t roll[ZT_ROLL_KEY_LEN], ix[INDEX_KEY_MAX];
    zt_key_roll(roll, upn, urn);
    if (had && (rc = zt_del(txn, ZT_DB_FAMILY_INDEX, ix, index_key(ix, old, strlen(old), upn, urn))))
        return rc;
    if (!len)
        return (rc = zt_del(txn, ZT_DB_FAMILY, roll, sizeof roll)) ? rc : 1;
    if ((rc = zt_put(txn, ZT_DB_FAMILY, roll, sizeof roll, id, len)))
        return rc;
    rc = zt_put(txn, ZT_DB_FAMILY_INDEX, ix, index_key(ix, id, len, upn, urn), "", 0);
    return rc ? rc : 1;
}

static int any(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)k, (void)v, (void)arg;
    return 1;
}

int zt_family_of(struct zt_txn *txn, const char *upn, zt_date as_of, char out[ZT_FAMILY_ID_MAX + 1],
                 uint32_t *school)
{
    uint32_t urn;
    char id[ZT_FAMILY_ID_MAX + 1];
    /* most pupils have no family_id on any roll: every alert listed asks,
     * and one seek answers them without loading their rolls */
    int rc = zt_walk(txn, ZT_DB_FAMILY, upn, ZT_UPN_LEN, any, NULL);
    if (rc <= 0)
        return rc ? rc : -ENOENT;
    rc = zt_current_school(txn, upn, as_of, &urn);
    if (rc == 0)
        rc = zt_family_of_roll(txn, upn, urn, id);
    if (rc)
        return rc;
    if (out)
        memcpy(out, id, sizeof id);
    if (school)
        *school = urn;
    return 0;
}

/* The UPNs of a family's index entries (one per roll that named it). */
static int on_index(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)v;
    if (k->len < ZT_ROLL_KEY_LEN)
        return ZT_E_CORRUPT;
    return zt_upn_list_add(arg, (const char *)k->data + k->len - ZT_ROLL_KEY_LEN);
}

int zt_family_each(struct zt_txn *txn, const char *id, zt_date as_of, zt_family_member_fn fn, void *arg)
{
    size_t len = strlen(id);
    if (len == 0 || len > ZT_FAMILY_ID_MAX)
        return 0;
    uint8_t prefix[1 + ZT_FAMILY_ID_MAX];
    struct zt_upn_list named = {0};
    int rc = zt_walk(txn, ZT_DB_FAMILY_INDEX, prefix, index_prefix(prefix, id, len), on_index, &named);
    zt_upn_list_unique(&named);
    for (size_t i = 0; rc == 0 && i < named.n; i++) {
        char upn[ZT_UPN_LEN + 1], now[ZT_FAMILY_ID_MAX + 1];
        uint32_t school;
        zt_upn_list_get(&named, i, upn);
        rc = zt_family_of(txn, upn, as_of, now, &school);
        if (rc == -ENOENT)
            rc = 0; /* on no roll now, or their current roll names no family */
        else if (rc == 0 && strcmp(now, id) == 0)
            rc = fn(upn, school, arg);
    }
    zt_upn_list_free(&named);
    return rc;
}

int zt_family_rolls_to_wire(struct zt_txn *txn, const char *upn, Zt__RollEntry **rolls, size_t n, struct zt_arena *a)
{
    for (size_t i = 0; i < n; i++) {
        char id[ZT_FAMILY_ID_MAX + 1];
        int rc = zt_family_of_roll(txn, upn, rolls[i]->school, id);
        if (rc == -ENOENT)
            continue;
        if (rc || !(rolls[i]->pupil->family_id = zt_arena_strdup(a, id)))
            return rc ? rc : -ENOMEM;
    }
    return 0;
}

struct erasing {
    uint8_t keys[ZT_ROLLS_MAX * 2][INDEX_KEY_MAX];
    size_t lens[ZT_ROLLS_MAX * 2], n;
};

static int on_family(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct erasing *e = arg;
    if (k->len != ZT_ROLL_KEY_LEN || v->len == 0 || v->len > ZT_FAMILY_ID_MAX)
        return ZT_E_CORRUPT;
    if (e->n == sizeof e->lens / sizeof e->lens[0])
        return 1; /* the rest on the next round */
    uint8_t *key = e->keys[e->n];
    size_t n = index_prefix(key, v->data, v->len);
    memcpy(key + n, k->data, ZT_ROLL_KEY_LEN);
    e->lens[e->n++] = n + ZT_ROLL_KEY_LEN;
    return 0;
}

int zt_family_erase(struct zt_txn *txn, const char *upn, uint32_t *records)
{
    for (;;) {
        struct erasing e = {.n = 0};
        int rc = zt_walk(txn, ZT_DB_FAMILY, upn, ZT_UPN_LEN, on_family, &e);
        if (rc < 0)
            return rc;
        for (size_t i = 0; i < e.n; i++) {
            if ((rc = zt_del(txn, ZT_DB_FAMILY_INDEX, e.keys[i], e.lens[i])) ||
                (rc = zt_del(txn, ZT_DB_FAMILY, e.keys[i] + e.lens[i] - ZT_ROLL_KEY_LEN, ZT_ROLL_KEY_LEN)))
                return rc;
            ++*records;
        }
        if (e.n < sizeof e.lens / sizeof e.lens[0])
            return 0;
    }
}
