/* Request handlers: each fills in the response for one request kind, from
 * an authenticated identity, with the helpers of server/protocol/request.h.
 * Everything they allocate for the response comes from the request's
 * arena, freed after the response is packed. */
#ifndef ZT_HANDLERS_H
#define ZT_HANDLERS_H

#include "request.h"
#include "zonetrack.pb-c.h"

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
