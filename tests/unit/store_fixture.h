/* A real LMDB store in a temporary folder for unit tests, and batches
 * built row by row and pushed through the group commit as an agent's would. */
#ifndef ZT_STORE_FIXTURE_H
#define ZT_STORE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alerts.h"
#include "codes.h"
#include "figures.h"
#include "ingest.h"
#include "kept_pupils.h"
#include "store.h"
#include "upn.h"

#define SCHOOL_A 100001
#define SCHOOL_B 100002

struct fixture {
    char dir[64];
    struct zt_store *store;
    struct zt_kept_pupils *kept; /* what the store's writes keep of pupils, as in zoned */
    zt_date as_of;
};

static inline zt_date D(const char *s)
{
    zt_date d;
    assert_int_equal(zt_date_parse(s, strlen(s), &d), 0);
    return d;
}

/* A valid UPN with serial n. */
static inline void make_upn(char out[14], int n)
{
    snprintf(out, 14, "?87310012%04u", (unsigned)n % 10000u);
    out[0] = zt_upn_check_letter(out);
}

/* zt_store_open into f, keeping pupils' values as zoned does when it opens. */
static inline int fixture_open(struct fixture *f, const char *dir, size_t initial_map, char *err,
                               size_t errlen)
{
    int rc = zt_store_open(dir, initial_map, &f->store, err, errlen);
    f->kept = NULL;
    if (rc == 0)
        assert_non_null(f->kept = zt_kept_pupils_watch(f->store, ZT_KEPT_PUPILS_DEFAULT));
    return rc;
}

static inline int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/zt-store-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    char err[256];
    assert_int_equal(fixture_open(f, f->dir, 0, err, sizeof err), 0);
    f->as_of = D("2026-03-02");
    *state = f;
    return 0;
}

static inline int teardown(void **state)
{
    struct fixture *f = *state;
    zt_store_close(f->store);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* --- building batches ---------------------------------------------------- */

struct builder {
    Zt__PushBatch b;
    uint8_t id[16];
    Zt__PupilRow pupils[16], *pp[16];
    Zt__AttendanceMonth months[64], *mp[64];
    uint8_t codes[64][62];
    Zt__BehaviourRow beh[8], *bp[8];
    Zt__AssessmentRow ass[16], *ap[16];
    Zt__HealthRow hea[8], *hp[8];
    char upns[8][14];
};

static inline struct builder *builder_new(void)
{
    static unsigned counter;
    struct builder *x = calloc(1, sizeof *x);
    zt__push_batch__init(&x->b);
    counter++;
    memcpy(x->id, &counter, sizeof counter);
    x->b.batch_id.data = x->id;
    x->b.batch_id.len = 16;
    x->b.pupils = x->pp;
    x->b.attendance = x->mp;
    x->b.behaviour = x->bp;
    x->b.assessments = x->ap;
    x->b.health = x->hp;
    return x;
}

static inline void add_pupil(struct builder *x, const char *upn, const char *entry)
{
    Zt__PupilRow *p = &x->pupils[x->b.n_pupils];
    zt__pupil_row__init(p);
    p->upn = (char *)upn;
    p->year_group = 8;
    p->gender = 1;
    p->entry_date = D(entry);
    x->pp[x->b.n_pupils++] = p;
}

/* Sets a mark; the month record is found or added. */
static inline void add_mark(struct builder *x, const char *upn, const char *date, int pm, const char *code)
{
    zt_date d = D(date);
    int y, m, dd;
    zt_date_to_ymd(d, &y, &m, &dd);
    uint32_t month = (uint32_t)zt_date_month_index(d);
    size_t i = 0;
    while (i < x->b.n_attendance && !(x->months[i].month == month && !strcmp(x->months[i].upn, upn)))
        i++;
    if (i == x->b.n_attendance) {
        zt__attendance_month__init(&x->months[i]);
        x->months[i].upn = (char *)upn;
        x->months[i].month = month;
        x->months[i].codes.data = x->codes[i];
        x->months[i].codes.len = 62;
        x->mp[x->b.n_attendance++] = &x->months[i];
    }
    x->codes[i][2 * (dd - 1) + pm] = (uint8_t)zt_mark_parse(code, strlen(code));
}

/* Both sessions of every weekday from..to with code. */
static inline void add_days(struct builder *x, const char *upn, const char *from, const char *to, const char *code)
{
    for (zt_date d = D(from); d <= D(to); d++) {
        if (zt_date_weekday(d) >= 5)
            continue;
        char s[ZT_DATE_STRLEN];
        zt_date_format(d, s);
        add_mark(x, upn, s, 0, code);
        add_mark(x, upn, s, 1, code);
    }
}

static inline void add_behaviour(struct builder *x, const char *id, const char *upn, const char *date, int points,
                          int action)
{
    Zt__BehaviourRow *b = &x->beh[x->b.n_behaviour];
    zt__behaviour_row__init(b);
    b->incident_id = (char *)id;
    b->upn = (char *)upn;
    b->date = D(date);
    b->category = "disruption";
    b->points = (uint32_t)points;
    b->action = (uint32_t)action;
    x->bp[x->b.n_behaviour++] = b;
}

static inline void add_assessment(struct builder *x, const char *upn, int subject, const char *date, int step)
{
    Zt__AssessmentRow *a = &x->ass[x->b.n_assessments];
    zt__assessment_row__init(a);
    a->upn = (char *)upn;
    a->subject = (uint32_t)subject;
    a->date = D(date);
    a->step = (uint32_t)step;
    x->ap[x->b.n_assessments++] = a;
}

static inline void add_health(struct builder *x, const char *id, const char *upn, const char *date, int severity)
{
    Zt__HealthRow *h = &x->hea[x->b.n_health];
    zt__health_row__init(h);
    h->event_id = (char *)id;
    h->upn = (char *)upn;
    h->date = D(date);
    h->kind = "mental_health";
    h->severity = (uint32_t)severity;
    x->hp[x->b.n_health++] = h;
}

/* One push, alone in its group commit, as zoned applies a lone push. */
static inline int push_batch(struct fixture *f, uint32_t urn, const Zt__PushBatch *b,
                             struct zt_ingest_result *res)
{
    struct zt_push_job j = {.urn = urn, .batch = b};
    zt_ingest_push_group(f->store, &j, 1, f->as_of);
    *res = j.res;
    return j.rc;
}

static inline struct zt_ingest_result push(struct fixture *f, uint32_t urn, struct builder *x)
{
    struct zt_ingest_result r;
    assert_int_equal(push_batch(f, urn, &x->b, &r), 0);
    free(x);
    return r;
}

/* --- reading back --------------------------------------------------------- */

static inline struct zt_figures figures(struct fixture *f, const char *upn, zt_date as_of)
{
    struct zt_txn *txn;
    struct zt_figures fig;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_figures_gather(txn, upn, as_of, 28, &fig), 0);
    zt_txn_end(txn);
    return fig;
}

struct alert_seen {
    int n_open, n_all;
    struct zt_alert_value last_open;
};

static inline int see_alert(const char *upn, const struct zt_alert_value *a, void *arg)
{
    (void)upn;
    struct alert_seen *s = arg;
    s->n_all++;
    if (a->open) {
        s->n_open++;
        s->last_open = *a;
    }
    return 0;
}

static inline struct alert_seen alerts_of(struct fixture *f, const char *upn)
{
    struct zt_txn *txn;
    struct alert_seen s = {0};
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_alerts_each(txn, upn, see_alert, &s), 0);
    zt_txn_end(txn);
    return s;
}

#endif
