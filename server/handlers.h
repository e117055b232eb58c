/* Request handlers: each fills in the response for one request kind, from
 * an authenticated identity. Everything they allocate for the response comes
 * from the arena, freed after the response is packed. */
#ifndef ZT_HANDLERS_H
#define ZT_HANDLERS_H

#include "arena.h"
#include "records.h"
#include "tls.h"
#include "zone.h"
#include "protocol.h"
#include "zonetrack.pb-c.h"

struct zt_request {
    struct zt_zone *zone;
    const struct zt_identity *who;
    const char *peer;
    struct zt_arena *arena;
    Zt__Response *resp;
};

/* Sets resp->error (message printf-style). */
void zt_reply_error(struct zt_request *r, Zt__ErrorCode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sets a "not allowed" error and logs the refusal with who and peer. */
void zt_reply_forbidden(struct zt_request *r, const char *what);

void zt_handle_push(struct zt_request *r, const Zt__PushBatch *b);
void zt_handle_alerts(struct zt_request *r, const Zt__AlertsQuery *q);
void zt_handle_pupil(struct zt_request *r, const Zt__PupilQuery *q);
void zt_handle_thresholds(struct zt_request *r);
void zt_handle_set_threshold(struct zt_request *r, const Zt__ThresholdSet *s);
/* sync handlers (server/handle_sync.c) */
void zt_handle_sync_summary(struct zt_request *r);
void zt_handle_sync_rows(struct zt_request *r, const Zt__SyncRowsQuery *q);
void zt_handle_roll_complete(struct zt_request *r, const Zt__RollComplete *m);
/* gaps handlers (server/handle_gaps.c) */

/* Fills a wire Alert from a stored one. */
void zt_alert_to_wire(Zt__Alert *w, const char *upn, const struct zt_alert_value *a,
                      struct zt_arena *arena);

#endif
