/* A pupil's support records as text lines, one form for every view that
 * shows them (zonectl support, zonectl family); support_json.h is the JSON
 * side. */
#ifndef ZT_SUPPORT_VIEW_H
#define ZT_SUPPORT_VIEW_H

#include "support.pb-c.h"

/* "  alert N  STAGE  DATE[  REASON]" for each step of the stage history. */
void zt_text_stages(Zt__StageStep *const *stages, size_t n);
/* "  meeting ID (school URN[, for UPN])  invited ..  held ..  attended ..",
 * then its actions and, when it served other children, "also covered". */
void zt_text_meeting(const Zt__SchoolMeeting *sm, const char *upn);
/* "  action ID (school URN)  offer ..  STATUS  lead ..  start ..  review ..",
 * then its outcome, for each plan action. */
void zt_text_plans(Zt__SchoolPlan *const *plans, size_t n);

#endif
