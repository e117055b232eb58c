/* From frames to handlers: unpacks each request, enforces the version
 * handshake, routes it, packs and sends the response. */
#ifndef ZT_DISPATCH_H
#define ZT_DISPATCH_H

#include "inbound.h"
#include "net.h"
#include "zone.h"
#include "zonetrack.pb-c.h"

/* Handlers for zt_server_start; ud must be the struct zt_zone. */
extern const struct zt_net_handlers zt_dispatch_handlers_template;

void zt_dispatch_on_open(struct zt_conn *c, void *ud);
void zt_dispatch_on_frame(struct zt_conn *c, const uint8_t *payload, size_t len, void *ud);
void zt_dispatch_on_close(struct zt_conn *c, void *ud);

/* Answers in from c and frees it: routes it, packs and sends the response.
 * was_held: it came back from the group commit, which applied it already
 * when done (its job) is not NULL. */
struct zt_push_job;
void zt_dispatch_answer(struct zt_conn *c, struct zt_inbound *in, struct zt_zone *z, int was_held,
                        const struct zt_push_job *done);

/* Answers req into r->resp: a hello (setting *greeted), else, once
 * *greeted, the request's handler. zt_dispatch_answer's routing, and the
 * request fuzz target's (tests/fuzz/fuzz_request.c). */
struct zt_request;
void zt_dispatch_route(struct zt_request *r, int *greeted, const Zt__Request *req,
                       const struct zt_push_job *done);

#endif
