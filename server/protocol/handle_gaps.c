/* Gap analysis requests: the zone's school settings (anyone reads, the
 * coordinator sets), the gap figures (a school sees only its own school's
 * breakdown, the coordinator everything), snapshots on demand, targets
 * (anyone reads, the coordinator sets). */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "audit.h"
#include "gap_snapshots.h"
#include "gap_targets.h"
#include "gaps_reply.h"
#include "handlers.h"
#include "ingest.h"
#include "log.h"
#include "schools.h"
#include "thresholds.h"

/* --- schools ---------------------------------------------------------------- */

struct school_list {
    struct zt_arena *arena;
    Zt__School **items;
    size_t n, cap;
};

static int add_school(uint32_t urn, const struct zt_school_value *v, void *arg)
{
    struct school_list *l = arg;
    if (!(l->items = zt_arena_grow(l->arena, l->items, l->n, &l->cap, sizeof *l->items)))
        return -ENOMEM;
    Zt__School *s = zt_arena_alloc(l->arena, sizeof *s);
    if (!s)
        return -ENOMEM;
    zt__school__init(s);
    s->urn = urn;
    s->name = zt_arena_strdup(l->arena, v->name);
    s->cluster = zt_arena_strdup(l->arena, v->cluster);
    l->items[l->n++] = s;
    return 0;
}

void zt_handle_schools(struct zt_request *r)
{
    struct school_list l = {.arena = r->arena};
    struct zt_txn *txn;
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc == 0) {
        rc = zt_schools_each(txn, add_school, &l);
        zt_txn_end(txn);
    }
    Zt__SchoolsReply *sr = zt_arena_alloc(r->arena, sizeof *sr);
    if (rc || !sr) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot read the schools: %s",
                       zt_strerror(rc ? rc : -ENOMEM));
        return;
    }
    zt__schools_reply__init(sr);
    sr->schools = l.items;
    sr->n_schools = l.n;
    r->resp->body_case = ZT__RESPONSE__BODY_SCHOOLS;
    r->resp->schools = sr;
}

struct set_schools {
    const Zt__SchoolsSet *set;
    size_t bad; /* index of the school refused */
};

static int set_schools_txn(struct zt_txn *txn, void *arg)
{
    struct set_schools *j = arg;
    for (size_t i = 0; i < j->set->n_schools; i++) {
        const Zt__School *s = j->set->schools[i];
        int rc = zt_school_put(txn, s->urn, s->name ? s->name : "", s->cluster ? s->cluster : "");
        if (rc) {
            j->bad = i;
            return rc;
        }
    }
    return 0;
}

void zt_handle_set_schools(struct zt_request *r, const Zt__SchoolsSet *set)
{
    if (!zt_require_coordinator(r, "changing the zone's schools"))
        return;
    struct set_schools j = {set, 0};
    int rc = zt_store_write(r->zone->store, set_schools_txn, &j);
    if (rc == -EINVAL) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID,
                       "school %u: needs a 6-digit URN, a name (1-%d characters) and a cluster (1-%d)",
                       set->schools[j.bad]->urn, ZT_SCHOOL_NAME_MAX - 1, ZT_CLUSTER_MAX - 1);
        return;
    }
    if (rc) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot store the schools: %s", zt_strerror(rc));
        return;
    }
    zt_info("%s set %zu school(s)", r->who->name, set->n_schools);
    zt_handle_schools(r);
}

/* --- gap figures ------------------------------------------------------------- */

struct trend {
    struct zt_txn *txn;
    struct zt_arena *arena;
    int levels;
    uint32_t school;
    Zt__GapSnapshot **items;
    size_t n, cap;
};

static int add_snapshot(zt_date date, const struct zt_gap_table *t, void *arg)
{
    struct trend *tr = arg;
    if (!(tr->items = zt_arena_grow(tr->arena, tr->items, tr->n, &tr->cap, sizeof *tr->items)))
        return -ENOMEM;
    Zt__GapSnapshot *s = zt_arena_alloc(tr->arena, sizeof *s);
    if (!s)
        return -ENOMEM;
    zt__gap_snapshot__init(s);
    s->date = date;
    tr->items[tr->n++] = s;
    return zt_gaps_scopes(tr->txn, t, tr->levels, tr->school, tr->arena, &s->scopes, &s->n_scopes);
}

/* --- targets --------------------------------------------------------------------- */

struct target_list {
    struct zt_arena *arena;
    Zt__GapTarget **items;
    size_t n, cap;
};

static int add_target(const struct zt_gap_target *t, void *arg)
{
    struct target_list *l = arg;
    Zt__GapTarget *w = zt_arena_alloc(l->arena, sizeof *w);
    if (!w || !(l->items = zt_arena_grow(l->arena, l->items, l->n, &l->cap, sizeof *l->items)))
        return -ENOMEM;
    zt__gap_target__init(w);
    w->measure = (char *)zt_measures[t->measure].key;
    w->group = (char *)zt_gap_groups[t->group].name;
    w->value = t->value;
    w->by = t->by;
    l->items[l->n++] = w;
    return 0;
}

static int read_targets(struct zt_arena *a, struct zt_txn *txn, Zt__GapTarget ***out, size_t *n)
{
    struct target_list l = {.arena = a};
    int rc = zt_gap_targets_each(txn, add_target, &l);
    *out = l.items;
    *n = l.n;
    return rc;
}

struct target_job {
    struct zt_gap_target t;
    int clear;
    const char *who;
};

static int target_txn(struct zt_txn *txn, void *arg)
{
    struct target_job *j = arg;
    return zt_gap_target_set(txn, &j->t, j->clear, j->who);
}

static int find_name(const char *s, int measure)
{
    for (int i = 0; s && measure && i < ZT_M_COUNT; i++)
        if (!strcmp(zt_measures[i].key, s))
            return i;
    for (int i = 0; s && !measure && i < ZT_G_COUNT; i++)
        if (!strcmp(zt_gap_groups[i].name, s))
            return i;
    return -1;
}

void zt_handle_gap_target(struct zt_request *r, const Zt__GapTargetSet *q)
{
    if (q->target) {
        if (!zt_require_coordinator(r, "setting a gap target"))
            return;
        const Zt__GapTarget *t = q->target;
        struct target_job j = {{find_name(t->measure, 1), find_name(t->group, 0), t->value, t->by},
                               q->has_clear && q->clear, r->who->name};
        if (j.t.measure < 0 || j.t.group < 0 ||
            (!j.clear && (!isfinite(t->value) || t->value < -100 || t->value > 100 || !zt_ingest_date_ok(t->by)))) {
            zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID,
                           "a gap target needs a measure's key, a group's name, a gap from -100 to 100 and a date");
            return;
        }
        int rc = zt_store_write(r->zone->store, target_txn, &j);
        if (rc == -ENOENT) {
            zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID, "no gap target for %s in %s to clear", t->group,
                           t->measure);
            return;
        }
        if (rc) {
            zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot store the gap target: %s", zt_strerror(rc));
            return;
        }
        zt_info("%s %s the gap target for %s in %s", r->who->name, j.clear ? "cleared" : "set", t->group,
                t->measure);
    }
    Zt__GapTargetsReply *tr = zt_arena_alloc(r->arena, sizeof *tr);
    struct zt_txn *txn;
    int rc = tr ? zt_store_read_begin(r->zone->store, &txn) : -ENOMEM;
    if (rc == 0) {
        zt__gap_targets_reply__init(tr);
        rc = read_targets(r->arena, txn, &tr->targets, &tr->n_targets);
        zt_txn_end(txn);
    }
    if (rc) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot read the gap targets: %s", zt_strerror(rc));
        return;
    }
    r->resp->body_case = ZT__RESPONSE__BODY_GAP_TARGETS;
    r->resp->gap_targets = tr;
}

/* --- gap figures, continued ---------------------------------------------------------- */

/* The same day a year before (28 February for 29 February). */
static zt_date year_before(zt_date d)
{
    int y, m, day;
    zt_date_to_ymd(d, &y, &m, &day);
    return zt_date_from_ymd(y - 1, m, m == 2 && day == 29 ? 28 : day);
}

/* The figures as of date, every level asked for, into *scopes. */
static int scopes_as_of(struct zt_request *r, struct zt_txn *txn, const struct zt_thresholds *t, zt_date date,
                        int levels, uint32_t school, const struct zt_gap_cross *cross, Zt__GapScope ***scopes,
                        size_t *n)
{
    struct zt_gap_table table;
    int rc = zt_gaps_compute_cross(txn, date, t, cross, &table); /* the whole zone: see zt_gaps_scopes */
    if (rc)
        return rc;
    rc = zt_gaps_scopes(txn, &table, levels, school, r->arena, scopes, n);
    zt_gap_table_free(&table);
    return rc;
}

static int read_gaps(struct zt_request *r, struct zt_txn *txn, const Zt__GapsQuery *q, int levels,
                     uint32_t school, const struct zt_gap_cross *cross, Zt__GapsReply *gr)
{
    struct zt_thresholds t;
    int rc = zt_thresholds_load(txn, &t);
    if (rc == 0)
        rc = scopes_as_of(r, txn, &t, gr->as_of, levels, school, cross, &gr->scopes, &gr->n_scopes);
    if (rc == 0 && q->has_last_year && q->last_year) {
        Zt__GapSnapshot *ly = zt_arena_alloc(r->arena, sizeof *ly);
        if (!ly)
            return -ENOMEM;
        zt__gap_snapshot__init(ly);
        ly->date = year_before(gr->as_of);
        gr->last_year = ly;
        rc = scopes_as_of(r, txn, &t, ly->date, levels, school, cross, &ly->scopes, &ly->n_scopes);
    }
    if (rc == 0)
        rc = read_targets(r->arena, txn, &gr->targets, &gr->n_targets);
    if (rc == 0 && q->has_trend && q->trend) {
        struct trend tr = {.txn = txn, .arena = r->arena, .levels = levels, .school = school};
        rc = zt_gap_snapshots_each(txn, 0, add_snapshot, &tr);
        gr->trend = tr.items;
        gr->n_trend = tr.n;
    }
    return rc;
}

static int level_bits(Zt__GapLevel l)
{
    return l == ZT__GAP_LEVEL__GAP_LEVEL_ZONE      ? ZT_LEVEL_ZONE
           : l == ZT__GAP_LEVEL__GAP_LEVEL_CLUSTER ? ZT_LEVEL_CLUSTER
                                                   : ZT_LEVEL_SCHOOL;
}

void zt_handle_gaps(struct zt_request *r, const Zt__GapsQuery *q)
{
    int levels = q->has_level ? level_bits(q->level) : ZT_LEVEL_ALL;
    uint32_t school = q->has_school ? q->school : 0;
    if (r->who->role == ZT_ROLE_SCHOOL) {
        if ((school && school != r->who->urn) || (q->has_level && levels != ZT_LEVEL_SCHOOL)) {
            zt_reply_forbidden(r, "reading gaps beyond the school's own");
            return;
        }
        school = r->who->urn;
        levels = ZT_LEVEL_SCHOOL;
    } else if (school && q->has_level && levels != ZT_LEVEL_SCHOOL) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID, "a school filter needs the school level");
        return;
    } else if (school) {
        levels = ZT_LEVEL_SCHOOL;
    }
    struct zt_gap_cross *cross = NULL;
    if (q->cross_by) {
        if (!(cross = zt_arena_alloc(r->arena, sizeof *cross)))
            return;
        if (zt_gap_cross_parse(q->cross_by, cross)) {
            zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID, "overlapping groups need two different --by dimensions");
            return;
        }
    }
    Zt__GapsReply *gr = zt_arena_alloc(r->arena, sizeof *gr);
    if (!gr)
        return;
    zt__gaps_reply__init(gr);
    gr->as_of = q->has_as_of ? q->as_of : zt_zone_as_of(r->zone);
    gr->min_group = ZT_GAP_MIN_GROUP;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct zt_txn *txn;
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc == 0) {
        rc = read_gaps(r, txn, q, levels, school, cross, gr);
        zt_txn_end(txn);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot compute the gaps: %s", zt_strerror(rc));
        return;
    }
    zt_debug("gap analysis for %s in %.1f ms", r->who->name,
             (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    r->resp->body_case = ZT__RESPONSE__BODY_GAPS;
    r->resp->gaps = gr;
}

/* --- snapshots on demand ------------------------------------------------------ */

struct snap_job {
    const Zt__GapsSnapshotRequest *q;
    zt_date as_of;
    zt_date taken[32];
    size_t n;
};

static int snapshot_txn(struct zt_txn *txn, void *arg)
{
    struct snap_job *j = arg;
    struct zt_thresholds t;
    int rc = zt_thresholds_load(txn, &t);
    if (rc)
        return rc;
    if (j->q->has_date) {
        j->n = 1;
        j->taken[0] = j->q->date;
        return zt_gap_snapshot_take(txn, j->q->date, &t, NULL);
    }
    return zt_gap_snapshots_due(txn, j->as_of, &t, j->taken, 32, &j->n);
}

void zt_handle_gaps_snapshot(struct zt_request *r, const Zt__GapsSnapshotRequest *q)
{
    if (!zt_require_coordinator(r, "taking a gap snapshot"))
        return;
    if (q->has_date && !zt_ingest_date_ok(q->date)) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID, "snapshot date out of range");
        return;
    }
    struct snap_job j = {.q = q, .as_of = zt_zone_as_of(r->zone)};
    int rc = zt_store_write(r->zone->store, snapshot_txn, &j);
    Zt__GapsSnapshotReply *sr = zt_arena_alloc(r->arena, sizeof *sr);
    int32_t *dates = zt_arena_alloc(r->arena, sizeof j.taken);
    if (rc || !sr || !dates) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot take the snapshot: %s",
                       zt_strerror(rc ? rc : -ENOMEM));
        return;
    }
    zt__gaps_snapshot_reply__init(sr);
    for (size_t i = 0; i < j.n; i++)
        dates[i] = j.taken[i];
    sr->dates = dates;
    sr->n_dates = j.n;
    zt_info("%s took %zu gap snapshot(s)", r->who->name, j.n);
    r->resp->body_case = ZT__RESPONSE__BODY_GAPS_SNAPSHOT;
    r->resp->gaps_snapshot = sr;
}
