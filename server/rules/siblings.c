#include "siblings.h"

#include <errno.h>
#include <string.h>

#include "alerts.h"
#include "family.h"
#include "records.h"

struct open_kind {
    zt_date as_of;
    uint32_t kind;
};

static int on_alert(const char *upn, const struct zt_alert_value *a, void *arg)
{
    (void)upn;
    struct open_kind *o = arg;
    if (!zt_alert_open_on(a, o->as_of))
        return 0;
    if (a->kind == ZT_ALERT_FAMILY_MEETING || !o->kind)
        o->kind = a->kind;
    return 0;
}

int zt_open_alert_kind(struct zt_txn *txn, const char *upn, zt_date as_of, uint32_t *kind)
{
    struct open_kind o = {as_of, 0};
    int rc = zt_alerts_each(txn, upn, on_alert, &o);
    *kind = o.kind;
    return rc;
}

struct gather {
    struct zt_txn *txn;
    const char *upn; /* the alert's pupil, not their own sibling */
    zt_date as_of;
    struct zt_arena *a;
    Zt__Alert *w;
    size_t cap;
};

static int add_sibling(const char *upn, uint32_t school, void *arg)
{
    struct gather *g = arg;
    if (strcmp(upn, g->upn) == 0)
        return 0;
    Zt__Sibling *s = zt_arena_alloc(g->a, sizeof *s);
    Zt__Alert *w = g->w;
    if (!s || !(w->siblings = zt_arena_grow(g->a, w->siblings, w->n_siblings, &g->cap, sizeof *w->siblings)))
        return -ENOMEM;
    zt__sibling__init(s);
    if (!(s->upn = zt_arena_strdup(g->a, upn)))
        return -ENOMEM;
    s->school = school;
    int rc = zt_open_alert_kind(g->txn, upn, g->as_of, &s->open_alert);
    s->has_open_alert = s->open_alert != 0;
    w->siblings[w->n_siblings++] = s;
    return rc;
}

int zt_alert_family_to_wire(struct zt_txn *txn, const char *upn, zt_date as_of, struct zt_arena *a, Zt__Alert *w)
{
    char family[ZT_FAMILY_ID_MAX + 1];
    int rc = zt_family_of(txn, upn, as_of, family, NULL);
    if (rc)
        return rc == -ENOENT ? 0 : rc;
    if (!(w->family = zt_arena_strdup(a, family)))
        return -ENOMEM;
    struct gather g = {txn, upn, as_of, a, w, 0};
    return zt_family_each(txn, family, as_of, add_sibling, &g);
}
