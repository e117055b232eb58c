/* The school's MIS export folder read into memory (SPEC §3): every row
 * validated, bad rows reported as "rejected FILE:LINE: reason" and dropped,
 * good rows kept as wire records grouped by pupil. Pupil names are kept
 * here only, for the alert files staff open; they are never sent. */
#ifndef ZT_EXPORT_H
#define ZT_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "snapshot.h"
#include "zonetrack.pb-c.h"

struct zt_export_pupil {
    Zt__PupilRow row;
    const char *name; /* may be "" */
    unsigned line;
    int send;         /* delta sync: new or changed since the zone acknowledged it */
};

struct zt_export_month {
    uint32_t pupil;       /* index into pupils */
    uint32_t month;
    uint8_t codes[62];
    uint32_t marks;       /* marks set in codes */
    unsigned first_line;  /* for reporting a refusal by the zone */
    int send;
    uint8_t merged[62];   /* the month as the zone will hold it once this is stored */
};

struct zt_export_record {
    uint32_t pupil;
    unsigned line;
    const char *file;
    int send;
    union {
        Zt__BehaviourRow behaviour;
        Zt__AssessmentRow assessment;
        Zt__HealthRow health;
    } u;
};

/* leavers.csv: upn,leaving_date,reason */
struct zt_export_leaver {
    Zt__Leaver row;
    unsigned line;
};

struct zt_export {
    struct zt_arena arena;            /* strings of every row */
    struct zt_export_pupil *pupils;   /* sorted by UPN */
    size_t npupils;
    struct zt_export_month *months;
    size_t nmonths, cap_months;
    struct zt_export_record *behaviour, *assessments, *health;
    size_t nbehaviour, nassessments, nhealth;
    struct zt_export_leaver *leavers;
    size_t nleavers;
    uint64_t *month_index;            /* open-addressing (pupil, month) -> months slot + 1 */
    size_t month_index_cap;
    uint32_t read, rejected, superseded;
    int failed_files;                 /* files missing or unreadable as a whole */
    uint32_t roll_rejected;           /* rows of pupils.csv rejected: the roll is not complete */
    FILE *report;                     /* where rejections are printed */
    const struct zt_snapshot *snap;   /* the files' contents, or NULL to read them from dir */
};

/* Reads pupils.csv, attendance.csv, behaviour.csv, assessments.csv,
 * health.csv and the optional leavers.csv from snap, or from dir when snap
 * is NULL. Bad rows are printed to report and counted; a file
 * that is missing or has no usable header is one error line on stderr and
 * counted in failed_files. Returns 0, or -1 when pupils.csv itself cannot be
 * read (without the roll nothing can be checked). Free with zt_export_free. */
int zt_export_read(struct zt_export *e, const char *dir, const struct zt_snapshot *snap,
                   FILE *report);
void zt_export_free(struct zt_export *e);

/* Reads only pupils.csv (the roll and the names), as zt_export_read. */
int zt_export_read_roll(struct zt_export *e, const char *dir, FILE *report);

/* Index of the pupil with this UPN, or -1. */
long zt_export_find(const struct zt_export *e, const char *upn);

#endif
