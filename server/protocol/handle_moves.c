/* Dual registrations (SPEC §2): the list, for the coordinator and for the
 * two schools of each, and the coordinator's confirmation of a move, after
 * which the other schools whose rolls still list the pupil stop reading
 * them. The rule for who is current and who keeps reading is
 * server/rules/roll_periods.h's. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "err.h"
#include "handlers.h"
#include "roll_periods.h"
#include "upn_list.h"

/* Pupils with two or more roll entries (roll keys run by pupil). */
struct several {
    struct zt_upn_list *out;
    uint8_t last[ZT_UPN_LEN];
    int seen; /* entries of last */
};

static int on_roll_key(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)v;
    struct several *s = arg;
    if (k->len != ZT_ROLL_KEY_LEN)
        return ZT_E_CORRUPT;
    if (memcmp(k->data, s->last, ZT_UPN_LEN) != 0) {
        memcpy(s->last, k->data, ZT_UPN_LEN);
        s->seen = 0;
    }
    return ++s->seen == 2 ? zt_upn_list_add(s->out, k->data) : 0;
}

struct listing {
    struct zt_request *r;
    uint32_t school; /* 0: every one */
    Zt__DualRegistration **items;
    size_t n, cap;
};

/* The pupil's entries listed beside the current school's, not confirmed
 * away, as items. */
static int list_pupil(struct zt_txn *txn, const char *upn, zt_date as_of, struct listing *l)
{
    struct zt_pupil_rolls rolls;
    int rc = zt_pupil_rolls_load(txn, upn, as_of, &rolls);
    if (rc || rolls.current < 0 || !zt_roll_listed(&rolls, (size_t)rolls.current))
        return rc;
    const struct zt_roll_period *cur = &rolls.p[rolls.current];
    for (size_t i = 0; rc == 0 && i < rolls.n; i++) {
        const struct zt_roll_period *p = &rolls.p[i];
        if ((int)i == rolls.current || !zt_roll_listed(&rolls, i))
            continue;
        if (l->school && l->school != p->urn && l->school != cur->urn)
            continue;
        int away = zt_roll_confirmed_away(txn, upn, p);
        if (away < 0)
            return away;
        if (away)
            continue;
        struct zt_arena *a = l->r->arena;
        Zt__DualRegistration *d = zt_arena_alloc(a, sizeof *d);
        if (!d || !(l->items = zt_arena_grow(a, l->items, l->n, &l->cap, sizeof *l->items)))
            return -ENOMEM;
        zt__dual_registration__init(d);
        d->upn = zt_arena_strdup(a, upn);
        d->current_school = cur->urn;
        d->current_entry = cur->roll.entry_date;
        d->other_school = p->urn;
        d->other_entry = p->roll.entry_date;
        d->other_reads = zt_roll_keeps_reading(&rolls, i);
        l->items[l->n++] = d;
    }
    return rc;
}

void zt_handle_moves(struct zt_request *r)
{
    struct listing l = {.r = r, .school = r->who->role == ZT_ROLE_SCHOOL ? r->who->urn : 0};
    zt_date as_of = zt_zone_as_of(r->zone);
    struct zt_upn_list pupils = {0};
    struct several s = {.out = &pupils};
    struct zt_txn *txn;
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc == 0) {
        rc = zt_walk(txn, ZT_DB_ROLL, NULL, 0, on_roll_key, &s);
        for (size_t i = 0; rc == 0 && i < pupils.n; i++) {
            char upn[ZT_UPN_LEN + 1];
            rc = list_pupil(txn, zt_upn_list_get(&pupils, i, upn), as_of, &l);
        }
        zt_txn_end(txn);
    }
    zt_upn_list_free(&pupils);
    Zt__MovesReply *mr = zt_arena_alloc(r->arena, sizeof *mr);
    if (rc || !mr) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot list dual registrations: %s",
                       zt_strerror(rc ? rc : -ENOMEM));
        return;
    }
    if (!zt_require_audit(r, "listed %zu dual registration(s)", l.n))
        return;
    zt__moves_reply__init(mr);
    mr->registrations = l.items;
    mr->n_registrations = l.n;
    mr->as_of = as_of;
    r->resp->body_case = ZT__RESPONSE__BODY_MOVES;
    r->resp->moves = mr;
}

struct confirm {
    const char *upn;
    const char *who;
    zt_date as_of;
    uint32_t current;
    uint32_t away[ZT_ROLLS_MAX];
    size_t n;
};

static int confirm_txn(struct zt_txn *txn, void *arg)
{
    struct confirm *c = arg;
    c->n = 0;
    struct zt_pupil_rolls rolls;
    int rc = zt_pupil_rolls_load(txn, c->upn, c->as_of, &rolls);
    if (rc || rolls.current < 0)
        return rc ? rc : -ENOENT;
    c->current = rolls.p[rolls.current].urn;
    for (size_t i = 0; rc == 0 && i < rolls.n; i++) {
        const struct zt_roll_period *p = &rolls.p[i];
        if ((int)i == rolls.current || !zt_roll_listed(&rolls, i))
            continue;
        int away = zt_roll_confirmed_away(txn, c->upn, p);
        if (away < 0)
            return away;
        if (away)
            continue; /* confirmed before */
        uint8_t key[ZT_ROLL_KEY_LEN];
        struct zt_move_value m = {.entry_date = p->roll.entry_date, .confirmed = c->as_of};
        zt_key_roll(key, c->upn, p->urn);
        rc = zt_put(txn, ZT_DB_MOVE, key, sizeof key, &m, sizeof m);
        if (rc == 0)
            rc = zt_audit_add(txn, c->who, "confirmed the move of %s to %06u: %06u no longer reads the pupil",
                              c->upn, c->current, p->urn);
        c->away[c->n++] = p->urn;
    }
    return rc ? rc : c->n ? 0 : -ESRCH;
}

void zt_handle_move_confirm(struct zt_request *r, const Zt__MoveConfirm *q)
{
    if (!zt_require_coordinator(r, "confirming a move") || !zt_require_upn(r, q->upn))
        return;
    struct confirm c = {.upn = q->upn, .who = r->who->name, .as_of = zt_zone_as_of(r->zone)};
    int rc = zt_store_write(r->zone->store, confirm_txn, &c);
    Zt__MoveConfirmReply *cr = zt_arena_alloc(r->arena, sizeof *cr);
    uint32_t *away = zt_arena_alloc(r->arena, (c.n + 1) * sizeof *away);
    if (rc == 0 && (!cr || !away))
        rc = -ENOMEM;
    if (rc == -ENOENT || rc == -ESRCH) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_NOT_FOUND, "%s has no dual registration to confirm", q->upn);
        return;
    }
    if (rc) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot confirm the move: %s", zt_strerror(rc));
        return;
    }
    memcpy(away, c.away, c.n * sizeof *away);
    zt__move_confirm_reply__init(cr);
    cr->current_school = c.current;
    cr->schools = away;
    cr->n_schools = c.n;
    r->resp->body_case = ZT__RESPONSE__BODY_MOVE_CONFIRM;
    r->resp->move_confirm = cr;
}
