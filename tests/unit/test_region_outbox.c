/* What a zone sends its region (server/rules/region_outbox.h), from a real LMDB
 * store: the outbox entry is made by the transaction that takes the gap
 * snapshot, holds only what the zone's own suppression publishes (no group
 * under 5, no count of 1-4, no UPN), and is gone once marked sent. */
#include "store_fixture.h"

#include "gap_snapshots.h"
#include "region_outbox.h"
#include "schools.h"
#include "thresholds.h"

#define PUPILS_A 12
#define PUPILS_B 8
#define FSM 3 /* school A's pupils 1-3: a group too small to publish anywhere */

static char upns[PUPILS_A + PUPILS_B + 1][14];

static int set_schools(struct zt_txn *txn, void *arg)
{
    (void)arg;
    int rc = zt_school_put(txn, SCHOOL_A, "Alpha Primary", "North");
    return rc ? rc : zt_school_put(txn, SCHOOL_B, "Beta Primary", "South");
}

static void build_zone(struct fixture *f)
{
    struct builder *x = builder_new();
    for (int i = 1; i <= PUPILS_A; i++) {
        make_upn(upns[i], 700 + i);
        add_pupil(x, upns[i], "2025-09-01");
        x->pupils[i - 1].has_fsm = 1, x->pupils[i - 1].fsm = i <= FSM;
        add_days(x, upns[i], "2026-01-05", "2026-01-16", i == 1 ? "O" : "/");
    }
    struct zt_ingest_result r = push(f, SCHOOL_A, x);
    assert_int_equal(r.nrejects, 0);
    zt_ingest_result_free(&r);
    x = builder_new();
    for (int i = PUPILS_A + 1; i <= PUPILS_A + PUPILS_B; i++) {
        make_upn(upns[i], 700 + i);
        add_pupil(x, upns[i], "2025-09-01");
        add_days(x, upns[i], "2026-01-05", "2026-01-16", "/");
    }
    r = push(f, SCHOOL_B, x);
    assert_int_equal(r.nrejects, 0);
    zt_ingest_result_free(&r);
    assert_int_equal(zt_store_write(f->store, set_schools, NULL), 0);
}

static int take(struct zt_txn *txn, void *arg)
{
    struct zt_thresholds t;
    int rc = zt_thresholds_load(txn, &t);
    return rc ? rc : zt_gap_snapshot_take(txn, *(zt_date *)arg, &t, NULL);
}

static int done(struct zt_txn *txn, void *arg)
{
    return zt_region_outbox_done(txn, *(zt_date *)arg);
}

static void entries(struct fixture *f, struct zt_region_entry **e, size_t *n)
{
    struct zt_txn *txn;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_region_outbox_list(txn, e, n), 0);
    zt_txn_end(txn);
}

/* The idx-th tab-separated field of line (a copy, at most size-1 bytes). */
static void field(const char *line, int idx, char *out, size_t size)
{
    for (int i = 0; i < idx && line; i++)
        if ((line = strchr(line, '\t')))
            line++;
    size_t n = line ? strcspn(line, "\t\n") : 0;
    snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), line ? line : "");
}

static void test_outbox_holds_suppressed_figures(void **state)
{
    struct fixture *f = *state;
    build_zone(f);
    zt_date date = f->as_of; /* a snapshot on demand: pupil 1's alert counts */
    assert_int_equal(zt_store_write(f->store, take, &date), 0);
    struct zt_region_entry *e;
    size_t n;
    entries(f, &e, &n);
    assert_int_equal(n, 1);
    assert_int_equal(e[0].date, date);
    char *text = strndup(e[0].text, e[0].len);
    assert_non_null(text);
    assert_memory_equal(text, "snapshot\t", 9);

    int gap_lines = 0, zone_all = 0, school_a = 0, alert_lines = 0, withheld = 0;
    char level[16], scope[16], grp[32], side[16], pupils[16], count[16];
    for (char *line = text; *line; line = strchr(line, '\n') + 1) {
        if (!strncmp(line, "gap\t", 4)) {
            gap_lines++;
            field(line, 1, level, sizeof level), field(line, 2, scope, sizeof scope);
            field(line, 5, grp, sizeof grp), field(line, 6, side, sizeof side);
            field(line, 7, pupils, sizeof pupils);
            assert_true(atoi(pupils) >= 5);     /* no group under 5 */
            assert_string_not_equal(grp, "fsm"); /* 3 pupils: withheld at every level */
            if (!strcmp(level, "zone") && !strcmp(grp, "all"))
                zone_all = atoi(pupils);
            if (!strcmp(scope, "100001") && !strcmp(grp, "all"))
                school_a = atoi(pupils);
        } else if (!strncmp(line, "alerts\t", 7)) {
            alert_lines++;
            field(line, 3, count, sizeof count);
            assert_true(count[0] == '\0' || atoi(count) == 0 || atoi(count) >= 5); /* 1-4 withheld */
            withheld += count[0] == '\0';
        }
        assert_non_null(strchr(line, '\n'));
    }
    assert_true(gap_lines > 3);
    assert_int_equal(zone_all, PUPILS_A + PUPILS_B);
    assert_int_equal(school_a, PUPILS_A);
    assert_int_equal(alert_lines, 8); /* family_meeting's six stages, watch open and resolved */
    assert_int_equal(withheld, 1);    /* pupil 1's alert: a count of 1 */
    for (int i = 1; i <= PUPILS_A + PUPILS_B; i++)
        assert_null(strstr(text, upns[i]));
    free(text);
    zt_region_entries_free(e, n);

    /* the same date again replaces the waiting entry; sent, it is gone */
    assert_int_equal(zt_store_write(f->store, take, &date), 0);
    entries(f, &e, &n);
    assert_int_equal(n, 1);
    zt_region_entries_free(e, n);
    assert_int_equal(zt_store_write(f->store, done, &date), 0);
    entries(f, &e, &n);
    assert_int_equal(n, 0);
    zt_region_entries_free(e, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_outbox_holds_suppressed_figures, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
