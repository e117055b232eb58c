#include "menu.h"

#include <errno.h>

#include "err.h"

static int put_offer(struct zt_txn *txn, uint32_t id, const struct zt_offer_value *v)
{
    uint8_t key[ZT_OFFER_KEY_LEN];
    zt_key_offer(key, id);
    return zt_put(txn, ZT_DB_MENU, key, sizeof key, v, sizeof *v);
}

struct each {
    zt_offer_fn fn;
    void *arg;
};

static int on_offer(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct each *e = arg;
    struct zt_offer_value o;
    if (k->len != ZT_OFFER_KEY_LEN || zt_value_copy(&o, sizeof o, v->data, v->len))
        return ZT_E_CORRUPT;
    return e->fn(zt_get_be32(k->data), &o, e->arg);
}

int zt_menu_each(struct zt_txn *txn, zt_offer_fn fn, void *arg)
{
    struct each e = {fn, arg};
    return zt_walk(txn, ZT_DB_MENU, NULL, 0, on_offer, &e);
}

static int note_id(uint32_t id, const struct zt_offer_value *v, void *arg)
{
    (void)v;
    *(uint32_t *)arg = id; /* ids run in key order: the last is the largest */
    return 0;
}

int zt_menu_add(struct zt_txn *txn, const struct zt_offer_value *v, uint32_t *id)
{
    uint32_t last = 0;
    int rc = zt_menu_each(txn, note_id, &last);
    if (rc)
        return rc;
    *id = last + 1;
    return put_offer(txn, *id, v);
}

int zt_menu_get(struct zt_txn *txn, uint32_t id, struct zt_offer_value *out)
{
    uint8_t key[ZT_OFFER_KEY_LEN];
    struct zt_val v;
    zt_key_offer(key, id);
    int rc = zt_get(txn, ZT_DB_MENU, key, sizeof key, &v);
    return rc ? rc : zt_value_copy(out, sizeof *out, v.data, v.len);
}

int zt_menu_retire(struct zt_txn *txn, uint32_t id, zt_date on, struct zt_offer_value *out)
{
    int rc = zt_menu_get(txn, id, out);
    if (rc)
        return rc;
    if (out->is_retired)
        return -EALREADY;
    out->is_retired = 1;
    out->retired = on;
    return put_offer(txn, id, out);
}
