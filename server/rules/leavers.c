#include "leavers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "grow.h"
#include "records.h"

#define PUPIL_ROLLS_MAX 16 /* roll entries of one pupil looked at together */

struct entry {
    uint32_t urn;
    struct zt_roll_value v;
};

/* One pupil's roll entries, gathered in key order (a pupil's are adjacent). */
struct gather {
    struct zt_txn *txn;
    struct zt_leavers *out;
    char upn[ZT_UPN_LEN + 1];
    struct entry e[PUPIL_ROLLS_MAX];
    size_t n;
};

static int destination(const struct gather *g, const struct entry *left)
{
    switch (left->v.leaving_reason) {
    case ZT_LEAVING_EHE:
        return ZT_DEST_HOME_EDUCATION;
    case ZT_LEAVING_MOVED_IN_ZONE:
        return ZT_DEST_ZONE_SCHOOL;
    case ZT_LEAVING_MOVED_OUT_OF_ZONE:
    case ZT_LEAVING_PERMANENTLY_EXCLUDED:
    case ZT_LEAVING_OTHER:
        return ZT_DEST_ELSEWHERE;
    default:
        break;
    }
    for (size_t i = 0; i < g->n; i++)
        if (g->e[i].urn != left->urn && g->e[i].v.entry_date > left->v.entry_date)
            return ZT_DEST_ZONE_SCHOOL;
    return ZT_DEST_UNKNOWN;
}

static struct zt_leaver_count *school_counts(struct zt_leavers *l, uint32_t urn)
{
    size_t i = 0;
    while (i < l->nschools && l->schools[i].urn < urn)
        i++;
    if (i < l->nschools && l->schools[i].urn == urn)
        return &l->schools[i];
    if (zt_grow(&l->schools, l->nschools, &l->cap_schools, sizeof *l->schools, 16))
        return NULL;
    memmove(&l->schools[i + 1], &l->schools[i], (l->nschools - i) * sizeof *l->schools);
    l->nschools++;
    memset(&l->schools[i], 0, sizeof l->schools[i]);
    l->schools[i].urn = urn;
    return &l->schools[i];
}

struct open_alert {
    zt_date day;
    uint8_t kind; /* the most serious open on day; 0 none */
};

static int alert_open_on(const struct zt_val *key, const struct zt_val *val, void *arg)
{
    (void)key;
    struct open_alert *o = arg;
    struct zt_alert_value a;
    if (zt_value_copy(&a, sizeof a, val->data, val->len))
        return ZT_E_CORRUPT;
    if (a.raised <= o->day && (a.open || a.resolved >= o->day) &&
        (!o->kind || a.kind == ZT_ALERT_FAMILY_MEETING))
        o->kind = a.kind;
    return 0;
}

/* Counts the gathered pupil's leavers, and names them for the coordinator
 * when they left for home education with an alert open. */
static int count_pupil(struct gather *g)
{
    struct zt_leavers *l = g->out;
    for (size_t i = 0; i < g->n; i++) {
        const struct entry *e = &g->e[i];
        if (!e->v.has_left || e->v.left_date < l->from || e->v.left_date > l->to)
            continue;
        int dest = destination(g, e);
        struct zt_leaver_count *c = school_counts(l, e->urn);
        if (!c)
            return -ENOMEM;
        c->by_term[zt_term_of(e->v.left_date) - 1][dest - 1]++;
        if (dest != ZT_DEST_HOME_EDUCATION)
            continue;
        struct open_alert o = {e->v.left_date, 0};
        int rc = zt_walk(g->txn, ZT_DB_ALERT, g->upn, ZT_UPN_LEN, alert_open_on, &o);
        if (rc)
            return rc;
        if (!o.kind)
            continue;
        if (zt_grow(&l->concerns, l->nconcerns, &l->cap_concerns, sizeof *l->concerns, 8))
            return -ENOMEM;
        struct zt_ehe_concern *x = &l->concerns[l->nconcerns++];
        memcpy(x->upn, g->upn, sizeof x->upn);
        x->urn = e->urn;
        x->left = e->v.left_date;
        x->alert_kind = o.kind;
    }
    return 0;
}

static int on_roll(const struct zt_val *key, const struct zt_val *val, void *arg)
{
    struct gather *g = arg;
    if (key->len != ZT_ROLL_KEY_LEN)
        return ZT_E_CORRUPT;
    if (g->n && memcmp(g->upn, key->data, ZT_UPN_LEN) != 0) {
        int rc = count_pupil(g);
        if (rc)
            return rc;
        g->n = 0;
    }
    if (g->n == PUPIL_ROLLS_MAX) /* a pupil on more rolls than any real one: the rest wait */
        return 0;
    memcpy(g->upn, key->data, ZT_UPN_LEN);
    struct entry *e = &g->e[g->n];
    e->urn = zt_get_be32((const uint8_t *)key->data + ZT_UPN_LEN);
    if (zt_value_copy(&e->v, sizeof e->v, val->data, val->len))
        return ZT_E_CORRUPT;
    g->n++;
    return 0;
}

int zt_leavers_gather(struct zt_txn *t, zt_date as_of, struct zt_leavers *out)
{
    memset(out, 0, sizeof *out);
    out->from = zt_academic_year_start(as_of);
    out->to = as_of;
    struct gather *g = calloc(1, sizeof *g);
    if (!g)
        return -ENOMEM;
    g->txn = t;
    g->out = out;
    int rc = zt_walk(t, ZT_DB_ROLL, NULL, 0, on_roll, g);
    if (rc == 0 && g->n)
        rc = count_pupil(g);
    free(g);
    if (rc)
        zt_leavers_free(out);
    return rc;
}

void zt_leavers_free(struct zt_leavers *l)
{
    free(l->schools);
    free(l->concerns);
    memset(l, 0, sizeof *l);
}
