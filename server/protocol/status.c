#include "status.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alerts.h"
#include "err.h"
#include "grow.h"
#include "net.h"
#include "records.h"
#include "thresholds.h"

struct sync_walk {
    int64_t now, stale_after;
    struct zt_school_sync *list;
    size_t n, cap;
};

static int on_sync(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct sync_walk *w = arg;
    int64_t when;
    if (k->len != 4 || zt_value_copy(&when, sizeof when, v->data, v->len))
        return ZT_E_CORRUPT;
    if (ZT_GROW(w->list, w->n, w->cap, 16))
        return -ENOMEM;
    w->list[w->n++] = (struct zt_school_sync){zt_get_be32(k->data), when, w->now - when > w->stale_after};
    return 0;
}

static int school_syncs(struct zt_txn *txn, int64_t now, struct sync_walk *w)
{
    struct zt_thresholds t;
    int rc = zt_thresholds_load(txn, &t);
    w->now = now;
    w->stale_after = t.v[ZT_THR_STALE_SYNC_HOURS] * 3600;
    return rc ? rc : zt_walk(txn, ZT_DB_SYNC, NULL, 0, on_sync, w);
}

int zt_stale_schools(struct zt_txn *txn, int64_t now, uint32_t **out, size_t *n)
{
    struct sync_walk w = {0};
    int rc = school_syncs(txn, now, &w);
    *n = 0;
    *out = malloc((w.n + 1) * sizeof **out);
    if (!*out)
        rc = rc ? rc : -ENOMEM;
    for (size_t i = 0; rc == 0 && i < w.n; i++)
        if (w.list[i].stale)
            (*out)[(*n)++] = w.list[i].school;
    free(w.list);
    return rc;
}

struct counts {
    uint32_t pupils, open_alerts;
    char last[ZT_UPN_LEN];
};

static int count_pupil(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)v;
    struct counts *c = arg;
    if (c->pupils && memcmp(c->last, k->data, ZT_UPN_LEN) == 0)
        return 0;
    memcpy(c->last, k->data, ZT_UPN_LEN);
    c->pupils++;
    return 0;
}

static int count_open(const char *upn, const struct zt_alert_value *a, void *arg)
{
    (void)upn;
    ((struct counts *)arg)->open_alerts += a->open;
    return 0;
}

int zt_status_gather(struct zt_service *svc, struct zt_status *out)
{
    struct zt_zone *z = svc->zone;
    memset(out, 0, sizeof *out);
    out->started = svc->started;
    out->now = (int64_t)time(NULL);
    out->connections = svc->server ? zt_server_connections(svc->server) : 0;
    out->as_of = zt_zone_as_of(z);
    out->evaluated = z->evaluated;
    out->pushes = svc->pushes;
    out->refused = svc->refused;
    out->crl_expiry = svc->crl_expiry;
    zt_store_sizes(z->store, &out->store_bytes, &out->map_bytes);
    struct zt_txn *txn;
    int rc = zt_store_read_begin(z->store, &txn);
    if (rc)
        return rc;
    struct sync_walk w = {0};
    struct counts c = {0};
    rc = school_syncs(txn, out->now, &w);
    if (rc == 0)
        rc = zt_walk(txn, ZT_DB_ROLL, NULL, 0, count_pupil, &c);
    if (rc == 0)
        rc = zt_alerts_each(txn, NULL, count_open, &c);
    zt_txn_end(txn);
    out->schools = w.list;
    out->nschools = w.n;
    out->pupils = c.pupils;
    out->open_alerts = c.open_alerts;
    return rc;
}

void zt_status_free(struct zt_status *s)
{
    free(s->schools);
    s->schools = NULL;
}
