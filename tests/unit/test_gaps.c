/* The gap analysis on a small fixed zone in a real LMDB store, checked
 * against figures worked out by hand: who counts, the sums per group, the
 * measures, suppression of small groups, RAG boundaries, trend direction,
 * snapshots, and the priority score. */
#include "store_fixture.h"

#include <errno.h>
#include <math.h>

#include "arena.h"
#include "gap_snapshots.h"
#include "gap_suppress.h"
#include "gaps.h"
#include "gaps_reply.h"
#include "gaps_view.h"
#include "priorities.h"
#include "records.h"
#include "schools.h"
#include "thresholds.h"

/* School A: pupils 1-10, 1-5 on free school meals, 1-2 in care.
 *   attendance 5-16 Jan 2026 (20 sessions): 1 absent throughout (0%),
 *   2 absent 3 days (70%), 6 absent 1 day (exactly 90%: not persistent);
 *   maths: 1 gap, 2 and 3 emerging, 4 expected, 6 emerging, 7-10 expected;
 *   writing: 1 gap; suspensions: 1 and 7.
 * School B: pupils 11-15, plus 16 who joins after the as-of date (five:
 * fewer would be given away by the cluster's total minus A's). */
static void build_zone(struct fixture *f)
{
    char upn[17][14];
    for (int i = 1; i <= 16; i++)
        make_upn(upn[i], 500 + i);
    struct builder *x = builder_new();
    for (int i = 1; i <= 10; i++) {
        add_pupil(x, upn[i], "2025-09-01");
        Zt__PupilRow *p = &x->pupils[i - 1];
        p->has_fsm = 1, p->fsm = i <= 5;
        p->has_cic = 1, p->cic = i <= 2;
        add_days(x, upn[i], "2026-01-05", "2026-01-16", i == 1 ? "O" : "/");
    }
    add_days(x, upn[2], "2026-01-07", "2026-01-09", "O");
    add_days(x, upn[6], "2026-01-12", "2026-01-12", "N");
    static const int maths[11] = {0, ZT_STEP_GAP, ZT_STEP_EMERGING, ZT_STEP_EMERGING, ZT_STEP_EXPECTED, 0,
                                  ZT_STEP_EMERGING, ZT_STEP_EXPECTED, ZT_STEP_EXPECTED, ZT_STEP_EXPECTED,
                                  ZT_STEP_EXPECTED};
    for (int i = 1; i <= 10; i++)
        if (maths[i])
            add_assessment(x, upn[i], ZT_SUBJECT_MATHS, "2025-12-18", maths[i]);
    add_assessment(x, upn[1], ZT_SUBJECT_WRITING, "2025-12-18", ZT_STEP_GAP);
    add_behaviour(x, "s1", upn[1], "2026-02-10", 5, ZT_ACTION_SUSPENSION);
    add_behaviour(x, "s7", upn[7], "2026-02-11", 5, ZT_ACTION_SUSPENSION);
    struct zt_ingest_result r = push(f, 100001, x);
    assert_int_equal(r.nrejects, 0);
    zt_ingest_result_free(&r);
    x = builder_new();
    for (int i = 11; i <= 16; i++)
        add_pupil(x, upn[i], i == 16 ? "2026-04-20" : "2025-09-01");
    r = push(f, 100002, x);
    assert_int_equal(r.nrejects, 0);
    zt_ingest_result_free(&r);
}

static int set_schools(struct zt_txn *txn, void *arg)
{
    (void)arg;
    int rc = zt_school_put(txn, 100001, "Alpha Primary", "North");
    return rc ? rc : zt_school_put(txn, 100002, "Beta Primary", "North");
}

struct computed {
    struct zt_arena arena;
    Zt__GapScope **scopes;
    size_t n;
};

static void compute(struct fixture *f, zt_date as_of, struct computed *c)
{
    struct zt_txn *txn;
    struct zt_thresholds t;
    struct zt_gap_table table;
    memset(c, 0, sizeof *c);
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_thresholds_load(txn, &t), 0);
    assert_int_equal(zt_gaps_compute(txn, as_of, &t, 0, &table), 0);
    assert_int_equal(zt_gaps_scopes(txn, &table, ZT_LEVEL_ALL, 0, &c->arena, &c->scopes, &c->n), 0);
    zt_gap_table_free(&table);
    zt_txn_end(txn);
}

static const Zt__GapScope *school(const struct computed *c, uint32_t urn)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->scopes[i]->has_school && c->scopes[i]->school == urn)
            return c->scopes[i];
    fail_msg("no scope for %u", urn);
    return NULL;
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void test_figures_by_hand(void **state)
{
    struct fixture *f = *state;
    build_zone(f);
    assert_int_equal(zt_store_write(f->store, set_schools, NULL), 0);
    struct computed c;
    compute(f, f->as_of, &c);
    assert_int_equal(c.n, 1 + 1 + 2); /* zone, cluster North, two schools */
    const Zt__GapScope *a = school(&c, 100001);
    assert_string_equal(a->name, "Alpha Primary");
    assert_string_equal(a->cluster, "North");
    const Zt__GapGroup *dis = zt_gap_group(a, "disadvantaged");
    assert_non_null(dis->members);
    assert_int_equal(dis->members->pupils, 5);
    assert_int_equal(dis->members->possible_sessions, 100);
    assert_int_equal(dis->members->present_sessions, 74);
    NEAR(zt_gap_measure(dis->members, ZT_M_ATTENDANCE), 74.0);
    NEAR(zt_gap_measure(dis->rest, ZT_M_ATTENDANCE), 98.0);
    NEAR(zt_gap_difference(dis, ZT_M_ATTENDANCE), -24.0);
    NEAR(zt_gap_measure(dis->members, ZT_M_PERSISTENT), 40.0); /* pupils 1 and 2 */
    NEAR(zt_gap_measure(dis->rest, ZT_M_PERSISTENT), 0.0);     /* 6 at exactly 90% */
    NEAR(zt_gap_measure(dis->members, ZT_M_SEVERE), 20.0);
    NEAR(zt_gap_measure(dis->members, ZT_M_SUSPENSIONS), 20.0);
    NEAR(zt_gap_measure(dis->rest, ZT_M_SUSPENSIONS), 20.0);
    NEAR(zt_gap_measure(dis->members, ZT_M_BELOW_MATHS), 75.0); /* 3 of 4 assessed */
    NEAR(zt_gap_measure(dis->rest, ZT_M_BELOW_MATHS), 20.0);    /* 1 of 5 */
    NEAR(zt_gap_difference(dis, ZT_M_BELOW_MATHS), 55.0);
    NEAR(zt_gap_measure(dis->members, ZT_M_BELOW_ENGLISH), 100.0);
    assert_true(isnan(zt_gap_measure(dis->rest, ZT_M_BELOW_ENGLISH))); /* nobody assessed */
    /* family meetings for 1 and 2; watch for 6 (amber, below) and 7 (suspended) */
    NEAR(zt_gap_measure(dis->members, ZT_M_ALERTS), 40.0);
    NEAR(zt_gap_measure(dis->rest, ZT_M_ALERTS), 40.0);
    /* two children in care: suppressed on both sides */
    const Zt__GapGroup *cic = zt_gap_group(a, "cic");
    assert_null(cic->members);
    assert_null(cic->rest);
    assert_true(isnan(zt_gap_difference(cic, ZT_M_ATTENDANCE)));
    /* every pupil is a boy: no rest to compare with */
    assert_null(zt_gap_group(a, "boys")->members);
    /* school B: five on the roll that day (the sixth joins later) */
    const Zt__GapScope *b = school(&c, 100002);
    assert_int_equal(b->all->pupils, 5);
    const Zt__GapScope *zone = zt_gap_zone(c.scopes, c.n);
    assert_int_equal(zone->all->pupils, 15);
    assert_int_equal(zt_gap_group(zone, "disadvantaged")->rest->pupils, 10);
    zt_arena_free(&c.arena);
    /* the day before anyone entered: nobody counts */
    compute(f, D("2025-08-31"), &c);
    assert_int_equal(c.n, 1);
    assert_null(c.scopes[0]->all);
    zt_arena_free(&c.arena);
}

static void gender(struct zt_gap_cell *c, uint32_t girls, uint32_t boys, uint32_t x);

static void test_rag_boundaries(void **state)
{
    (void)state;
    assert_int_equal(zt_rag_rate(ZT_M_PERSISTENT, 20.0, 20.0, 2.0), ZT_RAG_GREEN);
    assert_int_equal(zt_rag_rate(ZT_M_PERSISTENT, 19.0, 20.0, 2.0), ZT_RAG_GREEN);
    assert_int_equal(zt_rag_rate(ZT_M_PERSISTENT, 20.01, 20.0, 2.0), ZT_RAG_AMBER);
    assert_int_equal(zt_rag_rate(ZT_M_PERSISTENT, 22.0, 20.0, 2.0), ZT_RAG_AMBER);
    assert_int_equal(zt_rag_rate(ZT_M_PERSISTENT, 22.01, 20.0, 2.0), ZT_RAG_RED);
    /* attendance: higher is better */
    assert_int_equal(zt_rag_rate(ZT_M_ATTENDANCE, 92.9, 92.9, 1.0), ZT_RAG_GREEN);
    assert_int_equal(zt_rag_rate(ZT_M_ATTENDANCE, 91.9, 92.9, 1.0), ZT_RAG_AMBER);
    assert_int_equal(zt_rag_rate(ZT_M_ATTENDANCE, 91.8, 92.9, 1.0), ZT_RAG_RED);
    assert_int_equal(zt_rag_rate(ZT_M_ATTENDANCE, NAN, 92.9, 1.0), ZT_RAG_NONE);
    assert_string_equal(zt_gap_direction(NAN, 1.0), "");
}

/* The trend rule weighs a change against the gap's size (README "Gap
 * analysis"): a fifth of it, at least half a point, never more than 2. */
static void test_trend_relative_to_gap(void **state)
{
    (void)state;
    /* The suspensions gap, +1.0, +1.5, +2.2, +3.1: widening at every step. */
    static const double year[] = {1.0, 1.5, 2.2, 3.1};
    for (int i = 1; i < 4; i++)
        assert_string_equal(zt_gap_direction(year[i - 1], year[i]), "widening");
    assert_string_equal(zt_gap_direction(3.1, 2.2), "narrowing");
    assert_string_equal(zt_gap_direction(-3.0, -4.5), "widening");
    assert_string_equal(zt_gap_direction(10.0, 8.1), "stable");    /* 1.9 of 10: under a fifth */
    assert_string_equal(zt_gap_direction(10.0, 8.0), "narrowing"); /* a fifth */
    assert_string_equal(zt_gap_direction(40.0, 37.0), "narrowing"); /* 3 points: 2 always count */
    assert_string_equal(zt_gap_direction(0.1, 0.5), "stable");     /* under half a point: noise */
    assert_string_equal(zt_gap_direction(-0.2, 0.4), "stable");    /* the size grew 0.2 */
}

/* Disadvantaged as the DfE counts it for pupil premium: FSM ever 6 or a
 * child in care; a child who lost FSM on entering care stays in it. */
static void test_disadvantaged_includes_children_in_care(void **state)
{
    (void)state;
    uint32_t in_care = zt_gap_groups_of(2, 2, 1, 0, 0, 0, 0, 0, 0);
    assert_true(in_care & (1u << ZT_G_DISADVANTAGED));
    assert_true(in_care & (1u << ZT_G_CIC));
    assert_false(in_care & (1u << ZT_G_FSM));
    assert_true(zt_gap_groups_of(2, 1, 2, 0, 0, 0, 0, 0, 0) & (1u << ZT_G_DISADVANTAGED));
    assert_false(zt_gap_groups_of(2, 2, 2, 0, 0, 0, 0, 0, 0) & (1u << ZT_G_DISADVANTAGED));
    assert_false(zt_gap_groups_of(0, 0, 0, 0, 0, 0, 0, 0, 0) & (1u << ZT_G_DISADVANTAGED));

    /* 12 disadvantaged, 9 of them in care: the 3 between would follow. */
    struct zt_gap_cell zone;
    memset(&zone, 0, sizeof zone);
    gender(&zone, 25, 25, 0);
    zone.group[ZT_G_DISADVANTAGED].pupils = 12;
    zone.group[ZT_G_CIC].pupils = 9;
    struct zt_gap_unit w[1] = {{.cell = &zone, .parent = -1}};
    assert_int_equal(zt_gap_suppress(w, 1, NULL), 0);
    assert_true(w[0].hidden & ZT_HIDE_GROUP(ZT_G_CIC));
    assert_false(w[0].hidden & ZT_HIDE_GROUP(ZT_G_DISADVANTAGED));
}

static void test_benchmark_file(void **state)
{
    struct fixture *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/bench.conf", f->dir);
    FILE *out = fopen(path, "w");
    fputs("source = DfE, academic year 2023/24\npersistent_absence_pct = 20.0\npersistent_absence_pct_amber = 3\n",
          out);
    fclose(out);
    struct zt_benchmarks b;
    char err[256];
    zt_benchmarks_default(&b);
    assert_int_equal(zt_benchmarks_load(path, &b, err, sizeof err), 0);
    assert_string_equal(b.source, "DfE, academic year 2023/24");
    NEAR(b.national[ZT_M_PERSISTENT], 20.0);
    NEAR(b.margin[ZT_M_PERSISTENT], 3.0);
    assert_true(isnan(b.national[ZT_M_ALERTS]));
    out = fopen(path, "w");
    fputs("source = x\nattendance_pct = lots\n", out);
    fclose(out);
    assert_int_equal(zt_benchmarks_load(path, &b, err, sizeof err), -EINVAL);
    assert_non_null(strstr(err, "attendance_pct"));
}

struct seen {
    int n;
    zt_date dates[4];
    uint32_t pupils[4];
};

static int on_snapshot(zt_date date, const struct zt_gap_table *t, void *arg)
{
    struct seen *s = arg;
    s->dates[s->n] = date;
    s->pupils[s->n++] = t->n ? t->schools[0].cell.all.pupils : 0;
    return 0;
}

static int take_due(struct zt_txn *txn, void *arg)
{
    struct zt_thresholds t;
    size_t *n = arg;
    zt_date taken[16];
    int rc = zt_thresholds_load(txn, &t);
    return rc ? rc : zt_gap_snapshots_due(txn, D("2026-03-02"), &t, taken, 16, n);
}

static void test_snapshots_at_half_term_ends(void **state)
{
    struct fixture *f = *state;
    size_t n = 0;
    assert_int_equal(zt_store_write(f->store, take_due, &n), 0);
    assert_int_equal(n, 0); /* an empty zone is not kept */
    build_zone(f);
    assert_int_equal(zt_store_write(f->store, take_due, &n), 0);
    assert_int_equal(n, 3); /* 24 Oct, 19 Dec, 13 Feb */
    assert_int_equal(zt_store_write(f->store, take_due, &n), 0);
    assert_int_equal(n, 0); /* each once */
    struct zt_txn *txn;
    struct seen s = {0};
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_gap_snapshots_each(txn, 100001, on_snapshot, &s), 0);
    zt_txn_end(txn);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.dates[0], D("2025-10-24"));
    assert_int_equal(s.dates[2], D("2026-02-13"));
    assert_int_equal(s.pupils[2], 10);
}

/* A snapshot kept before the IDACI groups existed (18 groups) still reads,
 * with those groups empty: an upgraded zone keeps its trend. */
static int put_old_snapshot(struct zt_txn *txn, void *arg)
{
    (void)arg;
    struct zt_gap_cell c;
    memset(&c, 0, sizeof c);
    c.all.pupils = 7;
    c.group[ZT_G_GIFTED].pupils = 6;
    uint8_t key[8];
    zt_put_date_key(key, D("2025-10-24"));
    zt_be32(key + 4, 100001);
    return zt_put(txn, ZT_DB_SNAPSHOT, key, sizeof key, &c, sizeof c.all + (ZT_G_GIFTED + 1) * sizeof c.group[0]);
}

static int gifted_of(zt_date date, const struct zt_gap_table *t, void *arg)
{
    (void)date;
    uint32_t *out = arg;
    out[0] = t->schools[0].cell.group[ZT_G_GIFTED].pupils;
    out[1] = t->schools[0].cell.group[ZT_G_IDACI_1_3].pupils;
    return 0;
}

static void test_snapshot_before_idaci_reads(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(zt_store_write(f->store, put_old_snapshot, NULL), 0);
    struct zt_txn *txn;
    uint32_t got[2] = {0, 99};
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_gap_snapshots_each(txn, 0, gifted_of, got), 0);
    zt_txn_end(txn);
    assert_int_equal(got[0], 6);
    assert_int_equal(got[1], 0);
}

/* Deprivation: a pupil of decile 2 is in decile 2 and in the most deprived
 * band; the band is its deciles exactly, so a small decile must not follow
 * from the band minus the others, nor all pupils minus the deciles. */
static void test_idaci_groups(void **state)
{
    (void)state;
    uint32_t d2 = zt_gap_groups_of(0, 0, 0, 0, 0, 0, 0, 0, 2);
    assert_true(d2 & (1u << ZT_G_IDACI_1_3));
    assert_true(d2 & (1u << (ZT_G_IDACI_1 + 1)));
    assert_int_equal(__builtin_popcount(d2), 2);
    uint32_t d4 = zt_gap_groups_of(0, 0, 0, 0, 0, 0, 0, 0, 4);
    assert_int_equal(d4, 1u << (ZT_G_IDACI_1 + 3));
    assert_int_equal(zt_gap_groups_of(0, 0, 0, 0, 0, 0, 0, 0, 0), 0);
    assert_int_equal(zt_gap_groups_of(0, 0, 0, 0, 0, 0, 0, 0, 11), 0);
    assert_true(zt_gap_by_known("idaci"));

    /* 50 pupils: decile 1 has 3, decile 2 has 7, decile 5 has 40. */
    struct zt_gap_cell zone;
    memset(&zone, 0, sizeof zone);
    gender(&zone, 25, 25, 0);
    zone.group[ZT_G_IDACI_1].pupils = 3;
    zone.group[ZT_G_IDACI_1 + 1].pupils = 7;
    zone.group[ZT_G_IDACI_1 + 4].pupils = 40;
    zone.group[ZT_G_IDACI_1_3].pupils = 10;
    struct zt_gap_unit w[1] = {{.cell = &zone, .parent = -1}};
    assert_int_equal(zt_gap_suppress(w, 1, NULL), 0);
    assert_true(w[0].hidden & ZT_HIDE_GROUP(ZT_G_IDACI_1)); /* primary */
    /* band - decile 2 - decile 3 (empty) would give decile 1 away */
    assert_true(w[0].hidden & (ZT_HIDE_GROUP(ZT_G_IDACI_1 + 1) | ZT_HIDE_GROUP(ZT_G_IDACI_1_3)));
    /* all - deciles 2 and 5 - the empty others (no pupil without a decile) too */
    assert_true(w[0].hidden & (ZT_HIDE_GROUP(ZT_G_IDACI_1 + 1) | ZT_HIDE_GROUP(ZT_G_IDACI_1 + 4)));
    assert_false(w[0].hidden & ZT_HIDE_ALL);
}

/* Overlapping groups: 20 FSM pupils, 17 girls and 3 boys, every pupil
 * with a gender. FSM boys are small; FSM minus FSM girls would give them
 * back, so FSM girls go too, and the single groups hide exactly what they
 * hide alone. */
static void test_overlap_suppression(void **state)
{
    (void)state;
    struct zt_gap_cross x;
    assert_int_equal(zt_gap_cross_parse("gender,fsm", &x), 0);
    assert_string_equal(x.by, "fsm,gender");
    assert_int_equal(x.n, 3);
    assert_string_equal(x.name[0], "fsm+girls");
    assert_int_equal(zt_gap_cross_parse("fsm,fsm", &x), -1);
    assert_int_equal(zt_gap_cross_parse("fsm,height", &x), -1);
    assert_int_equal(zt_gap_cross_parse("fsm,gender,sen", &x), -1);
    assert_int_equal(zt_gap_cross_parse("fsm,gender", &x), 0);

    struct zt_gap_cell zone;
    memset(&zone, 0, sizeof zone);
    gender(&zone, 25, 25, 0);
    zone.group[ZT_G_FSM].pupils = 20;
    struct zt_gap_tally cross[3];
    memset(cross, 0, sizeof cross);
    cross[0].pupils = 17, cross[1].pupils = 3;
    uint8_t hidden[3];
    struct zt_gap_unit alone[1] = {{.cell = &zone, .parent = -1}};
    struct zt_gap_unit w[1] = {{.cell = &zone, .cross = cross, .parent = -1, .cross_hidden = hidden}};
    assert_int_equal(zt_gap_suppress(alone, 1, NULL), 0);
    assert_int_equal(zt_gap_suppress(w, 1, &x), 0);
    assert_int_equal(w[0].hidden, alone[0].hidden);
    assert_false(w[0].hidden & ZT_HIDE_GROUP(ZT_G_FSM));
    assert_true(hidden[1]); /* 3 FSM boys */
    assert_true(hidden[0]); /* 20 - 17 - 0 would give them back */

    /* 30 FSM girls and 20 FSM boys: both shown. */
    gender(&zone, 60, 60, 0);
    zone.group[ZT_G_FSM].pupils = 50;
    cross[0].pupils = 30, cross[1].pupils = 20;
    assert_int_equal(zt_gap_suppress(w, 1, &x), 0);
    assert_false(hidden[0] || hidden[1]);
    assert_true(hidden[2]); /* no FSM Gender X: an empty group is not shown */
}

static void test_priority_score(void **state)
{
    struct fixture *f = *state;
    build_zone(f);
    struct computed c;
    compute(f, f->as_of, &c);
    struct zt_benchmarks b;
    zt_benchmarks_default(&b);
    b.national[ZT_M_BELOW_MATHS] = 27.0;
    struct zt_priority p[4];
    assert_int_equal(zt_priorities_rank(c.scopes, c.n, &b, p), 2);
    assert_int_equal(p[0].school->school, 100001);
    /* gaps: attendance 24 + PA 40 + maths 55 (English rest unknown: 0) */
    NEAR(p[0].gap_score, 119.0);
    /* maths all: 4 of 9 = 44.4%, 17.4 points over 27; English vs zone: level */
    NEAR(p[0].attainment_score, 400.0 / 9.0 - 27.0);
    assert_true(p[1].gap_suppressed);
    zt_arena_free(&c.arena);
}

/* --- secondary suppression ---------------------------------------------------- */

static void gender(struct zt_gap_cell *c, uint32_t girls, uint32_t boys, uint32_t x)
{
    c->group[ZT_G_GIRLS].pupils = girls;
    c->group[ZT_G_BOYS].pupils = boys;
    c->group[ZT_G_GENDER_X].pupils = x;
    c->all.pupils = girls + boys + x;
}

/* The school: all - girls - boys gave Gender X away. School A has
 * 40 girls, 38 boys and 2 Gender X; B 30 and 30; one cluster. Hiding A's
 * boys is not enough (the cluster's boys minus B's would give them back,
 * and B's follow from B's own total), so the cluster's and the zone's boys
 * go too; B keeps everything. */
static void test_secondary_suppression(void **state)
{
    (void)state;
    struct zt_gap_cell zone, north, south, a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    memset(&north, 0, sizeof north);
    memset(&south, 0, sizeof south);
    gender(&a, 40, 38, 2);
    gender(&b, 30, 30, 0);
    gender(&north, 70, 68, 2);
    zone = north;
    struct zt_gap_unit u[4] = {{.cell = &zone, .parent = -1}, {.cell = &north, .parent = 0}, {.cell = &a, .parent = 1}, {.cell = &b, .parent = 1}};
    assert_int_equal(zt_gap_suppress(u, 4, NULL), 0);
    uint32_t gx = ZT_HIDE_GROUP(ZT_G_GENDER_X), boys = ZT_HIDE_GROUP(ZT_G_BOYS), girls = ZT_HIDE_GROUP(ZT_G_GIRLS);
    assert_true(u[2].hidden & gx);   /* primary: 2 pupils */
    assert_true(u[2].hidden & boys); /* secondary: the smaller other gender */
    assert_false(u[2].hidden & (girls | ZT_HIDE_ALL));
    for (int i = 0; i < 2; i++) {    /* the cluster and the zone: Gender X is 2 there too */
        assert_true(u[i].hidden & gx);
        assert_true(u[i].hidden & boys);
        assert_false(u[i].hidden & (girls | ZT_HIDE_ALL));
    }
    assert_false(u[3].hidden & (boys | girls | ZT_HIDE_ALL)); /* B's empty Gender X tells nothing */

    /* A school of 3 pupils beside one of 80 in its cluster: the cluster's
     * total minus the big school's would give it away. */
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    gender(&a, 40, 40, 0);
    gender(&b, 2, 1, 0);
    gender(&north, 42, 41, 0);
    gender(&south, 50, 50, 0);
    gender(&zone, 92, 91, 0);
    struct zt_gap_unit v[5] = {{.cell = &zone, .parent = -1}, {.cell = &north, .parent = 0}, {.cell = &south, .parent = 0}, {.cell = &a, .parent = 1}, {.cell = &b, .parent = 1}};
    assert_int_equal(zt_gap_suppress(v, 5, NULL), 0);
    assert_true(v[4].hidden & ZT_HIDE_ALL);                         /* 3 pupils */
    assert_true((v[3].hidden | v[1].hidden) & ZT_HIDE_ALL);        /* and one more of the cluster's sum */
    assert_false(v[2].hidden & ZT_HIDE_ALL);                        /* the other cluster is untouched */

    /* 12 disadvantaged, 9 of them FSM: the 3 ever6-only pupils between
     * would follow, so the smaller of the two goes. */
    memset(&zone, 0, sizeof zone);
    gender(&zone, 25, 25, 0);
    zone.group[ZT_G_DISADVANTAGED].pupils = 12;
    zone.group[ZT_G_FSM].pupils = 9;
    struct zt_gap_unit w[1] = {{.cell = &zone, .parent = -1}};
    assert_int_equal(zt_gap_suppress(w, 1, NULL), 0);
    assert_true(w[0].hidden & ZT_HIDE_GROUP(ZT_G_FSM));
    assert_false(w[0].hidden & ZT_HIDE_GROUP(ZT_G_DISADVANTAGED));
}

/* Free school meals take-up (entitled, not registered) by the gap rules:
 * B's 2 of 8 hidden, then A's 8 of 20 as B's would follow from the
 * cluster's 10; a school of 3 entitled hides both; none not registered
 * hides the count, like an empty group. */
static void test_take_up_suppression(void **state)
{
    (void)state;
    struct zt_gap_part u[] = {
        {38 + 3 + 12, 15 + 1, -1, 0, 0}, /* zone */
        {28, 10, 0, 0, 0},               /* North: A, B */
        {10 + 3 + 12, 5 + 1, 0, 0, 0},   /* South: D, E, F */
        {20, 8, 1, 0, 0},                /* A */
        {8, 2, 1, 0, 0},                 /* B */
        {10, 5, 2, 0, 0},                /* D */
        {3, 1, 2, 0, 0},                 /* E: 3 entitled */
        {12, 0, 2, 0, 0},                /* F: every one registered */
    };
    assert_int_equal(zt_gap_suppress_part(u, sizeof u / sizeof u[0]), 0);
    assert_false(u[0].total_hidden || u[0].part_hidden);
    assert_false(u[1].total_hidden || u[1].part_hidden);
    assert_true(u[4].part_hidden && !u[4].total_hidden); /* B: 2 */
    assert_true(u[3].part_hidden && !u[3].total_hidden); /* A: B's by subtraction */
    assert_true(u[6].total_hidden && u[6].part_hidden);  /* E: 3 */
    assert_true(u[7].part_hidden && !u[7].total_hidden); /* F: none */
    /* South's 6 = D's 5 + E's 1 + F's 0: D must not give E's 1 away */
    assert_true(u[5].part_hidden || u[2].part_hidden);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_figures_by_hand, setup, teardown),
        cmocka_unit_test(test_rag_boundaries),
        cmocka_unit_test(test_trend_relative_to_gap),
        cmocka_unit_test(test_disadvantaged_includes_children_in_care),
        cmocka_unit_test(test_idaci_groups),
        cmocka_unit_test(test_overlap_suppression),
        cmocka_unit_test_setup_teardown(test_snapshot_before_idaci_reads, setup, teardown),
        cmocka_unit_test(test_secondary_suppression),
        cmocka_unit_test(test_take_up_suppression),
        cmocka_unit_test_setup_teardown(test_benchmark_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_snapshots_at_half_term_ends, setup, teardown),
        cmocka_unit_test_setup_teardown(test_priority_score, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
