/* One request being answered, and the helpers every handler answers it
 * with: an error, a refusal, the checks that refuse (coordinator only, a
 * valid UPN, a read that must be audited first). The router
 * (server/protocol/dispatch.h) makes a request and sends its answer; the
 * handlers (server/protocol/handlers.h) fill the answer in. */
#ifndef ZT_REQUEST_H
#define ZT_REQUEST_H

#include "arena.h"
#include "service.h"
#include "tls.h"
#include "zone.h"
#include "zonetrack.pb-c.h"

struct zt_request {
    struct zt_service *svc;
    struct zt_zone *zone; /* svc->zone: the core's state, all most handlers need */
    const struct zt_identity *who;
    const char *peer;
    struct zt_arena *arena; /* everything the answer holds; freed once it is packed */
    Zt__Response *resp;
};

/* Sets resp->error (message printf-style). */
void zt_reply_error(struct zt_request *r, Zt__ErrorCode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sets a "not allowed" error and logs the refusal with who and peer. */
void zt_reply_forbidden(struct zt_request *r, const char *what);

/* 1 when the caller is a coordinator, else 0 with the refusal replied. */
int zt_require_coordinator(struct zt_request *r, const char *what);
/* 1 when upn is a valid UPN, else 0 with an ERR_INVALID reply. */
int zt_require_upn(struct zt_request *r, const char *upn);
/* A coordinator's read of pupil-level data goes into the audit trail
 * (what printf-style) before it is answered: 1 when it is recorded (or
 * the reader is a school, whose reads are not audited), else 0 with the
 * answer replaced by a refusal: a read that cannot be audited is not
 * served. */
int zt_require_audit(struct zt_request *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Whether the caller reads pupil upn (server/protocol/pupil_access.c): 0 with the
 * current school set, -ENOENT when no roll lists the pupil, -EPERM when a
 * school may not read them, or a store error. */
struct zt_txn;
int zt_pupil_readable(struct zt_request *r, struct zt_txn *txn, const char *upn, uint32_t *current);
/* The answer to -ENOENT or -EPERM from zt_pupil_readable: the same for a
 * school either way; a refusal is logged. what names the read. */
void zt_reply_pupil_unreadable(struct zt_request *r, int rc, const char *upn, const char *what);

#endif
