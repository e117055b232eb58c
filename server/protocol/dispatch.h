/* From frames to handlers: unpacks each request, enforces the version
 * handshake, routes it, packs and sends the response. The answers
 * themselves are the handlers' (server/protocol/handlers.h), made with
 * the request helpers (server/protocol/request.h). */
#ifndef ZT_DISPATCH_H
#define ZT_DISPATCH_H

#include "inbound.h"
#include "net.h"
#include "request.h"
#include "service.h"
#include "zonetrack.pb-c.h"

/* Handlers for zt_server_start; ud must be the struct zt_service. */
extern const struct zt_net_handlers zt_dispatch_handlers_template;

void zt_dispatch_on_open(struct zt_conn *c, void *ud);
void zt_dispatch_on_frame(struct zt_conn *c, const uint8_t *payload, size_t len, void *ud);
void zt_dispatch_on_close(struct zt_conn *c, void *ud);

/* The group commit's answer callback (zt_held_init): answers in, a frame
 * of c held until its group committed, and frees it. done is its push's
 * job when the group applied it, else NULL. */
struct zt_push_job;
void zt_dispatch_answer_held(struct zt_service *svc, struct zt_conn *c, struct zt_inbound *in,
                             const struct zt_push_job *done);

/* Answers req into r->resp: a hello (setting *greeted), else, once
 * *greeted, the request's handler. zt_dispatch_on_frame's routing, and the
 * request fuzz target's (tests/fuzz/fuzz_request.c). */
void zt_dispatch_route(struct zt_request *r, int *greeted, const Zt__Request *req,
                       const struct zt_push_job *done);

#endif
