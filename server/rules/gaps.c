#include "gaps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "err.h"
#include "figures.h"
#include "grow.h"
#include "records.h"

struct zt_gap_school *zt_gap_table_school(struct zt_gap_table *t, uint32_t urn)
{
    size_t i = 0;
    while (i < t->n && t->schools[i].urn < urn)
        i++;
    if (i < t->n && t->schools[i].urn == urn)
        return &t->schools[i];
    if (ZT_GROW(t->schools, t->n, t->cap, 16))
        return NULL;
    struct zt_gap_tally *cross = NULL;
    if (t->cross && t->cross->n && !(cross = calloc(t->cross->n, sizeof *cross)))
        return NULL;
    memmove(&t->schools[i + 1], &t->schools[i], (t->n - i) * sizeof *t->schools);
    t->n++;
    memset(&t->schools[i], 0, sizeof t->schools[i]);
    t->schools[i].urn = urn;
    t->schools[i].cross = cross;
    return &t->schools[i];
}

void zt_gap_table_free(struct zt_gap_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->schools[i].cross);
    free(t->schools);
    memset(t, 0, sizeof *t);
}

struct walk {
    struct zt_txn *txn;
    zt_date as_of;
    const struct zt_thresholds *t;
    uint32_t only_school;
    struct zt_gap_table *out;
    char upn[ZT_UPN_LEN + 1];     /* the pupil whose rolls are being read */
    struct zt_current current;
};

/* One pupil's contribution, judged by the alert rules themselves. */
static void tally_pupil(const struct zt_figures *f, const struct zt_verdict *v,
                        struct zt_gap_tally *p)
{
    memset(p, 0, sizeof *p);
    p->pupils = 1;
    p->pupils_with_sessions = f->possible > 0;
    p->possible = f->possible;
    p->present = f->present;
    /* Whole-number comparisons, as the tipping rules make them. */
    p->persistent = f->possible > 0 && (uint64_t)f->present * 100 < (uint64_t)f->possible * 90;
    p->severe = f->possible > 0 && (uint64_t)f->present * 100 < (uint64_t)f->possible * 50;
    p->suspensions = f->suspensions_ytd;
    p->permanent_exclusions = f->permanent_exclusions_ytd;
    p->assessed_maths = f->latest_step[ZT_SUBJECT_MATHS] != 0;
    p->below_maths = (v->below & ZT_BELOW_MATHS) != 0;
    p->assessed_english = f->latest_step[ZT_SUBJECT_READING] || f->latest_step[ZT_SUBJECT_WRITING] ||
                          f->latest_step[ZT_SUBJECT_ENGLISH];
    p->below_english = (v->below & ZT_BELOW_ENGLISH) != 0;
    p->alerts = v->kind != 0;
}

static int finish_pupil(struct walk *w)
{
    struct zt_current *c = &w->current;
    if (!c->found || c->roll.has_left || (w->only_school && c->urn != w->only_school))
        return 0;
    struct zt_figures f;
    struct zt_verdict v;
    int rc = zt_figures_gather(w->txn, w->upn, w->as_of, w->t->v[ZT_THR_WINDOW_DAYS], &f);
    if (rc)
        return rc;
    zt_tipping_decide(&f, w->t, &v);
    struct zt_gap_school *s = zt_gap_table_school(w->out, c->urn);
    if (!s)
        return -ENOMEM;
    struct zt_gap_tally p;
    tally_pupil(&f, &v, &p);
    zt_gap_tally_add(&s->cell.all, &p);
    const struct zt_roll_value *r = &c->roll;
    uint32_t groups = zt_gap_groups_of(zt_roll_fsm(r), r->ever6, r->cic, r->sen, r->eal, r->gender,
                                       r->ethnicity, r->gifted, r->idaci_decile);
    for (int g = 0; g < ZT_G_COUNT; g++)
        if (groups & (1u << g))
            zt_gap_tally_add(&s->cell.group[g], &p);
    for (size_t k = 0; w->out->cross && k < w->out->cross->n; k++)
        if ((groups & w->out->cross->mask[k]) == w->out->cross->mask[k])
            zt_gap_tally_add(&s->cross[k], &p);
    uint8_t eligible = zt_roll_fsm_eligible(r);
    s->take_up.supplied += eligible != 0;
    s->take_up.eligible += eligible == 1;
    s->take_up.not_registered += eligible == 1 && zt_roll_fsm(r) == 2;
    return 0;
}

/* Roll keys run by pupil: a new UPN closes the previous pupil. */
static int on_roll(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct walk *w = arg;
    struct zt_roll_value r;
    if (k->len != ZT_ROLL_KEY_LEN || zt_value_copy(&r, sizeof r, v->data, v->len))
        return ZT_E_CORRUPT;
    if (memcmp(k->data, w->upn, ZT_UPN_LEN) != 0) {
        int rc = finish_pupil(w);
        if (rc)
            return rc;
        memcpy(w->upn, k->data, ZT_UPN_LEN);
        memset(&w->current, 0, sizeof w->current);
    }
    if (r.entry_date > w->as_of)
        return 0; /* not on this roll yet */
    if (r.has_left && r.left_date > w->as_of)
        r.has_left = 0; /* still on it that day */
    zt_current_offer(&w->current, zt_get_be32((const uint8_t *)k->data + ZT_UPN_LEN), &r, w->as_of);
    return 0;
}

static int compute(struct zt_txn *txn, zt_date as_of, const struct zt_thresholds *t, uint32_t only_school,
                   const struct zt_gap_cross *cross, struct zt_gap_table *out)
{
    memset(out, 0, sizeof *out);
    out->cross = cross;
    out->take_up = 1;
    struct walk w = {.txn = txn, .as_of = as_of, .t = t, .only_school = only_school, .out = out};
    int rc = zt_walk(txn, ZT_DB_ROLL, NULL, 0, on_roll, &w);
    if (rc == 0)
        rc = finish_pupil(&w);
    if (rc)
        zt_gap_table_free(out);
    return rc;
}

int zt_gaps_compute(struct zt_txn *txn, zt_date as_of, const struct zt_thresholds *t,
                    uint32_t only_school, struct zt_gap_table *out)
{
    return compute(txn, as_of, t, only_school, NULL, out);
}

int zt_gaps_compute_cross(struct zt_txn *txn, zt_date as_of, const struct zt_thresholds *t,
                          const struct zt_gap_cross *cross, struct zt_gap_table *out)
{
    return compute(txn, as_of, t, 0, cross, out);
}
