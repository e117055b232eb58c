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

/* 1 when the caller is a coordinator, else 0 with the refusal replied. */
int zt_require_coordinator(struct zt_request *r, const char *what);
/* 1 when upn is a valid UPN, else 0 with an ERR_INVALID reply. */
int zt_require_upn(struct zt_request *r, const char *upn);
/* Whether the caller reads pupil upn (server/protocol/pupil_access.c): 0 with the
 * current school set, -ENOENT when no roll lists the pupil, -EPERM when a
 * school may not read them, or a store error. */
struct zt_txn;
int zt_pupil_readable(struct zt_request *r, struct zt_txn *txn, const char *upn, uint32_t *current);
/* The answer to -ENOENT or -EPERM from zt_pupil_readable: the same for a
 * school either way; a refusal is logged. what names the read. */
void zt_reply_pupil_unreadable(struct zt_request *r, int rc, const char *upn, const char *what);
/* A coordinator's read of pupil-level data goes into the audit trail
 * (what printf-style) before it is answered: 1 when it is recorded (or
 * the reader is a school, whose reads are not audited), else 0 with the
 * answer replaced by a refusal: a read that cannot be audited is not
 * served. */
int zt_require_audit(struct zt_request *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void zt_handle_push(struct zt_request *r, const Zt__PushBatch *b);
/* 1 when who may push records: a school (the group commit asks before it
 * holds a push, zt_handle_push before it applies one). */
int zt_may_push(const struct zt_identity *who);
/* The answer to a push its group commit applied (server/protocol/group_commit.h). */
struct zt_push_job;
void zt_push_answer(struct zt_request *r, const struct zt_push_job *j);
void zt_handle_alerts(struct zt_request *r, const Zt__AlertsQuery *q);
void zt_handle_pupil(struct zt_request *r, const Zt__PupilQuery *q);
void zt_handle_thresholds(struct zt_request *r);
void zt_handle_set_threshold(struct zt_request *r, const Zt__ThresholdSet *s);
/* sync handlers (server/protocol/handle_sync.c) */
void zt_handle_sync_summary(struct zt_request *r, const Zt__SyncSummaryQuery *q);
void zt_handle_sync_rows(struct zt_request *r, const Zt__SyncRowsQuery *q);
void zt_handle_roll_complete(struct zt_request *r, const Zt__RollComplete *m);
/* operations handlers (server/protocol/handle_ops.c): coordinator only */
void zt_handle_backup(struct zt_request *r, const Zt__BackupRequest *q);
void zt_handle_status(struct zt_request *r);
void zt_handle_audit(struct zt_request *r, const Zt__AuditQuery *q);
void zt_handle_export_pupil(struct zt_request *r, const Zt__PupilQuery *q);
void zt_handle_erase_pupil(struct zt_request *r, const Zt__EraseRequest *q);
void zt_handle_purge(struct zt_request *r, const Zt__PurgeRequest *q);
/* gaps handlers (server/protocol/handle_gaps.c) */
void zt_handle_schools(struct zt_request *r);
void zt_handle_set_schools(struct zt_request *r, const Zt__SchoolsSet *set);
void zt_handle_gaps(struct zt_request *r, const Zt__GapsQuery *q);
void zt_handle_gaps_snapshot(struct zt_request *r, const Zt__GapsSnapshotRequest *q);
void zt_handle_gap_target(struct zt_request *r, const Zt__GapTargetSet *q);
/* leavers by destination (server/protocol/handle_leavers.c): coordinator only */
void zt_handle_leavers(struct zt_request *r);
/* support handlers (server/protocol/handle_support.c) */
void zt_handle_menu_add(struct zt_request *r, const Zt__MenuAdd *q);
void zt_handle_menu(struct zt_request *r, const Zt__MenuQuery *q);
void zt_handle_menu_retire(struct zt_request *r, const Zt__MenuRetire *q);
void zt_handle_support_push(struct zt_request *r, const Zt__SupportPush *p);
void zt_handle_support(struct zt_request *r, const Zt__SupportQuery *q);
void zt_handle_alert_close(struct zt_request *r, const Zt__AlertClose *q);
void zt_handle_impact(struct zt_request *r);
/* one family (server/protocol/handle_family.c): coordinator only */
void zt_handle_family(struct zt_request *r, const Zt__FamilyQuery *q);
/* rolls handlers (server/protocol/handle_moves.c) */
void zt_handle_moves(struct zt_request *r);
void zt_handle_move_confirm(struct zt_request *r, const Zt__MoveConfirm *q);

#endif
