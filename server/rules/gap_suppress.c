#include "gap_suppress.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

enum { PUBLISHED = 1 };

/* Every figure of every unit is a cell: unit * keys + key, where key 0 is
 * all pupils, 1 + g group g, 1 + ZT_G_COUNT + k overlapping group k, then
 * one key per sum for the pupils it leaves over (never published). A
 * relation is a list of cells, its total first, that must add up. */
struct table {
    struct zt_gap_unit *units;
    size_t n, ncells;
    int keys, ncross, nsums;
    const struct zt_gap_xsum *sums; /* keys: 1 + its group indexes, 0 all pupils */
    uint32_t *pupils;
    uint8_t *state, *known, *seen;
    uint8_t *fixed; /* may not be hidden now (the single groups, once decided) */
    uint8_t *guard; /* hidden single-group figures that must stay unknown */
    int *derived_by;      /* the relation that gave a cell away, or -1 */
    int *cells;           /* relations, flat */
    size_t ncell_refs, cap_refs;
    size_t *rel_start;    /* relation r is cells[rel_start[r] .. rel_start[r + 1]) */
    size_t nrel, cap_rel;
};

static int key_of(const struct table *t, int cell)
{
    return cell % t->keys;
}

static int cross_key(int k)
{
    return 1 + ZT_G_COUNT + k;
}

static int left_key(const struct table *t, int s)
{
    return 1 + ZT_G_COUNT + t->ncross + s;
}

static int is_group_key(const struct table *t, int key)
{
    return key >= 1 && key < 1 + ZT_G_COUNT + t->ncross;
}

/* Keys of the overlapping groups and of their sums' left-overs. */
static int is_cross_key(const struct table *t, int key)
{
    return (key > ZT_G_COUNT && key < left_key(t, 0)) || (key >= left_key(t, 0) && t->sums[key - left_key(t, 0)].cross);
}

static uint32_t unit_all(const struct table *t, int cell)
{
    return t->pupils[cell - key_of(t, cell)];
}

static int small(uint32_t pupils)
{
    return pupils > 0 && pupils < ZT_GAP_MIN_GROUP;
}

/* A hidden figure that must not be worked out: 1-4 pupils (a group, a
 * scope or the pupils a sum leaves over), a group whose rest is 1-4
 * pupils, or a guarded one. */
static int sensitive(const struct table *t, int cell)
{
    uint32_t p = t->pupils[cell];
    if (t->guard[cell])
        return 1;
    if (!is_group_key(t, key_of(t, cell)))
        return small(p);
    return small(p) || small(unit_all(t, cell) - p);
}

/* Adds the relation list[0] = list[1] + ... + list[n - 1]. */
static int add_rel(struct table *t, const int *list, size_t n)
{
    if (zt_grow(&t->rel_start, t->nrel + 1, &t->cap_rel, sizeof *t->rel_start, 64))
        return -ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (zt_grow(&t->cells, t->ncell_refs, &t->cap_refs, sizeof *t->cells, 256))
            return -ENOMEM;
        t->cells[t->ncell_refs++] = list[i];
    }
    t->rel_start[t->nrel++] = t->ncell_refs - n;
    t->rel_start[t->nrel] = t->ncell_refs;
    return 0;
}

static int shown(uint32_t all, uint32_t p)
{
    return all >= ZT_GAP_MIN_GROUP && p >= ZT_GAP_MIN_GROUP && all - p >= ZT_GAP_MIN_GROUP;
}

/* Pupil counts and primary suppression; overlapping groups stay
 * unpublished until their turn (open_cross). */
static void fill_cells(struct table *t)
{
    for (size_t u = 0; u < t->n; u++) {
        const struct zt_gap_unit *unit = &t->units[u];
        const struct zt_gap_cell *c = unit->cell;
        size_t base = u * (size_t)t->keys;
        t->pupils[base] = c->all.pupils;
        t->state[base] = c->all.pupils >= ZT_GAP_MIN_GROUP ? PUBLISHED : 0;
        for (int g = 0; g < ZT_G_COUNT; g++) {
            t->pupils[base + 1 + g] = c->group[g].pupils;
            t->state[base + 1 + g] = shown(c->all.pupils, c->group[g].pupils) ? PUBLISHED : 0;
        }
        for (int k = 0; k < t->ncross; k++)
            t->pupils[base + (size_t)cross_key(k)] = unit->cross ? unit->cross[k].pupils : 0;
        for (int s = 0; s < t->nsums; s++) {
            const struct zt_gap_xsum *d = &t->sums[s];
            uint32_t left = t->pupils[base + (size_t)(1 + d->whole)];
            for (int i = 0; i < d->nparts; i++)
                left -= t->pupils[base + (size_t)(1 + d->parts[i])];
            t->pupils[base + (size_t)left_key(t, s)] = left;
        }
    }
}

/* The unit u is part of, one level up (grand: two levels up), or -1. */
static int above(const struct table *t, size_t u, int grand)
{
    int p = t->units[u].parent;
    return grand && p >= 0 ? t->units[p].parent : p;
}

/* parent = the sum of the units one (grand: two) levels below it, for each
 * key of the single groups (cross 0) or of the overlapping ones (cross 1);
 * list has room for every unit. */
static int add_level(struct table *t, size_t parent, int grand, int cross, int *list)
{
    for (int k = 0; k < t->keys; k++) {
        if (is_cross_key(t, k) != cross)
            continue;
        size_t n = 0;
        list[n++] = (int)(parent * (size_t)t->keys) + k;
        for (size_t u = 0; u < t->n; u++)
            if (above(t, u, grand) == (int)parent)
                list[n++] = (int)(u * (size_t)t->keys) + k;
        int rc = n > 1 ? add_rel(t, list, n) : 0;
        if (rc)
            return rc;
    }
    return 0;
}

/* The relations of the single groups (cross 0), or of the overlapping
 * ones (cross 1). */
static int build_relations(struct table *t, int cross)
{
    int *list = malloc((t->n + ZT_GAP_XSUM_PARTS + 2) * sizeof *list);
    int rc = list ? 0 : -ENOMEM;
    for (size_t u = 0; rc == 0 && u < t->n; u++) {
        int base = (int)(u * (size_t)t->keys);
        for (int s = 0; rc == 0 && s < t->nsums; s++) {
            const struct zt_gap_xsum *d = &t->sums[s];
            if (d->cross != cross)
                continue;
            size_t n = 0;
            list[n++] = base + 1 + d->whole; /* ZT_GAP_ALL_PUPILS is -1: key 0 */
            for (int i = 0; i < d->nparts; i++)
                list[n++] = base + 1 + d->parts[i];
            list[n++] = base + left_key(t, s);
            rc = add_rel(t, list, n);
        }
        if (rc == 0)
            rc = add_level(t, u, 0, cross, list);
        if (rc == 0)
            rc = add_level(t, u, 1, cross, list);
    }
    free(list);
    return rc;
}

/* What an attacker learns: published and empty figures, then any figure
 * that is the one unknown of a relation, until nothing more follows. */
static void closure(struct table *t)
{
    for (size_t c = 0; c < t->ncells; c++) {
        t->known[c] = t->state[c] == PUBLISHED || t->pupils[c] == 0;
        t->derived_by[c] = -1;
    }
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t r = 0; r < t->nrel; r++) {
            int unknown = -1, count = 0;
            for (size_t i = t->rel_start[r]; i < t->rel_start[r + 1] && count < 2; i++)
                if (!t->known[t->cells[i]])
                    unknown = t->cells[i], count++;
            if (count != 1)
                continue;
            t->known[unknown] = 1;
            t->derived_by[unknown] = (int)r;
            changed = 1;
        }
    }
}

/* A sensitive figure the closure worked out, or -1. */
static int exposed(const struct table *t)
{
    for (size_t c = 0; c < t->ncells; c++)
        if (t->derived_by[c] >= 0 && sensitive(t, (int)c))
            return (int)c;
    return -1;
}

/* Adds relation r's published figures that may be hidden to the candidates. */
static void published_of(struct table *t, size_t r, int *out, size_t *n, size_t max)
{
    for (size_t i = t->rel_start[r]; i < t->rel_start[r + 1] && *n < max; i++) {
        int c = t->cells[i];
        if (t->state[c] == PUBLISHED && !t->fixed[c] && !t->seen[c]) {
            t->seen[c] = 1;
            out[(*n)++] = c;
        }
    }
}

/* Hiding a scope's all-pupil figures hides all of it: tried last. */
static uint64_t cost(const struct table *t, int c)
{
    return (uint64_t)t->pupils[c] + (key_of(t, c) == 0 ? (uint64_t)UINT32_MAX : 0);
}

static int by_cost(const struct table *t, int a, int b)
{
    uint64_t x = cost(t, a), y = cost(t, b);
    return x != y ? (x < y ? -1 : 1) : (a < b ? -1 : 1);
}

/* The figures whose hiding may protect cell: the published ones of the
 * relation that gave it away, and of the relations that gave away the
 * others in it (hiding a figure that follows anyway protects nothing).
 * Cheapest first. */
static size_t candidates(struct table *t, int cell, int *out, size_t max)
{
    size_t n = 0, r = (size_t)t->derived_by[cell];
    memset(t->seen, 0, t->ncells);
    t->seen[cell] = 1;
    published_of(t, r, out, &n, max);
    for (size_t i = t->rel_start[r]; i < t->rel_start[r + 1]; i++) {
        int x = t->cells[i];
        if (x != cell && t->derived_by[x] >= 0)
            published_of(t, (size_t)t->derived_by[x], out, &n, max);
    }
    for (size_t i = 1; i < n; i++) /* insertion sort: a few dozen at most */
        for (size_t j = i; j > 0 && by_cost(t, out[j], out[j - 1]) < 0; j--) {
            int tmp = out[j];
            out[j] = out[j - 1];
            out[j - 1] = tmp;
        }
    return n;
}

static void hide(struct table *t, int cell)
{
    t->state[cell] = 0;
    if (key_of(t, cell) == 0) /* members and rest would give all pupils away */
        for (int g = 0; g < ZT_G_COUNT; g++)
            t->state[cell + 1 + g] = 0;
}

#define TRIALS 8       /* candidates tried for each figure given away */
#define MAX_CANDIDATES 64

/* Hides, for each sensitive figure that can be worked out, the cheapest
 * candidate that stops it being worked out; when none of the first TRIALS
 * does on its own, the cheapest, and looks again. Each round hides one
 * more figure, so it ends. Returns -1 when a figure is given away that
 * nothing left to hide protects. */
static int suppress(struct table *t, uint8_t *saved)
{
    int out[MAX_CANDIDATES];
    closure(t);
    for (int cell; (cell = exposed(t)) >= 0;) {
        size_t n = candidates(t, cell, out, MAX_CANDIDATES), i = 0;
        if (n == 0)
            return -1;
        memcpy(saved, t->state, t->ncells);
        for (; i < n && i < TRIALS; i++) {
            hide(t, out[i]);
            closure(t);
            if (!t->known[cell])
                break;
            memcpy(t->state, saved, t->ncells);
        }
        if (i == n || i == TRIALS) {
            hide(t, out[0]);
            closure(t);
        }
    }
    return 0;
}

/* After the single groups are decided: they are fixed, whatever of them
 * is hidden and unknown is guarded, and the overlapping groups are
 * published as primary suppression allows. */
static void open_cross(struct table *t)
{
    closure(t);
    for (size_t u = 0; u < t->n; u++) {
        size_t base = u * (size_t)t->keys;
        for (int k = 0; k < t->keys; k++) {
            size_t c = base + (size_t)k;
            if (is_cross_key(t, k)) {
                int g = k - 1 - ZT_G_COUNT;
                t->state[c] = g >= 0 && g < t->ncross && t->state[base] == PUBLISHED &&
                                      shown(t->pupils[base], t->pupils[c])
                                  ? PUBLISHED
                                  : 0;
            } else {
                t->fixed[c] = 1;
                t->guard[c] = !t->known[c];
            }
        }
    }
}

static void report(struct table *t, const struct zt_gap_cross *x)
{
    for (size_t u = 0; u < t->n; u++) {
        size_t base = u * (size_t)t->keys;
        t->units[u].hidden = t->state[base] == PUBLISHED ? 0 : ZT_HIDE_ALL;
        for (int g = 0; g < ZT_G_COUNT; g++)
            if (t->state[base + 1 + g] != PUBLISHED)
                t->units[u].hidden |= ZT_HIDE_GROUP(g);
        for (size_t k = 0; x && k < x->n; k++)
            t->units[u].cross_hidden[k] = t->state[base + (size_t)cross_key((int)k)] != PUBLISHED;
    }
}

/* zt_gap_suppress with the table's sums given. */
static int decide(struct zt_gap_unit *units, size_t n, const struct zt_gap_cross *cross,
                  const struct zt_gap_xsum *sums, int nsums)
{
    struct table t = {.units = units, .n = n, .ncross = cross ? (int)cross->n : 0, .sums = sums, .nsums = nsums};
    t.keys = 1 + ZT_G_COUNT + t.ncross + t.nsums;
    t.ncells = n * (size_t)t.keys;
    t.pupils = calloc(t.ncells + 1, sizeof *t.pupils);
    t.state = calloc(t.ncells + 1, 1);
    t.known = calloc(t.ncells + 1, 1);
    t.seen = calloc(t.ncells + 1, 1);
    t.fixed = calloc(t.ncells + 1, 1);
    t.guard = calloc(t.ncells + 1, 1);
    t.derived_by = calloc(t.ncells + 1, sizeof *t.derived_by);
    uint8_t *saved = malloc(t.ncells + 1);
    int rc = t.pupils && t.state && t.known && t.seen && t.fixed && t.guard && t.derived_by && saved ? 0 : -ENOMEM;
    if (rc == 0) {
        fill_cells(&t);
        rc = build_relations(&t, 0);
    }
    if (rc == 0)
        (void)suppress(&t, saved); /* cannot fail: a derivation rests on a published figure */
    if (rc == 0 && cross) {
        open_cross(&t);
        rc = build_relations(&t, 1);
        if (rc == 0 && suppress(&t, saved)) {
            /* Nothing overlapping left to hide protects it: show none. */
            for (size_t c = 0; c < t.ncells; c++)
                if (is_cross_key(&t, key_of(&t, (int)c)))
                    t.state[c] = 0;
        }
    }
    if (rc == 0)
        report(&t, cross);
    free(t.pupils);
    free(t.state);
    free(t.known);
    free(t.seen);
    free(t.fixed);
    free(t.guard);
    free(t.derived_by);
    free(saved);
    free(t.cells);
    free(t.rel_start);
    return rc;
}

int zt_gap_suppress(struct zt_gap_unit *units, size_t n, const struct zt_gap_cross *cross)
{
    struct zt_gap_xsum *sums = calloc(ZT_GAP_XSUMS_MAX, sizeof *sums);
    if (!sums)
        return -ENOMEM;
    int rc = decide(units, n, cross, sums, (int)zt_gap_xsums(cross, sums));
    free(sums);
    return rc;
}

/* The part is a table's only group (the first), the total its all-pupil
 * figure and total - part the one sum's left-over: the rules above then
 * apply to it unchanged. */
int zt_gap_suppress_part(struct zt_gap_part *units, size_t n)
{
    struct zt_gap_cell *cells = calloc(n ? n : 1, sizeof *cells);
    struct zt_gap_unit *u = calloc(n ? n : 1, sizeof *u);
    int rc = cells && u ? 0 : -ENOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        cells[i].all.pupils = units[i].total;
        cells[i].group[0].pupils = units[i].part;
        u[i] = (struct zt_gap_unit){.cell = &cells[i], .parent = units[i].parent};
    }
    const struct zt_gap_xsum sum = {.whole = ZT_GAP_ALL_PUPILS, .nparts = 1, .of = -1, .parts = {0}};
    if (rc == 0)
        rc = decide(u, n, NULL, &sum, 1);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        units[i].total_hidden = (u[i].hidden & ZT_HIDE_ALL) != 0;
        units[i].part_hidden = (u[i].hidden & (ZT_HIDE_ALL | ZT_HIDE_GROUP(0))) != 0;
    }
    free(cells);
    free(u);
    return rc;
}
