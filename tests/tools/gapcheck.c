/* gapcheck: tries to undo the gap tables' suppression, as someone holding
 * every published table would.
 *
 *   gapcheck [--empty BY]... FILE...
 *
 * Each FILE is `zonectl gaps --csv` (every level and group), or with
 * --by A,B (the overlapping groups of one pair: all FILEs together are
 * one attacker's knowledge). Each scope's pupil counts are cells: all
 * pupils, each group's members and rest, and the pupils each sum of
 * zt_gap_xsums (common/gap_measures.h) leaves over (those in no group of a
 * dimension split into several, the disadvantaged not on FSM, FSM pupils
 * with no recorded gender, ...), never published; --empty BY says that a
 * dimension's remainder is known to be empty (every pupil has a recorded
 * gender, say: then so is every overlap's), and an exact sum's is empty by
 * definition. The sums that hold: all = members + rest; each of
 * zt_gap_xsums (and for a group inside another, the inner's rest = the
 * outer's rest + those between); and for every cell, the zone = its
 * clusters = its schools, a cluster = its schools.
 * Whenever a sum has one unknown cell it is worked out, until nothing more
 * follows. Pupil counts stand for every figure of a cell: the same sums
 * hold field by field.
 *
 * Prints each suppressed or unpublished figure of 1 to 4 pupils that can be
 * worked out, and how; exits 1 when there is one, 0 when
 * none, 2 on a usage error or a file it cannot read. A sum that does not
 * add up is an error too (1): the checker would be checking nothing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "gap_measures.h"
#include "grow.h"

#define MAX_SCOPES 512
#define NAME_MAX_LEN 64

/* Groups: single ones, then the overlapping ones of the pair read. */
#define NG_MAX (ZT_G_COUNT + ZT_GAP_CROSS_MAX)
enum { KEY_ALL = 0 }; /* then members 1+g, rest 1+NG+g, left over by sum k */
#define KEYS (1 + 2 * NG_MAX + ZT_GAP_XSUMS_MAX)
#define KEY_MEMBERS(g) (1 + (g))
#define KEY_REST(g) (1 + NG_MAX + (g))
#define KEY_LEFT(k) (1 + 2 * NG_MAX + (k))

struct scope {
    char level[16], id[NAME_MAX_LEN], cluster[NAME_MAX_LEN];
};

struct checker {
    struct scope scopes[MAX_SCOPES];
    size_t n;
    int empty[ZT_GAP_SUMS];
    struct zt_gap_cross cross; /* the pair read (cross.n 0: none) */
    struct zt_gap_xsum xsums[ZT_GAP_XSUMS_MAX];
    size_t nxsums;
    int64_t value[MAX_SCOPES * KEYS];
    uint8_t known[MAX_SCOPES * KEYS], published[MAX_SCOPES * KEYS];
    int *rel;          /* flat: count, total, parts... */
    size_t nrel_ints, cap;
    size_t nrel;
    int found;
};

/* Marks the remainder of the dimension BY (a sum of all pupils) empty:
 * 0, or -1 when no such dimension. */
static int mark_empty(struct checker *c, const char *by)
{
    int found = -1;
    for (int k = 0; k < ZT_GAP_SUMS; k++) {
        const struct zt_gap_sum *sum = &zt_gap_sums[k];
        for (int g = 0; g < ZT_G_COUNT && sum->whole == ZT_GAP_ALL_PUPILS; g++)
            if ((sum->parts & (1u << g)) && !strcmp(zt_gap_groups[g].by, by)) {
                c->empty[k] = 1;
                found = 0;
            }
    }
    return found;
}

/* A group's index (a pair's group after the single ones), or -1; the
 * first pair met fixes the pair (-2 for another pair). */
static int group_index(struct checker *c, const char *by, const char *name)
{
    for (int g = 0; g < ZT_G_COUNT; g++)
        if (!strcmp(zt_gap_groups[g].name, name))
            return g;
    if (!strchr(by, ','))
        return -1;
    if (!c->cross.n && zt_gap_cross_parse(by, &c->cross))
        return -1;
    if (strcmp(c->cross.by, by))
        return -2;
    for (size_t k = 0; k < c->cross.n; k++)
        if (!strcmp(c->cross.name[k], name))
            return ZT_G_COUNT + (int)k;
    return -1;
}

static const char *group_name(const struct checker *c, int g)
{
    return g < ZT_G_COUNT ? zt_gap_groups[g].name : c->cross.name[g - ZT_G_COUNT];
}

static size_t scope_of(struct checker *c, const char *level, const char *id, const char *cluster)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->scopes[i].level, level) && !strcmp(c->scopes[i].id, id))
            return i;
    if (c->n == MAX_SCOPES) {
        fprintf(stderr, "gapcheck: more than %d scopes\n", MAX_SCOPES);
        exit(2);
    }
    struct scope *s = &c->scopes[c->n];
    snprintf(s->level, sizeof s->level, "%s", level);
    snprintf(s->id, sizeof s->id, "%s", id);
    snprintf(s->cluster, sizeof s->cluster, "%s", cluster);
    return c->n++;
}

static void field(const struct zt_csv *csv, const char *col, char *out, size_t size)
{
    struct zt_field f = zt_csv_get(csv, zt_csv_column(csv, col));
    snprintf(out, size, "%.*s", (int)f.len, f.s);
}

static void publish(struct checker *c, size_t scope, int key, const char *pupils)
{
    size_t cell = scope * KEYS + (size_t)key;
    if (!*pupils)
        return;
    c->value[cell] = strtoll(pupils, NULL, 10);
    c->known[cell] = c->published[cell] = 1;
}

static int read_table(struct checker *c, const char *path)
{
    struct zt_csv csv;
    char err[256];
    if (zt_csv_open(&csv, path, path, err, sizeof err)) {
        fprintf(stderr, "gapcheck: %s\n", err);
        return 2;
    }
    int rc;
    while ((rc = zt_csv_next(&csv)) == 1) {
        char level[16], school[16], cluster[NAME_MAX_LEN], by[ZT_GAP_CROSS_NAME], group[ZT_GAP_CROSS_NAME],
            side[16], pupils[24];
        field(&csv, "by", by, sizeof by);
        field(&csv, "level", level, sizeof level);
        field(&csv, "school", school, sizeof school);
        field(&csv, "cluster", cluster, sizeof cluster);
        field(&csv, "group", group, sizeof group);
        field(&csv, "side", side, sizeof side);
        field(&csv, "pupils", pupils, sizeof pupils);
        const char *id = !strcmp(level, "school") ? school : !strcmp(level, "cluster") ? cluster : "zone";
        size_t s = scope_of(c, level, id, cluster);
        int g = group_index(c, by, group);
        if (g == -2) {
            fprintf(stderr, "gapcheck: %s:%u: a second pair (%s after %s): one pair at a time\n", path, csv.line,
                    by, c->cross.by);
            rc = -1;
            break;
        }
        if (!strcmp(side, "all"))
            publish(c, s, KEY_ALL, pupils);
        else if (g >= 0 && !strcmp(side, "group"))
            publish(c, s, KEY_MEMBERS(g), pupils);
        else if (g >= 0 && !strcmp(side, "rest"))
            publish(c, s, KEY_REST(g), pupils);
    }
    if (rc < 0 && csv.error[0])
        fprintf(stderr, "gapcheck: %s:%u: %s\n", path, csv.line, csv.error);
    zt_csv_close(&csv);
    return rc < 0 ? 2 : 0;
}

static void add_int(struct checker *c, int v)
{
    if (zt_grow(&c->rel, c->nrel_ints, &c->cap, sizeof *c->rel, 1024)) {
        fprintf(stderr, "gapcheck: out of memory\n");
        exit(2);
    }
    c->rel[c->nrel_ints++] = v;
}

/* A sum: total = parts; cells as scope * KEYS + key. */
static void add_sum(struct checker *c, int total, const int *parts, int nparts)
{
    add_int(c, nparts + 1);
    add_int(c, total);
    for (int i = 0; i < nparts; i++)
        add_int(c, parts[i]);
    c->nrel++;
}

static int cell(size_t scope, int key)
{
    return (int)(scope * KEYS) + key;
}

/* Is scope i one of parent's parts: a cluster or school of the zone (grand
 * picks the schools), a school of the cluster. */
static int part_of(const struct checker *c, size_t i, size_t parent, int grand)
{
    const struct scope *s = &c->scopes[i], *p = &c->scopes[parent];
    if (!strcmp(p->level, "zone"))
        return !strcmp(s->level, grand ? "school" : "cluster");
    return !grand && !strcmp(p->level, "cluster") && !strcmp(s->level, "school") && !strcmp(s->cluster, p->id);
}

/* Keys that hold a figure of the groups read. */
static int used(const struct checker *c, int k)
{
    int ng = ZT_G_COUNT + (int)c->cross.n;
    if (k < KEY_REST(0))
        return k < KEY_MEMBERS(ng);
    if (k < KEY_LEFT(0))
        return k < KEY_REST(ng);
    return k < KEY_LEFT((int)c->nxsums);
}

static void build_sums(struct checker *c)
{
    int parts[MAX_SCOPES + ZT_GAP_XSUM_PARTS + 1];
    int ng = ZT_G_COUNT + (int)c->cross.n;
    c->nxsums = zt_gap_xsums(c->cross.n ? &c->cross : NULL, c->xsums);
    for (size_t s = 0; s < c->n; s++) {
        for (int g = 0; g < ng; g++) {
            parts[0] = cell(s, KEY_MEMBERS(g));
            parts[1] = cell(s, KEY_REST(g));
            add_sum(c, cell(s, KEY_ALL), parts, 2);
        }
        for (int k = 0; k < (int)c->nxsums; k++) {
            const struct zt_gap_xsum *sum = &c->xsums[k];
            int n = 0;
            for (int i = 0; i < sum->nparts; i++)
                parts[n++] = cell(s, KEY_MEMBERS(sum->parts[i]));
            parts[n++] = cell(s, KEY_LEFT(k));
            int whole = sum->whole == ZT_GAP_ALL_PUPILS ? KEY_ALL : KEY_MEMBERS(sum->whole);
            add_sum(c, cell(s, whole), parts, n);
            if (sum->of >= 0 && (zt_gap_sums[sum->of].exact || c->empty[sum->of]))
                c->known[cell(s, KEY_LEFT(k))] = 1; /* value 0 */
            if (sum->nparts == 1 && sum->whole != ZT_GAP_ALL_PUPILS) {
                parts[0] = cell(s, KEY_REST(sum->whole));
                parts[1] = cell(s, KEY_LEFT(k));
                add_sum(c, cell(s, KEY_REST(sum->parts[0])), parts, 2);
            }
        }
        for (int grand = 0; grand < 2; grand++)
            for (int k = 0; k < KEYS; k++) {
                int n = 0;
                for (size_t i = 0; used(c, k) && i < c->n; i++)
                    if (part_of(c, i, s, grand))
                        parts[n++] = cell(i, k);
                if (n)
                    add_sum(c, cell(s, k), parts, n);
            }
    }
}

static void describe(const struct checker *c, int x, char *out, size_t size)
{
    const struct scope *s = &c->scopes[x / KEYS];
    int k = x % KEYS;
    char what[96];
    if (k == KEY_ALL)
        snprintf(what, sizeof what, "all pupils");
    else if (k < KEY_REST(0))
        snprintf(what, sizeof what, "%s members", group_name(c, k - KEY_MEMBERS(0)));
    else if (k < KEY_LEFT(0))
        snprintf(what, sizeof what, "%s rest", group_name(c, k - KEY_REST(0)));
    else if (k - KEY_LEFT(0) < ZT_GAP_SUMS)
        snprintf(what, sizeof what, "%s", zt_gap_sums[k - KEY_LEFT(0)].left_over);
    else {
        const struct zt_gap_xsum *x = &c->xsums[k - KEY_LEFT(0)];
        snprintf(what, sizeof what, "%s not in its parts",
                 x->whole == ZT_GAP_ALL_PUPILS ? "all" : group_name(c, x->whole));
    }
    if (!strcmp(s->level, "zone"))
        snprintf(out, size, "zone %s", what);
    else
        snprintf(out, size, "%s %s %s", s->level, s->id, what);
}

/* The sum at rel[at]: works out its one unknown cell, or (check set) checks
 * that it adds up when it has none. Returns 1 when a cell became known. */
static int settle(struct checker *c, size_t at, int check)
{
    int n = c->rel[at];
    const int *x = &c->rel[at + 1];
    int unknown = -1, count = 0;
    int64_t parts = 0;
    for (int i = 0; i < n; i++) {
        if (!c->known[x[i]])
            unknown = i, count++;
        else if (i > 0)
            parts += c->value[x[i]];
    }
    if (check && count == 0 && c->value[x[0]] != parts) {
        char d[128];
        describe(c, x[0], d, sizeof d);
        printf("does not add up: %s is %lld, its parts %lld\n", d, (long long)c->value[x[0]], (long long)parts);
        c->found = 1;
    }
    if (count != 1)
        return 0;
    int64_t v = unknown == 0 ? parts : c->value[x[0]] - parts;
    int target = x[unknown];
    c->value[target] = v;
    c->known[target] = 1;
    if (!c->published[target] && v > 0 && v < ZT_GAP_MIN_GROUP) {
        char d[128], t[128];
        describe(c, target, d, sizeof d);
        describe(c, x[0], t, sizeof t);
        printf("derivable: %s = %lld pupils (suppressed), from the sum %s = its parts\n", d, (long long)v, t);
        c->found = 1;
    }
    return 1;
}

int main(int argc, char **argv)
{
    static struct checker c;
    int files = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--empty") && i + 1 < argc) {
            if (mark_empty(&c, argv[i + 1])) {
                fprintf(stderr, "gapcheck: --empty: no dimension '%s'\n", argv[i + 1]);
                return 2;
            }
            i++;
        } else if (argv[i][0] != '-') {
            int rc = read_table(&c, argv[i]);
            if (rc)
                return rc;
            files++;
        } else {
            files = 0;
            break;
        }
    }
    if (!files) {
        fprintf(stderr, "usage: gapcheck [--empty BY]... FILE... (zonectl gaps --csv [--by A,B])\n");
        return 2;
    }
    build_sums(&c);
    size_t suppressed = 0, derived = 0;
    for (size_t i = 0; i < c.n * KEYS; i++)
        suppressed += (int)(i % KEYS) < KEY_LEFT(0) && used(&c, (int)(i % KEYS)) && !c.published[i];
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t at = 0; at < c.nrel_ints; at += (size_t)c.rel[at] + 1)
            if (settle(&c, at, 0))
                changed = 1, derived++;
    }
    for (size_t at = 0; at < c.nrel_ints; at += (size_t)c.rel[at] + 1)
        settle(&c, at, 1); /* every sum now checked for adding up */
    printf("gapcheck: %zu scopes, %zu sums, %zu figures suppressed, %zu worked out: %s\n", c.n, c.nrel,
           suppressed, derived, c.found ? "SUPPRESSION UNDONE" : "no suppressed figure of 1-4 pupils follows");
    free(c.rel);
    return c.found ? 1 : 0;
}
