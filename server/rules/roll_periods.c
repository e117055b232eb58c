#include "roll_periods.h"

#include <errno.h>
#include <string.h>

#include "err.h"
#include "hash.h"

#define DATE_END INT32_MAX /* a period not ended */

/* 0 not yet entered on as_of, 1 left by then, 2 listed. */
static int rank_of(const struct zt_roll_value *r, zt_date as_of)
{
    if (r->entry_date > as_of)
        return 0;
    return !r->has_left || r->left_date > as_of ? 2 : 1;
}

/* 1 when the zone stored entry a before entry b (0, before arrivals were
 * kept, is earliest); equal arrivals order by entry date. */
static int stored_before(const struct zt_roll_value *a, const struct zt_roll_value *b)
{
    if (a->arrival != b->arrival)
        return a->arrival < b->arrival;
    return a->entry_date < b->entry_date;
}

void zt_current_offer(struct zt_current *c, uint32_t urn, const struct zt_roll_value *r, zt_date as_of)
{
    int rank = rank_of(r, as_of), best = c->found ? rank_of(&c->roll, as_of) : -1;
    int take = rank > best;
    if (rank == best) {
        if (r->entry_date != c->roll.entry_date)
            take = r->entry_date > c->roll.entry_date;
        else if (r->arrival != c->roll.arrival)
            take = r->arrival < c->roll.arrival; /* the incumbent keeps the pupil */
        else
            take = 1;
    }
    if (take) {
        c->urn = urn;
        c->roll = *r;
        c->found = 1;
    }
}

struct loading {
    struct zt_pupil_rolls *out;
    struct zt_current current;
};

static int on_roll(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct loading *l = arg;
    struct zt_roll_value r;
    if (k->len != ZT_ROLL_KEY_LEN || zt_value_copy(&r, sizeof r, v->data, v->len))
        return ZT_E_CORRUPT;
    uint32_t urn = zt_get_be32((const uint8_t *)k->data + ZT_UPN_LEN);
    zt_current_offer(&l->current, urn, &r, l->out->as_of);
    if (l->out->n < ZT_ROLLS_MAX) {
        struct zt_roll_period *p = &l->out->p[l->out->n++];
        p->urn = urn;
        p->roll = r;
    }
    return 0;
}

/* Where a school that is not current stops: at the entry of the next
 * school the pupil joined. */
static zt_date next_entry(const struct zt_pupil_rolls *r, size_t i)
{
    const struct zt_roll_value *s = &r->p[i].roll;
    zt_date next = DATE_END;
    for (size_t j = 0; j < r->n; j++) {
        const struct zt_roll_value *t = &r->p[j].roll;
        int later = t->entry_date > s->entry_date ||
                    (j != i && t->entry_date == s->entry_date && t->arrival < s->arrival);
        if (later && t->entry_date < next)
            next = t->entry_date;
    }
    return next;
}

int zt_roll_get(struct zt_txn *txn, const char *upn, uint32_t urn, struct zt_roll_value *out)
{
    uint8_t key[ZT_ROLL_KEY_LEN];
    struct zt_val v;
    zt_key_roll(key, upn, urn);
    int rc = zt_get(txn, ZT_DB_ROLL, key, sizeof key, &v);
    return rc ? rc : zt_value_copy(out, sizeof *out, v.data, v.len);
}

int zt_pupil_rolls_load(struct zt_txn *txn, const char *upn, zt_date as_of, struct zt_pupil_rolls *out)
{
    out->as_of = as_of;
    out->n = 0;
    out->current = -1;
    struct loading l = {.out = out};
    int rc = zt_walk(txn, ZT_DB_ROLL, upn, ZT_UPN_LEN, on_roll, &l);
    if (rc)
        return rc;
    if (l.current.found && !zt_roll_period_of(out, l.current.urn)) {
        /* more rolls than kept: the current school's is kept whatever */
        out->p[out->n - 1].urn = l.current.urn;
        out->p[out->n - 1].roll = l.current.roll;
    }
    for (size_t i = 0; i < out->n; i++) {
        struct zt_roll_period *p = &out->p[i];
        int current = l.current.found && p->urn == l.current.urn;
        if (current)
            out->current = (int)i;
        p->from = p->roll.entry_date;
        p->until = current ? DATE_END : next_entry(out, i);
        if (p->roll.has_left && p->roll.left_date < p->until)
            p->until = p->roll.left_date + 1; /* the leaving date is the last day on roll */
        if (p->until < p->from)
            p->until = p->from;
    }
    return 0;
}

const struct zt_roll_period *zt_roll_period_of(const struct zt_pupil_rolls *r, uint32_t urn)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->p[i].urn == urn)
            return &r->p[i];
    return NULL;
}

int zt_roll_listed(const struct zt_pupil_rolls *r, size_t i)
{
    return rank_of(&r->p[i].roll, r->as_of) == 2;
}

int zt_roll_keeps_reading(const struct zt_pupil_rolls *r, size_t i)
{
    if (r->current < 0 || (int)i == r->current || !zt_roll_listed(r, i) ||
        !zt_roll_listed(r, (size_t)r->current))
        return 0;
    return stored_before(&r->p[i].roll, &r->p[r->current].roll);
}

uint32_t zt_pupil_rolls_tag(const struct zt_pupil_rolls *r)
{
    int32_t parts[3 * ZT_ROLLS_MAX];
    for (size_t i = 0; i < r->n; i++) {
        parts[3 * i] = (int32_t)r->p[i].urn;
        parts[3 * i + 1] = r->p[i].from;
        parts[3 * i + 2] = r->p[i].until;
    }
    uint32_t tag = (uint32_t)zt_hash64(parts, 3 * r->n * sizeof *parts);
    return tag ? tag : 1; /* 0 is a kept entry that holds nothing */
}

int zt_current_school(struct zt_txn *txn, const char *upn, zt_date as_of, uint32_t *urn)
{
    struct zt_pupil_rolls r;
    int rc = zt_pupil_rolls_load(txn, upn, as_of, &r);
    if (rc)
        return rc;
    if (r.current < 0)
        return -ENOENT;
    *urn = r.p[r.current].urn;
    return 0;
}

int zt_roll_confirmed_away(struct zt_txn *txn, const char *upn, const struct zt_roll_period *p)
{
    uint8_t key[ZT_ROLL_KEY_LEN];
    struct zt_val v;
    struct zt_move_value m;
    zt_key_roll(key, upn, p->urn);
    int rc = zt_get(txn, ZT_DB_MOVE, key, sizeof key, &v);
    if (rc)
        return rc == -ENOENT ? 0 : rc;
    if (zt_value_copy(&m, sizeof m, v.data, v.len))
        return ZT_E_CORRUPT;
    return m.entry_date == p->roll.entry_date;
}

int zt_school_reads_pupil(struct zt_txn *txn, const char *upn, uint32_t urn, zt_date as_of)
{
    struct zt_pupil_rolls r;
    int rc = zt_pupil_rolls_load(txn, upn, as_of, &r);
    if (rc || r.current < 0)
        return rc;
    if (r.p[r.current].urn == urn)
        return 1;
    for (size_t i = 0; i < r.n; i++)
        if (r.p[i].urn == urn && zt_roll_keeps_reading(&r, i)) {
            rc = zt_roll_confirmed_away(txn, upn, &r.p[i]);
            return rc < 0 ? rc : !rc;
        }
    return 0;
}

int zt_roll_period_counts(const struct zt_pupil_rolls *r, uint32_t urn, zt_date d)
{
    const struct zt_roll_period *p = zt_roll_period_of(r, urn);
    return p && d >= p->from && d < p->until;
}
