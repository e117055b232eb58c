/* zonectl family: the coordinator's view of one family (issue #16): every
 * child whose current roll carries the family_id, with their alerts (and
 * stages), plans, and the meetings recorded for them, each naming the
 * children it covered. Audited. */
#include <errno.h>
#include <string.h>

#include "alerts.h"
#include "err.h"
#include "family.h"
#include "handlers.h"
#include "meeting_covers.h"
#include "support_wire.h"

struct children {
    struct zt_request *r;
    struct zt_txn *txn;
    zt_date as_of;
    Zt__FamilyReply *rep;
    size_t cap;
};

struct covers_wire {
    struct zt_arena *a;
    Zt__MeetingRow *m;
    size_t cap;
};

static int add_cover(const char *upn, void *arg)
{
    struct covers_wire *c = arg;
    char *copy = zt_arena_strdup(c->a, upn);
    if (!copy || !(c->m->covers = zt_arena_grow(c->a, c->m->covers, c->m->n_covers, &c->cap, sizeof *c->m->covers)))
        return -ENOMEM;
    c->m->covers[c->m->n_covers++] = copy;
    return 0;
}

/* The children each of the child's meetings covered. */
static int meetings_covers(struct children *ch, const char *upn, Zt__SupportReply *s)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < s->n_meetings; i++) {
        Zt__MeetingRow *m = s->meetings[i]->meeting;
        struct zt_event_key k = {.urn = s->meetings[i]->school, .id = m->meeting_id, .idlen = strlen(m->meeting_id)};
        memcpy(k.upn, upn, sizeof k.upn);
        struct covers_wire c = {ch->r->arena, m, 0};
        rc = zt_covers_each(ch->txn, &k, add_cover, &c);
    }
    return rc;
}

static int add_child(const char *upn, uint32_t school, void *arg)
{
    struct children *ch = arg;
    struct zt_arena *a = ch->r->arena;
    Zt__FamilyReply *rep = ch->rep;
    Zt__FamilyChild *c = zt_arena_alloc(a, sizeof *c);
    Zt__SupportReply *s = zt_arena_alloc(a, sizeof *s);
    if (!c || !s || !(rep->children = zt_arena_grow(a, rep->children, rep->n_children, &ch->cap, sizeof *rep->children)))
        return -ENOMEM;
    zt__family_child__init(c);
    if (!(c->upn = zt_arena_strdup(a, upn)))
        return -ENOMEM;
    c->school = school;
    c->support = s;
    rep->children[rep->n_children++] = c;
    struct zt_alert_wire_list alerts = {.txn = ch->txn, .as_of = ch->as_of, .arena = a};
    int rc = zt_alerts_each_seq(ch->txn, upn, zt_alert_wire_add, &alerts);
    c->alerts = alerts.items;
    c->n_alerts = alerts.n;
    if (rc == 0)
        rc = zt_support_read(ch->txn, upn, a, s);
    return rc ? rc : meetings_covers(ch, upn, s);
}

void zt_handle_family(struct zt_request *r, const Zt__FamilyQuery *q)
{
    if (!zt_require_coordinator(r, "reading a family"))
        return;
    const char *bad = zt_family_id_invalid(q->family_id, strlen(q->family_id));
    if (bad) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID, "%s", bad);
        return;
    }
    Zt__FamilyReply *rep = zt_arena_alloc(r->arena, sizeof *rep);
    if (!rep) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot read the family: %s", zt_strerror(-ENOMEM));
        return;
    }
    zt__family_reply__init(rep);
    rep->family_id = zt_arena_strdup(r->arena, q->family_id);
    rep->as_of = zt_zone_as_of(r->zone);
    struct children ch = {.r = r, .as_of = rep->as_of, .rep = rep};
    int rc = zt_store_read_begin(r->zone->store, &ch.txn);
    if (rc == 0) {
        rc = zt_family_each(ch.txn, q->family_id, rep->as_of, add_child, &ch);
        zt_txn_end(ch.txn);
    }
    if (rc || !rep->family_id) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot read the family: %s", zt_strerror(rc ? rc : -ENOMEM));
        return;
    }
    if (!zt_require_audit(r, "read family %s (%zu children)", q->family_id, rep->n_children))
        return;
    if (!rep->n_children) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_NOT_FOUND, "no pupil's current roll names family %s", q->family_id);
        return;
    }
    r->resp->body_case = ZT__RESPONSE__BODY_FAMILY;
    r->resp->family = rep;
}
