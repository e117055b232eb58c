#include "erasures.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "err.h"
#include "records.h"
#include "upn.h"

static const char KEY_NAME[] = "erasure_key";

struct erased_value {
    int32_t day;
    uint8_t reserved[4];
};

/* The store's erasure key into key; made when create and there is none.
 * Returns 0, -ENOENT (none and !create) or an error. */
static int erasure_key(struct zt_txn *t, int create, uint8_t key[ZT_HASH_KEY_LEN])
{
    struct zt_val v;
    int rc = zt_get(t, ZT_DB_META, KEY_NAME, sizeof KEY_NAME - 1, &v);
    if (rc == 0) {
        if (v.len != ZT_HASH_KEY_LEN)
            return ZT_E_CORRUPT;
        memcpy(key, v.data, ZT_HASH_KEY_LEN);
        return 0;
    }
    if (rc != -ENOENT || !create)
        return rc;
    if (getrandom(key, ZT_HASH_KEY_LEN, 0) != ZT_HASH_KEY_LEN)
        return -EIO;
    return zt_put(t, ZT_DB_META, KEY_NAME, sizeof KEY_NAME - 1, key, ZT_HASH_KEY_LEN);
}

static int upn_hash(struct zt_txn *t, int create, const char *upn, uint8_t h[ZT_KEYED_HASH_LEN])
{
    uint8_t key[ZT_HASH_KEY_LEN];
    int rc = erasure_key(t, create, key);
    if (rc == 0 && zt_keyed_hash(key, upn, ZT_UPN_LEN, h))
        rc = -EIO;
    memset(key, 0, sizeof key);
    return rc;
}

static void ref_of(const uint8_t h[ZT_KEYED_HASH_LEN], char ref[ZT_ERASURE_REF_LEN])
{
    for (int i = 0; i < 8; i++)
        snprintf(ref + 2 * i, 3, "%02x", h[i]);
}

int zt_erased_mark(struct zt_txn *t, const char *upn, zt_date day, char ref[ZT_ERASURE_REF_LEN])
{
    uint8_t h[ZT_KEYED_HASH_LEN];
    int rc = upn_hash(t, 1, upn, h);
    if (rc)
        return rc;
    ref_of(h, ref);
    struct erased_value v = {.day = day};
    return zt_put(t, ZT_DB_ERASED, h, sizeof h, &v, sizeof v);
}

int zt_erased_lift(struct zt_txn *t, const char *upn, char ref[ZT_ERASURE_REF_LEN])
{
    uint8_t h[ZT_KEYED_HASH_LEN];
    struct zt_val v;
    int rc = upn_hash(t, 0, upn, h);
    if (rc == 0)
        rc = zt_get(t, ZT_DB_ERASED, h, sizeof h, &v);
    if (rc)
        return rc;
    ref_of(h, ref);
    return zt_del(t, ZT_DB_ERASED, h, sizeof h);
}

int zt_erased_check(struct zt_txn *t, const char *upn, zt_date *day)
{
    uint8_t h[ZT_KEYED_HASH_LEN];
    struct zt_val v;
    int rc = upn_hash(t, 0, upn, h);
    if (rc == 0)
        rc = zt_get(t, ZT_DB_ERASED, h, sizeof h, &v);
    if (rc == -ENOENT)
        return 0;
    if (rc)
        return rc;
    struct erased_value e;
    if (zt_value_copy(&e, sizeof e, v.data, v.len))
        return ZT_E_CORRUPT;
    *day = e.day;
    return 1;
}

int zt_erased_none(struct zt_txn *t)
{
    uint64_t n;
    int rc = zt_count(t, ZT_DB_ERASED, &n);
    return rc ? rc : n == 0;
}
