#include "gaps_reply.h"

#include <errno.h>
#include <string.h>

#include "gap_suppress.h"
#include "schools.h"

#define UNASSIGNED "unassigned" /* cluster of a school with no settings */

static Zt__GapTally *tally_to_wire(struct zt_arena *a, const struct zt_gap_tally *t)
{
    Zt__GapTally *w = zt_arena_alloc(a, sizeof *w);
    if (!w)
        return NULL;
    zt__gap_tally__init(w);
    w->pupils = t->pupils;
    w->pupils_with_sessions = t->pupils_with_sessions;
    w->possible_sessions = t->possible;
    w->present_sessions = t->present;
    w->persistent = t->persistent;
    w->severe = t->severe;
    w->suspensions = t->suspensions;
    w->permanent_exclusions = t->permanent_exclusions;
    w->assessed_maths = t->assessed_maths;
    w->below_maths = t->below_maths;
    w->assessed_english = t->assessed_english;
    w->below_english = t->below_english;
    w->alerts = t->alerts;
    return w;
}

static int group_to_wire(struct zt_arena *a, Zt__GapGroup *w, const char *name, const char *by,
                         const struct zt_gap_tally *all, const struct zt_gap_tally *members, int hidden)
{
    zt__gap_group__init(w);
    w->group = (char *)name;
    w->by = (char *)by;
    if (hidden)
        return 0;
    struct zt_gap_tally rest;
    zt_gap_tally_sub(&rest, all, members);
    w->members = tally_to_wire(a, members);
    w->rest = tally_to_wire(a, &rest);
    return w->members && w->rest ? 0 : -ENOMEM;
}

/* A scope's figures: the single groups, then the overlapping ones of x
 * (cross[k], hidden when cross_hidden[k]) when x is not NULL. */
static Zt__GapScope *scope_to_wire(struct zt_arena *a, Zt__GapLevel level, const struct zt_gap_cell *c,
                                   const struct zt_gap_tally *cross, const struct zt_gap_unit *u,
                                   const struct zt_gap_cross *x)
{
    size_t ncross = x ? x->n : 0, n = ZT_G_COUNT + ncross;
    Zt__GapScope *s = zt_arena_alloc(a, sizeof *s);
    Zt__GapGroup *groups = zt_arena_alloc(a, n * sizeof *groups);
    Zt__GapGroup **list = zt_arena_alloc(a, n * sizeof *list);
    if (!s || !groups || !list)
        return NULL;
    zt__gap_scope__init(s);
    s->level = level;
    if (!(u->hidden & ZT_HIDE_ALL) && !(s->all = tally_to_wire(a, &c->all)))
        return NULL;
    for (int g = 0; g < ZT_G_COUNT; g++) {
        if (group_to_wire(a, &groups[g], zt_gap_groups[g].name, zt_gap_groups[g].by, &c->all, &c->group[g],
                          (u->hidden & ZT_HIDE_GROUP(g)) != 0))
            return NULL;
        list[g] = &groups[g];
    }
    for (size_t k = 0; k < ncross; k++) {
        if (group_to_wire(a, &groups[ZT_G_COUNT + k], x->name[k], x->by, &c->all, &cross[k], u->cross_hidden[k]))
            return NULL;
        list[ZT_G_COUNT + k] = &groups[ZT_G_COUNT + k];
    }
    s->groups = list;
    s->n_groups = n;
    return s;
}

static void cell_add(struct zt_gap_cell *into, const struct zt_gap_cell *x)
{
    zt_gap_tally_add(&into->all, &x->all);
    for (int g = 0; g < ZT_G_COUNT; g++)
        zt_gap_tally_add(&into->group[g], &x->group[g]);
}

static void cross_add(struct zt_gap_tally *into, const struct zt_gap_tally *x, size_t n)
{
    for (size_t k = 0; x && k < n; k++)
        zt_gap_tally_add(&into[k], &x[k]);
}

struct cluster {
    char name[ZT_CLUSTER_MAX];
    struct zt_gap_cell cell;
    struct zt_gap_tally *cross;
};

static int school_settings(struct zt_txn *txn, uint32_t urn, struct zt_school_value *v)
{
    int rc = zt_school_get(txn, urn, v);
    if (rc == -ENOENT) {
        memset(v, 0, sizeof *v);
        strcpy(v->cluster, UNASSIGNED);
        return 0;
    }
    return rc;
}

/* Clusters in name order, into cl (room for t->n), from the schools'
 * settings (one a school of t); their overlapping groups' sums from a. */
static int build_clusters(const struct zt_gap_table *t, const struct zt_school_value *settings,
                          struct zt_arena *a, struct cluster *cl, size_t *n)
{
    size_t ncross = t->cross ? t->cross->n : 0;
    *n = 0;
    for (size_t i = 0; i < t->n; i++) {
        const struct zt_school_value *v = &settings[i];
        size_t j = 0;
        while (j < *n && strcmp(cl[j].name, v->cluster) < 0)
            j++;
        if (j == *n || strcmp(cl[j].name, v->cluster) != 0) {
            memmove(&cl[j + 1], &cl[j], (*n - j) * sizeof *cl);
            memset(&cl[j], 0, sizeof cl[j]);
            memcpy(cl[j].name, v->cluster, sizeof cl[j].name);
            if (ncross && !(cl[j].cross = zt_arena_alloc(a, ncross * sizeof *cl[j].cross)))
                return -ENOMEM; /* zeroed */
            (*n)++;
        }
        cell_add(&cl[j].cell, &t->schools[i].cell);
        cross_add(cl[j].cross, t->schools[i].cross, ncross);
    }
    return 0;
}

/* The zone, its clusters and its schools as units for zt_gap_suppress:
 * zone first, clusters next (in cl, name order), schools last (in t). */
static int suppress(const struct zt_gap_cell *zone, const struct zt_gap_tally *zone_cross, const struct cluster *cl,
                    size_t nc, const struct zt_gap_table *t, const size_t *cluster_of, struct zt_arena *a,
                    struct zt_gap_unit *units)
{
    size_t n = 1 + nc + t->n, ncross = t->cross ? t->cross->n : 0;
    units[0] = (struct zt_gap_unit){.cell = zone, .cross = zone_cross, .parent = -1};
    for (size_t j = 0; j < nc; j++)
        units[1 + j] = (struct zt_gap_unit){.cell = &cl[j].cell, .cross = cl[j].cross, .parent = 0};
    for (size_t i = 0; i < t->n; i++)
        units[1 + nc + i] = (struct zt_gap_unit){
            .cell = &t->schools[i].cell, .cross = t->schools[i].cross, .parent = (int)(1 + cluster_of[i])};
    for (size_t u = 0; ncross && u < n; u++)
        if (!(units[u].cross_hidden = zt_arena_alloc(a, ncross)))
            return -ENOMEM;
    return zt_gap_suppress(units, n, t->cross);
}

/* Free school meals take-up of the same units as suppress(): each one's
 * eligible pupils and those not registered, summed over its schools, and
 * how many of them supply fsm_eligible; hidden as zt_gap_suppress_part
 * decides. */
static int take_up_units(const struct zt_gap_table *t, size_t nc, const size_t *cluster_of,
                         struct zt_gap_part *parts, uint32_t *supplying)
{
    size_t n = 1 + nc + t->n;
    memset(parts, 0, n * sizeof *parts);
    memset(supplying, 0, n * sizeof *supplying);
    parts[0].parent = -1;
    for (size_t i = 0; i < t->n; i++) {
        const struct zt_fsm_take_up *x = &t->schools[i].take_up;
        size_t school = 1 + nc + i, cluster = 1 + cluster_of[i], up[] = {school, cluster, 0};
        parts[school].parent = (int)cluster;
        for (size_t k = 0; k < 3; k++) {
            parts[up[k]].total += x->eligible;
            parts[up[k]].part += x->not_registered;
            supplying[up[k]] += x->supplied > 0;
        }
    }
    return zt_gap_suppress_part(parts, n);
}

static int take_up_to_wire(struct zt_arena *a, Zt__GapScope *s, const struct zt_gap_part *p, uint32_t supplying)
{
    Zt__FsmTakeUp *w = s ? zt_arena_alloc(a, sizeof *w) : NULL;
    if (!w)
        return -ENOMEM;
    zt__fsm_take_up__init(w);
    w->schools_supplying = supplying;
    w->has_eligible = supplying && !p->total_hidden;
    w->eligible = w->has_eligible ? p->total : 0;
    w->has_not_registered = supplying && !p->part_hidden;
    w->not_registered = w->has_not_registered ? p->part : 0;
    s->fsm_take_up = w;
    return 0;
}

static size_t cluster_index(const struct cluster *cl, size_t nc, const char *name)
{
    size_t j = 0;
    while (j < nc && strcmp(cl[j].name, name) != 0)
        j++;
    return j;
}

int zt_gaps_scopes(struct zt_txn *txn, const struct zt_gap_table *t, int levels, uint32_t only_school,
                   struct zt_arena *a, Zt__GapScope ***out, size_t *n)
{
    size_t max = 1 + 2 * t->n, k = 0, nc;
    Zt__GapScope **list = zt_arena_alloc(a, max * sizeof *list);
    struct cluster *cl = zt_arena_alloc(a, (t->n ? t->n : 1) * sizeof *cl);
    struct zt_school_value *settings = zt_arena_alloc(a, (t->n ? t->n : 1) * sizeof *settings);
    size_t *cluster_of = zt_arena_alloc(a, (t->n ? t->n : 1) * sizeof *cluster_of);
    struct zt_gap_unit *units = zt_arena_alloc(a, max * sizeof *units);
    struct zt_gap_part *parts = zt_arena_alloc(a, max * sizeof *parts);
    uint32_t *supplying = zt_arena_alloc(a, max * sizeof *supplying);
    size_t ncross = t->cross ? t->cross->n : 0;
    struct zt_gap_tally *zone_cross = ncross ? zt_arena_alloc(a, ncross * sizeof *zone_cross) : NULL;
    struct zt_gap_cell zone;
    if (!list || !cl || !settings || !cluster_of || !units || !parts || !supplying || (ncross && !zone_cross))
        return -ENOMEM;
    memset(&zone, 0, sizeof zone);
    for (size_t i = 0; i < t->n; i++) {
        cell_add(&zone, &t->schools[i].cell);
        cross_add(zone_cross, t->schools[i].cross, ncross);
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < t->n; i++)
        rc = school_settings(txn, t->schools[i].urn, &settings[i]);
    if (rc)
        return rc;
    if ((rc = build_clusters(t, settings, a, cl, &nc)))
        return rc;
    for (size_t i = 0; i < t->n; i++)
        cluster_of[i] = cluster_index(cl, nc, settings[i].cluster);
    /* Always the whole zone, whatever is asked: every answer hides the same
     * figures, so no two answers together give one away. */
    if ((rc = suppress(&zone, zone_cross, cl, nc, t, cluster_of, a, units)))
        return rc;
    if (t->take_up && (rc = take_up_units(t, nc, cluster_of, parts, supplying)))
        return rc;
    if (levels & ZT_LEVEL_ZONE) {
        Zt__GapScope *s = scope_to_wire(a, ZT__GAP_LEVEL__GAP_LEVEL_ZONE, &zone, zone_cross, &units[0], t->cross);
        if (!s || (t->take_up && take_up_to_wire(a, s, &parts[0], supplying[0])))
            return -ENOMEM;
        list[k++] = s;
    }
    for (size_t j = 0; (levels & ZT_LEVEL_CLUSTER) && j < nc; j++) {
        Zt__GapScope *s = scope_to_wire(a, ZT__GAP_LEVEL__GAP_LEVEL_CLUSTER, &cl[j].cell, cl[j].cross,
                                        &units[1 + j], t->cross);
        if (!s || !(s->name = s->cluster = zt_arena_strdup(a, cl[j].name)) ||
            (t->take_up && take_up_to_wire(a, s, &parts[1 + j], supplying[1 + j])))
            return -ENOMEM;
        list[k++] = s;
    }
    for (size_t i = 0; (levels & ZT_LEVEL_SCHOOL) && i < t->n; i++) {
        if (only_school && t->schools[i].urn != only_school)
            continue;
        Zt__GapScope *s = scope_to_wire(a, ZT__GAP_LEVEL__GAP_LEVEL_SCHOOL, &t->schools[i].cell,
                                        t->schools[i].cross, &units[1 + nc + i], t->cross);
        if (!s || !(s->cluster = zt_arena_strdup(a, settings[i].cluster)) ||
            (t->take_up && take_up_to_wire(a, s, &parts[1 + nc + i], supplying[1 + nc + i])))
            return -ENOMEM;
        s->has_school = 1;
        s->school = t->schools[i].urn;
        if (settings[i].name[0] && !(s->name = zt_arena_strdup(a, settings[i].name)))
            return -ENOMEM;
        list[k++] = s;
    }
    *out = list;
    *n = k;
    return 0;
}
