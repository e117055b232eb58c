/* A pupil's support records as JSON objects, one form for every document
 * that holds them (zonectl family --json, export-pupil). */
#ifndef ZT_SUPPORT_JSON_H
#define ZT_SUPPORT_JSON_H

#include "json.h"
#include "support.pb-c.h"

/* {"school", "meeting_id", "upn" (when upn is not NULL), "invited", "held",
 * "attended", "actions", "covers"} */
void zt_json_meeting(struct zt_json *w, const Zt__SchoolMeeting *sm, const char *upn);
/* {"school", "action_id", "offer", "lead", "start", "review", "status", "outcome"} */
void zt_json_plan(struct zt_json *w, const Zt__SchoolPlan *sp);
/* {"alert", "stage", "date", "reason"} */
void zt_json_stage(struct zt_json *w, const Zt__StageStep *st);

/* "plans": [...] and "stages": [...], members of the object being written. */
void zt_json_plans(struct zt_json *w, Zt__SchoolPlan *const *plans, size_t n, enum zt_json_layout layout);
void zt_json_stages(struct zt_json *w, Zt__StageStep *const *stages, size_t n, enum zt_json_layout layout);

#endif
