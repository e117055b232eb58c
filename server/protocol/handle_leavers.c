/* The leavers request: the coordinator's count of who left which school this
 * year and where they went, with the pupils who left for home education
 * while an alert was open (audited: it names pupils). */
#include <errno.h>
#include <string.h>

#include "err.h"
#include "handlers.h"
#include "leavers.h"

static Zt__LeaversReply *leavers_to_wire(const struct zt_leavers *l, struct zt_arena *a)
{
    Zt__LeaversReply *w = zt_arena_alloc(a, sizeof *w);
    Zt__SchoolLeavers **schools = zt_arena_alloc(a, (l->nschools + 1) * sizeof *schools);
    Zt__HomeEducationConcern **concerns = zt_arena_alloc(a, (l->nconcerns + 1) * sizeof *concerns);
    if (!w || !schools || !concerns)
        return NULL;
    zt__leavers_reply__init(w);
    w->from = l->from;
    w->to = l->to;
    for (size_t i = 0; i < l->nschools; i++) {
        Zt__SchoolLeavers *s = zt_arena_alloc(a, sizeof *s);
        uint32_t *counts = zt_arena_alloc(a, sizeof l->schools[i].by_term);
        if (!s || !counts)
            return NULL;
        zt__school_leavers__init(s);
        s->urn = l->schools[i].urn;
        memcpy(counts, l->schools[i].by_term, sizeof l->schools[i].by_term);
        s->counts = counts;
        s->n_counts = ZT_TERMS * ZT_DESTINATIONS;
        schools[i] = s;
    }
    for (size_t i = 0; i < l->nconcerns; i++) {
        Zt__HomeEducationConcern *c = zt_arena_alloc(a, sizeof *c);
        if (!c)
            return NULL;
        zt__home_education_concern__init(c);
        if (!(c->upn = zt_arena_strdup(a, l->concerns[i].upn)))
            return NULL;
        c->school = l->concerns[i].urn;
        c->left = l->concerns[i].left;
        c->alert_kind = l->concerns[i].alert_kind;
        concerns[i] = c;
    }
    w->schools = schools, w->n_schools = l->nschools;
    w->concerns = concerns, w->n_concerns = l->nconcerns;
    return w;
}

void zt_handle_leavers(struct zt_request *r)
{
    if (!zt_require_coordinator(r, "reading leavers"))
        return;
    struct zt_leavers l;
    struct zt_txn *txn;
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc == 0) {
        rc = zt_leavers_gather(txn, zt_zone_as_of(r->zone), &l);
        zt_txn_end(txn);
    } else {
        memset(&l, 0, sizeof l);
    }
    Zt__LeaversReply *w = rc ? NULL : leavers_to_wire(&l, r->arena);
    size_t nconcerns = l.nconcerns;
    zt_leavers_free(&l);
    if (!w) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot gather leavers: %s", zt_strerror(rc ? rc : -ENOMEM));
        return;
    }
    if (!zt_require_audit(r, "listed leavers (%zu left for home education with an alert open)", nconcerns))
        return;
    r->resp->body_case = ZT__RESPONSE__BODY_LEAVERS;
    r->resp->leavers = w;
}
