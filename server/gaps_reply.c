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

static Zt__GapScope *scope_to_wire(struct zt_arena *a, Zt__GapLevel level, const struct zt_gap_cell *c,
                                   uint32_t hidden)
{
    Zt__GapScope *s = zt_arena_alloc(a, sizeof *s);
    Zt__GapGroup *groups = zt_arena_alloc(a, ZT_G_COUNT * sizeof *groups);
    Zt__GapGroup **list = zt_arena_alloc(a, ZT_G_COUNT * sizeof *list);
    if (!s || !groups || !list)
        return NULL;
    zt__gap_scope__init(s);
    s->level = level;
    if (!(hidden & ZT_HIDE_ALL) && !(s->all = tally_to_wire(a, &c->all)))
        return NULL;
    for (int g = 0; g < ZT_G_COUNT; g++) {
        Zt__GapGroup *w = &groups[g];
        zt__gap_group__init(w);
        w->group = (char *)zt_gap_groups[g].name;
        w->by = (char *)zt_gap_groups[g].by;
        if (!(hidden & ZT_HIDE_GROUP(g))) {
            struct zt_gap_tally rest;
            zt_gap_tally_sub(&rest, &c->all, &c->group[g]);
            w->members = tally_to_wire(a, &c->group[g]);
            w->rest = tally_to_wire(a, &rest);
            if (!w->members || !w->rest)
                return NULL;
        }
        list[g] = w;
    }
    s->groups = list;
    s->n_groups = ZT_G_COUNT;
    return s;
}

static void cell_add(struct zt_gap_cell *into, const struct zt_gap_cell *x)
{
    zt_gap_tally_add(&into->all, &x->all);
    for (int g = 0; g < ZT_G_COUNT; g++)
        zt_gap_tally_add(&into->group[g], &x->group[g]);
}

struct cluster {
    char name[ZT_CLUSTER_MAX];
    struct zt_gap_cell cell;
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
 * settings (one a school of t). */
static void build_clusters(const struct zt_gap_table *t, const struct zt_school_value *settings,
                           struct cluster *cl, size_t *n)
{
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
            (*n)++;
        }
        cell_add(&cl[j].cell, &t->schools[i].cell);
    }
}

/* The zone, its clusters and its schools as units for zt_gap_suppress:
 * zone first, clusters next (in cl, name order), schools last (in t). */
static int suppress(const struct zt_gap_cell *zone, const struct cluster *cl, size_t nc,
                    const struct zt_gap_table *t, const size_t *cluster_of, struct zt_gap_unit *units)
{
    units[0] = (struct zt_gap_unit){.cell = zone, .parent = -1};
    for (size_t j = 0; j < nc; j++)
        units[1 + j] = (struct zt_gap_unit){.cell = &cl[j].cell, .parent = 0};
    for (size_t i = 0; i < t->n; i++)
        units[1 + nc + i] = (struct zt_gap_unit){.cell = &t->schools[i].cell, .parent = (int)(1 + cluster_of[i])};
    return zt_gap_suppress(units, 1 + nc + t->n);
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
    struct zt_gap_cell zone;
    if (!list || !cl || !settings || !cluster_of || !units)
        return -ENOMEM;
    memset(&zone, 0, sizeof zone);
    for (size_t i = 0; i < t->n; i++)
        cell_add(&zone, &t->schools[i].cell);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < t->n; i++)
        rc = school_settings(txn, t->schools[i].urn, &settings[i]);
    if (rc)
        return rc;
    build_clusters(t, settings, cl, &nc);
    for (size_t i = 0; i < t->n; i++)
        cluster_of[i] = cluster_index(cl, nc, settings[i].cluster);
    /* Always the whole zone, whatever is asked: every answer hides the same
     * figures, so no two answers together give one away. */
    if ((rc = suppress(&zone, cl, nc, t, cluster_of, units)))
        return rc;
    if (levels & ZT_LEVEL_ZONE) {
        if (!(list[k++] = scope_to_wire(a, ZT__GAP_LEVEL__GAP_LEVEL_ZONE, &zone, units[0].hidden)))
            return -ENOMEM;
    }
    for (size_t j = 0; (levels & ZT_LEVEL_CLUSTER) && j < nc; j++) {
        Zt__GapScope *s = scope_to_wire(a, ZT__GAP_LEVEL__GAP_LEVEL_CLUSTER, &cl[j].cell, units[1 + j].hidden);
        if (!s || !(s->name = s->cluster = zt_arena_strdup(a, cl[j].name)))
            return -ENOMEM;
        list[k++] = s;
    }
    for (size_t i = 0; (levels & ZT_LEVEL_SCHOOL) && i < t->n; i++) {
        if (only_school && t->schools[i].urn != only_school)
            continue;
        Zt__GapScope *s = scope_to_wire(a, ZT__GAP_LEVEL__GAP_LEVEL_SCHOOL, &t->schools[i].cell,
                                        units[1 + nc + i].hidden);
        if (!s || !(s->cluster = zt_arena_strdup(a, settings[i].cluster)))
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
