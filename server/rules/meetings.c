#include "meetings.h"

#include <string.h>

#include "err.h"

struct each {
    zt_meeting_fn meeting; /* one of the two is set */
    zt_plan_fn plan;
    void *arg;
};

/* Values are copied out aligned before fn sees them. */
static int on_record(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct each *e = arg;
    struct zt_meeting_value m;
    struct zt_plan_value p;
    if (k->len <= ZT_ROLL_KEY_LEN || k->len > ZT_ROLL_KEY_LEN + ZT_ID_MAX ||
        (e->meeting ? zt_value_copy(&m, sizeof m, v->data, v->len) : zt_value_copy(&p, sizeof p, v->data, v->len)))
        return ZT_E_CORRUPT;
    struct zt_event_key ek;
    memcpy(ek.upn, k->data, ZT_UPN_LEN);
    ek.upn[ZT_UPN_LEN] = '\0';
    ek.urn = zt_get_be32((const uint8_t *)k->data + ZT_UPN_LEN);
    ek.id = (const char *)k->data + ZT_ROLL_KEY_LEN;
    ek.idlen = k->len - ZT_ROLL_KEY_LEN;
    return e->meeting ? e->meeting(&ek, &m, e->arg) : e->plan(&ek, &p, e->arg);
}

int zt_meetings_each(struct zt_txn *txn, const char *upn, zt_meeting_fn fn, void *arg)
{
    struct each e = {fn, NULL, arg};
    return zt_walk(txn, ZT_DB_MEETING, upn, upn ? ZT_UPN_LEN : 0, on_record, &e);
}

int zt_plans_each(struct zt_txn *txn, const char *upn, zt_plan_fn fn, void *arg)
{
    struct each e = {NULL, fn, arg};
    return zt_walk(txn, ZT_DB_PLAN, upn, upn ? ZT_UPN_LEN : 0, on_record, &e);
}
