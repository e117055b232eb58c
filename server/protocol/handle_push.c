/* Push: one batch from a school, applied durably before it is acknowledged. */
#include <errno.h>

#include "err.h"
#include "handlers.h"
#include "ingest.h"
#include "log.h"

static void reply(struct zt_request *r, const struct zt_ingest_result *res)
{
    Zt__PushReply *pr = zt_arena_alloc(r->arena, sizeof *pr);
    Zt__Rejected **list = zt_arena_alloc(r->arena, (res->nrejects + 1) * sizeof *list);
    Zt__Rejected *items = zt_arena_alloc(r->arena, (res->nrejects + 1) * sizeof *items);
    if (!pr || !list || !items)
        return;
    zt__push_reply__init(pr);
    pr->stored = res->stored;
    pr->unchanged = res->unchanged;
    pr->has_deleted = 1;
    pr->deleted = res->deleted;
    pr->replayed = res->replayed != 0;
    for (size_t i = 0; i < res->nrejects; i++) {
        zt__rejected__init(&items[i]);
        items[i].kind = res->rejects[i].kind;
        items[i].index = res->rejects[i].index;
        items[i].reason = zt_arena_strdup(r->arena, res->rejects[i].reason);
        list[i] = &items[i];
    }
    pr->n_rejected = res->nrejects;
    pr->rejected = list;
    r->resp->body_case = ZT__RESPONSE__BODY_PUSH;
    r->resp->push = pr;
}

void zt_push_answer(struct zt_request *r, const struct zt_push_job *j)
{
    if (j->res.bad_id) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID, "batch id must be 16 bytes");
    } else if (j->rc) {
        zt_err("push from %s failed, nothing stored: %s", r->who->name, zt_strerror(j->rc));
        zt_reply_error(r, j->rc == -ENOSPC ? ZT__ERROR_CODE__ERR_STORAGE : ZT__ERROR_CODE__ERR_INTERNAL,
                       "the zone could not store the batch (%s); nothing was changed", zt_strerror(j->rc));
    } else {
        zt_debug("push from %s: stored %u, unchanged %u, rejected %zu, evaluated %zu pupils%s",
                 r->who->name, j->res.stored, j->res.unchanged, j->res.nrejects, j->res.pupils_evaluated,
                 j->res.replayed ? " (replayed batch)" : "");
        r->svc->pushes++;
        reply(r, &j->res);
    }
}

int zt_may_push(const struct zt_identity *who)
{
    return who->role == ZT_ROLE_SCHOOL;
}

void zt_handle_push(struct zt_request *r, const Zt__PushBatch *b)
{
    if (!zt_may_push(r->who)) {
        zt_reply_forbidden(r, "pushing records");
        return;
    }
    /* The URN comes from the certificate only: nothing in the batch names it. */
    struct zt_push_job j = {.urn = r->who->urn, .batch = b};
    zt_ingest_push_group(r->zone->store, &j, 1, zt_zone_as_of(r->zone));
    zt_push_answer(r, &j);
    zt_ingest_result_free(&j.res);
}
