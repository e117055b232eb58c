/* The school's MIS export folder read into memory (SPEC §3): every row
 * validated, bad rows reported as "rejected FILE:LINE: reason" and dropped,
 * good rows kept as wire records grouped by pupil. Pupil names are kept
 * here only, for the alert files staff open; they are never sent. */
#ifndef ZT_EXPORT_H
#define ZT_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "upn.h"
#include "snapshot.h"
#include "sync_digest.h"
#include "zonetrack.pb-c.h"

struct zt_export_pupil {
    Zt__PupilRow row;
    const char *name; /* may be "" */
    const char *file; /* where the row came from: "pupils.csv" or a CTF's name */
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

/* A pupils.csv row rejected with a readable UPN: the pupil is still on the
 * roll (never taken for a leaver), but none of their rows can be checked, so
 * they are skipped and reported in one line for the pupil. */
struct zt_export_unread_pupil {
    char upn[ZT_UPN_LEN + 1];
    unsigned line;    /* of the rejected row */
    uint32_t skipped; /* rows of the other files skipped for the pupil */
};

/* leavers.csv: upn,leaving_date,reason */
struct zt_export_leaver {
    Zt__Leaver row;
    unsigned line;
};

/* Rows a file rejected, as a snapshot's deletions must see them
 * (client/agent/deletions.c): the natural keys they named, where readable
 * (a UPN for attendance and assessments, an id for incidents and health
 * events), and how many named none. A bad row never deletes what it may
 * stand for. */
struct zt_export_bad {
    const char **keys; /* arena strings, unsorted */
    size_t n, cap;
    uint32_t unkeyed;
};

struct zt_export {
    struct zt_arena arena;            /* strings of every row */
    struct zt_export_pupil *pupils;   /* sorted by UPN */
    size_t npupils;
    uint32_t *pupil_index;            /* open-addressing UPN -> pupils slot + 1 (zt_export_find) */
    size_t pupil_index_cap, pupil_index_of; /* slots; npupils when it was made */
    struct zt_export_month *months;
    size_t nmonths, cap_months;
    struct zt_export_record *behaviour, *assessments, *health;
    size_t nbehaviour, nassessments, nhealth;
    size_t cap_pupils, cap_unread, cap_assessments;
    struct zt_export_leaver *leavers;
    size_t nleavers;
    uint64_t *month_index;            /* open-addressing (pupil, month) -> months slot + 1 */
    size_t month_index_cap;
    struct {                          /* the last mark's date, worked out (a file's marks come date by date) */
        int32_t date;
        int day, month;
    } mark_day;
    uint32_t read, rejected, superseded;
    unsigned files_read;              /* bit 1 << kind (enum zt_sync_kind) for each file read */
    struct zt_export_bad bad[ZT_SYNC_KINDS];
    int failed_files;                 /* files missing or unreadable as a whole */
    struct zt_export_unread_pupil *unread; /* sorted by UPN */
    size_t nunread;
    uint32_t roll_unknown;            /* pupils.csv rows rejected without a readable UPN */
    char **ctf;                       /* the CTF files (*.xml) in export_dir, by name */
    size_t nctf;
    struct zt_ctf_seen *ctf_seen;     /* each one's size and time when its roll was read */
    FILE *report;                     /* where rejections are printed */
    const struct zt_snapshot *snap;   /* the files' contents, or NULL to read them from dir */
};

/* Reads the CTF files in dir (SPEC §3c) when there are any, then
 * pupils.csv, attendance.csv, behaviour.csv, assessments.csv,
 * health.csv and the optional leavers.csv from snap, or from dir when snap
 * is NULL. Bad rows are printed to report and counted; a file
 * that is missing or has no usable header is one error line on stderr and
 * counted in failed_files. Returns 0, or -1 when pupils.csv itself cannot be
 * read (without the roll nothing can be checked). Free with zt_export_free. */
int zt_export_read(struct zt_export *e, const char *dir, const struct zt_snapshot *snap,
                   FILE *report);
void zt_export_free(struct zt_export *e);

/* The school's report layout every later read goes through (NULL: the
 * files are in SPEC §3's form). m must outlive the reads. */
struct zt_mapping;
void zt_export_set_mapping(const struct zt_mapping *m);

/* Reads only pupils.csv (the roll and the names), as zt_export_read. */
int zt_export_read_roll(struct zt_export *e, const char *dir, FILE *report);

/* zt_export_read_roll reporting no rejected row: for the commands after
 * the push, which has reported them already. e->report is left NULL. */
int zt_export_read_roll_quietly(struct zt_export *e, const char *dir);

/* The pupil's month of marks as exported, or NULL when the export has none
 * (by the index while reading, by bisection once the push sorted the months). */
const struct zt_export_month *zt_export_month_of(const struct zt_export *e, uint32_t pupil, uint32_t month);

/* 1 when a rejected row of kind's file named key. */
int zt_export_bad_key(const struct zt_export *e, int kind, const char *key);

/* Index of the pupil with this UPN, or -1. */
long zt_export_find(const struct zt_export *e, const char *upn);

/* The pupil whose pupils.csv row was rejected, by UPN, or NULL. */
struct zt_export_unread_pupil *zt_export_unread(const struct zt_export *e, const char *upn);

/* Whether the school lists the pupil in pupils.csv, read or not. */
int zt_export_listed(const struct zt_export *e, const char *upn);

/* Prints "N rows for UPN skipped: its pupils.csv row L was rejected" for
 * each such pupil that had rows skipped, and clears the counts. */
void zt_export_report_unread(const struct zt_export *e, FILE *report);

/* --- for the CTF reader's sink (export_ctf.c) ------------------------------ */

/* A new roll row at the end of pupils (zeroed), or NULL out of memory. */
struct zt_export_pupil *zt_export_add_pupil(struct zt_export *e);
/* A pupil whose roll row was rejected but whose UPN is known: still on the
 * roll (see zt_export_unread). Returns 0, or -1 out of memory. */
int zt_export_add_unread(struct zt_export *e, const char *upn, unsigned line);
/* One register mark of pupil (an index into pupils). 0, or -1 out of memory. */
int zt_export_put_mark(struct zt_export *e, uint32_t pupil, int32_t date, uint32_t session, int code,
                       unsigned line);
/* A new assessment (zeroed, appended), or NULL out of memory. */
struct zt_export_record *zt_export_add_assessment(struct zt_export *e);
/* Prints "rejected FILE:LINE: why" (nothing when why is "": a row skipped
 * with its pupil, reported once for the pupil) and counts rows read and
 * rejected. */
void zt_export_reject(struct zt_export *e, const char *file, unsigned line, uint32_t rows, const char *why);

#endif
