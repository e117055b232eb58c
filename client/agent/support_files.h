/* The school's support files in its export folder (issue #6), both
 * optional: meetings.csv (family meetings) and support.csv (support plan
 * actions). Rows are validated with the export files' checks (fields.h), bad
 * rows reported as "rejected FILE:LINE: reason", good rows kept as wire rows
 * with their line so a refusal by the zone can name it too. */
#ifndef ZT_SUPPORT_FILES_H
#define ZT_SUPPORT_FILES_H

#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "export.h"
#include "zonetrack.pb-c.h"

struct zt_support_files {
    const struct zt_export *roll;     /* the roll the push read: whose rows may be sent */
    struct zt_arena arena;            /* every row and string */
    Zt__MeetingRow **meetings;
    unsigned *meeting_lines;
    size_t nmeetings, cap_meetings;
    Zt__PlanRow **plans;
    unsigned *plan_lines;
    size_t nplans, cap_plans;
    int present;                      /* how many of the two files exist */
    uint32_t read, rejected;
    int failed_files;
};

/* Reads dir/meetings.csv and dir/support.csv when they exist, checking
 * their pupils against roll, the export the push has just read (read once
 * per run: the roll and its CTFs are not parsed again). roll must outlive f.
 * Free with zt_support_files_free. */
void zt_support_files_read(struct zt_support_files *f, const char *dir, const struct zt_export *roll,
                           FILE *report);
void zt_support_files_free(struct zt_support_files *f);

#endif
