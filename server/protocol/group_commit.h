/* Group commit. The pushes the event loop reads in one turn are held until
 * it has read everything that turn brought, then applied in one write
 * transaction with one durable commit (zt_ingest_push_group) and answered
 * in arrival order. While zoned commits one group, the next agents' pushes
 * arrive and form the next: ten schools pushing at once cost two or three
 * commits instead of ten, and each page they share is written once. While
 * other peers are still on their way (zt_server_requests_coming) a group
 * waits for them, at most linger_ms from its first push.
 *
 * A connection's frames that arrive behind a held push wait with it, so a
 * peer's answers always come in the order it asked. */
#ifndef ZT_GROUP_COMMIT_H
#define ZT_GROUP_COMMIT_H

#include <uv.h>

#include "inbound.h"
#include "net.h"
#include "service.h"
#include "zonetrack.pb-c.h"

struct zt_held;
struct zt_push_job;

/* How a held frame of c is answered once its group is committed, in
 * arrival order: done is its push's job (result included) when the group
 * applied it, else NULL; the callee owns in.
 * A callback, so that the group commit never calls up into the router
 * that holds frames in it (server/protocol/dispatch.h gives one). */
typedef void zt_held_answer_fn(struct zt_service *svc, struct zt_conn *c, struct zt_inbound *in,
                               const struct zt_push_job *done);

/* Sets up svc->held on loop; a group waits up to linger_ms for pushes still
 * arriving (0: never); answer answers each held frame. Returns 0 or a
 * negative libuv error. */
int zt_held_init(uv_loop_t *loop, struct zt_service *svc, unsigned linger_ms, zt_held_answer_fn *answer);

/* Commits and answers what is held now, without waiting for the end of the
 * loop turn or for pushes on their way: at shutdown, before the
 * connections close, so that no push is stored without its answer. */
void zt_held_flush(struct zt_service *svc);

/* Closes the handle (at shutdown); anything still held is dropped unanswered. */
void zt_held_close(struct zt_service *svc);

/* Holds in (now owned) from c until the end of this loop turn: grouped
 * when it is a push to apply in the group, else answered after it. Returns
 * 0, or -ENOMEM (in is still the caller's). */
int zt_held_add(struct zt_service *svc, struct zt_conn *c, struct zt_inbound *in, int grouped);

/* c is going away: what it had held is dropped unanswered. */
void zt_held_forget(struct zt_service *svc, struct zt_conn *c);

#endif
