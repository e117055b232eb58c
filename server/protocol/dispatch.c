#include "dispatch.h"

#include <stdlib.h>

#include "group_commit.h"
#include "handlers.h"
#include "log.h"
#include "protocol.h"

/* Per-connection state: whether the peer has said hello, and whether one
 * of its frames held for the group commit (zt_conn_deferred_answers) is not in the
 * group, so that later pushes wait too. */
struct session {
    int greeted;
    int held_plain;
};

void zt_dispatch_on_open(struct zt_conn *c, void *ud)
{
    (void)ud;
    struct session *s = calloc(1, sizeof *s);
    if (!s) {
        zt_conn_close(c);
        return;
    }
    zt_conn_set_data(c, s);
    zt_debug("%s connected as %s", zt_conn_peer(c), zt_conn_identity(c)->name);
}

void zt_dispatch_on_close(struct zt_conn *c, void *ud)
{
    zt_held_forget(ud, c);
    free(zt_conn_get_data(c));
    zt_conn_set_data(c, NULL);
}

static void handle_hello(struct zt_request *r, int *greeted, const Zt__Hello *h)
{
    if (h->protocol_version != ZT_PROTOCOL_VERSION) {
        zt_warn("%s (%s) speaks protocol %u; refused", r->who->name, r->peer, h->protocol_version);
        zt_reply_error(r, ZT__ERROR_CODE__ERR_VERSION_MISMATCH,
                       "the zone speaks protocol version %d, this client speaks %u: upgrade the client",
                       ZT_PROTOCOL_VERSION, h->protocol_version);
        return;
    }
    *greeted = 1;
    Zt__HelloReply *hr = zt_arena_alloc(r->arena, sizeof *hr);
    if (!hr)
        return;
    zt__hello_reply__init(hr);
    hr->protocol_version = ZT_PROTOCOL_VERSION;
    hr->identity = zt_arena_strdup(r->arena, r->who->name);
    hr->as_of = zt_zone_as_of(r->zone);
    r->resp->body_case = ZT__RESPONSE__BODY_HELLO;
    r->resp->hello = hr;
}

void zt_dispatch_route(struct zt_request *r, int *greeted, const Zt__Request *req,
                       const struct zt_push_job *done)
{
    if (req->body_case == ZT__REQUEST__BODY_HELLO) {
        handle_hello(r, greeted, req->hello);
        return;
    }
    if (!*greeted) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_BAD_REQUEST, "say hello first (protocol version %d)",
                       ZT_PROTOCOL_VERSION);
        return;
    }
    switch (req->body_case) {
    case ZT__REQUEST__BODY_PUSH:
        if (done)
            zt_push_answer(r, done);
        else
            zt_handle_push(r, req->push);
        break;
    case ZT__REQUEST__BODY_ALERTS:
        zt_handle_alerts(r, req->alerts);
        break;
    case ZT__REQUEST__BODY_PUPIL:
        zt_handle_pupil(r, req->pupil);
        break;
    case ZT__REQUEST__BODY_THRESHOLDS:
        zt_handle_thresholds(r);
        break;
    case ZT__REQUEST__BODY_SET_THRESHOLD:
        zt_handle_set_threshold(r, req->set_threshold);
        break;
        /* sync requests */
    case ZT__REQUEST__BODY_SYNC_SUMMARY:
        zt_handle_sync_summary(r, req->sync_summary);
        break;
    case ZT__REQUEST__BODY_SYNC_ROWS:
        zt_handle_sync_rows(r, req->sync_rows);
        break;
    case ZT__REQUEST__BODY_ROLL_COMPLETE:
        zt_handle_roll_complete(r, req->roll_complete);
        break;
        /* gaps requests */
    case ZT__REQUEST__BODY_SCHOOLS:
        zt_handle_schools(r);
        break;
    case ZT__REQUEST__BODY_SET_SCHOOLS:
        zt_handle_set_schools(r, req->set_schools);
        break;
    case ZT__REQUEST__BODY_GAPS:
        zt_handle_gaps(r, req->gaps);
        break;
    case ZT__REQUEST__BODY_GAPS_SNAPSHOT:
        zt_handle_gaps_snapshot(r, req->gaps_snapshot);
        break;
    case ZT__REQUEST__BODY_GAP_TARGET:
        zt_handle_gap_target(r, req->gap_target);
        break;
    case ZT__REQUEST__BODY_LEAVERS:
        zt_handle_leavers(r);
        break;
        /* support requests */
    case ZT__REQUEST__BODY_MENU_ADD:
        zt_handle_menu_add(r, req->menu_add);
        break;
    case ZT__REQUEST__BODY_MENU:
        zt_handle_menu(r, req->menu);
        break;
    case ZT__REQUEST__BODY_MENU_RETIRE:
        zt_handle_menu_retire(r, req->menu_retire);
        break;
    case ZT__REQUEST__BODY_SUPPORT_PUSH:
        zt_handle_support_push(r, req->support_push);
        break;
    case ZT__REQUEST__BODY_SUPPORT:
        zt_handle_support(r, req->support);
        break;
    case ZT__REQUEST__BODY_ALERT_CLOSE:
        zt_handle_alert_close(r, req->alert_close);
        break;
    case ZT__REQUEST__BODY_IMPACT:
        zt_handle_impact(r);
        break;
    case ZT__REQUEST__BODY_BACKUP:
        zt_handle_backup(r, req->backup);
        break;
    case ZT__REQUEST__BODY_STATUS:
        zt_handle_status(r);
        break;
    case ZT__REQUEST__BODY_AUDIT:
        zt_handle_audit(r, req->audit);
        break;
    case ZT__REQUEST__BODY_EXPORT_PUPIL:
        zt_handle_export_pupil(r, req->export_pupil);
        break;
    case ZT__REQUEST__BODY_ERASE_PUPIL:
        zt_handle_erase_pupil(r, req->erase_pupil);
        break;
    case ZT__REQUEST__BODY_PURGE:
        zt_handle_purge(r, req->purge);
        break;
        /* rolls requests */
    case ZT__REQUEST__BODY_MOVES:
        zt_handle_moves(r);
        break;
    case ZT__REQUEST__BODY_MOVE_CONFIRM:
        zt_handle_move_confirm(r, req->move_confirm);
        break;
    case ZT__REQUEST__BODY_FAMILY:
        zt_handle_family(r, req->family);
        break;
    default:
        zt_reply_error(r, ZT__ERROR_CODE__ERR_BAD_REQUEST, "unknown request");
    }
}

static void send_response(struct zt_conn *c, Zt__Response *resp)
{
    size_t n = zt__response__get_packed_size(resp);
    uint8_t *buf = malloc(n ? n : 1);
    if (!buf) {
        zt_conn_close(c);
        return;
    }
    zt__response__pack(resp, buf);
    zt_conn_send(c, buf, n);
    free(buf);
}

/* Answers in from c and frees it: routes it, packs and sends the response.
 * was_held: it came back from the group commit, which applied it already
 * when done (its job) is not NULL. */
static void answer(struct zt_conn *c, struct zt_inbound *in, struct zt_service *svc, int was_held,
                   const struct zt_push_job *done)
{
    struct session *s = zt_conn_get_data(c);
    if (was_held && !zt_conn_is_open(c)) {
        /* closed by an earlier answer (a refused version, a full write
         * queue): nothing more is routed, as take_frames would stop */
        zt_inbound_free(in);
        zt_conn_deferred_answered(c);
        return;
    }
    struct zt_arena arena = {0};
    Zt__Response resp = ZT__RESPONSE__INIT;
    struct zt_request r = {svc, svc->zone, zt_conn_identity(c), zt_conn_peer(c), &arena, &resp};
    if (in->req) {
        zt_dispatch_route(&r, &s->greeted, in->req, done);
    } else { /* refused whole by zt_inbound_unpack: nothing reads it */
        zt_warn("%s (%s): bad request refused: %s", r.peer, r.who->name, in->refused);
        zt_reply_error(&r, ZT__ERROR_CODE__ERR_BAD_REQUEST, "%s", in->refused);
    }
    int refused_version = resp.error && resp.error->code == ZT__ERROR_CODE__ERR_VERSION_MISMATCH;
    if (arena.failed) {
        zt_arena_free(&arena);
        resp = (Zt__Response)ZT__RESPONSE__INIT;
        zt_reply_error(&r, ZT__ERROR_CODE__ERR_INTERNAL, "out of memory");
    }
    send_response(c, &resp);
    zt_arena_free(&arena);
    zt_inbound_free(in);
    if (refused_version)
        zt_conn_close(c);
    if (was_held && zt_conn_deferred_answered(c) == 0 && s)
        s->held_plain = 0;
}

/* A push from a greeted school joins the loop turn's group commit; any
 * frame behind a held one waits with it, to keep the answers in order. */
static int hold(struct zt_service *svc, struct zt_conn *c, struct session *s, struct zt_inbound *in)
{
    int push = in->req && in->req->body_case == ZT__REQUEST__BODY_PUSH && s->greeted &&
               zt_may_push(zt_conn_identity(c));
    unsigned held = zt_conn_deferred_answers(c);
    if (!svc->held || (!held && !push))
        return 0;
    int grouped = push && !s->held_plain;
    if (zt_held_add(svc, c, in, grouped)) {
        if (!held)
            return 0; /* out of memory: answered now, which only costs the grouping */
        /* answering now would overtake the held frames: give up on the peer */
        zt_err("%s (%s): out of memory holding a frame; closing", zt_conn_peer(c), zt_conn_identity(c)->name);
        zt_inbound_free(in);
        zt_conn_close(c);
        return 1;
    }
    s->held_plain |= !grouped;
    zt_conn_defer_answer(c);
    return 1;
}

void zt_dispatch_on_frame(struct zt_conn *c, const uint8_t *payload, size_t len, void *ud)
{
    struct session *s = zt_conn_get_data(c);
    struct zt_inbound *in = zt_inbound_unpack(payload, len);
    if (!in || !s) {
        zt_warn("%s (%s): undecodable request; closing", zt_conn_peer(c), zt_conn_identity(c)->name);
        zt_conn_close(c);
        zt_inbound_free(in);
        return;
    }
    if (!hold(ud, c, s, in))
        answer(c, in, ud, 0, NULL);
}

void zt_dispatch_answer_held(struct zt_service *svc, struct zt_conn *c, struct zt_inbound *in,
                             const struct zt_push_job *done)
{
    answer(c, in, svc, 1, done);
}

const struct zt_net_handlers zt_dispatch_handlers_template = {
    zt_dispatch_on_open, zt_dispatch_on_frame, zt_dispatch_on_close, NULL};
