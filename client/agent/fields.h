/* Reading the school's export files: a CSV file opened by column name, its
 * rows counted, bad rows reported as "rejected FILE:LINE: reason", and the
 * field checks every file shares. Used by the export reader and by the
 * support files (meetings.csv, support.csv). */
#ifndef ZT_FIELDS_H
#define ZT_FIELDS_H

#include <stdint.h>
#include <stdio.h>

#include "codes.h"
#include "csv.h"
#include "mapping.h"
#include "snapshot.h"
#include <protobuf-c/protobuf-c.h>

#define ZT_WHY_MAX 200

/* Where a file's rows are counted and its bad rows reported. */
struct zt_rows {
    FILE *report;
    uint32_t *read, *rejected;
    int *failed_files;              /* files missing or without a usable header */
    const struct zt_snapshot *snap; /* the files' contents, or NULL to read them from disk */
    const struct zt_mapping *map;   /* the school's report layout (mapping.h), or NULL */
};

/* Prints "rejected FILE:LINE: why" and counts it; an empty why (a row of
 * a pupil whose pupils.csv row was rejected, see zt_field_on_roll) is only
 * counted. */
void zt_rows_reject(const struct zt_rows *rows, const char *file, unsigned line, const char *why);

/* One open export file and the column index of each field it needs. */
struct zt_reader {
    struct zt_rows rows;
    struct zt_csv csv;
    const char *file;
    int col[16];
    /* with a mapping: each field's column, date format and values */
    int ncols, mapped;
    const char *const *names;
    const struct zt_map_field *map[16];
    const char *dates;
    struct zt_field value[16];
    char date[16][11];
    /* called for a row rejected for an unmapped value, before the next */
    void (*unmapped)(struct zt_reader *r, void *ctx);
    void *unmapped_ctx;
};

/* Opens dir/file (or its copy in rows->snap) and finds its columns; names[] are required unless listed
 * after nrequired. Returns 0, or -1 after one error line on stderr (counted
 * in failed_files); on failure nothing needs closing. */
int zt_reader_open(struct zt_reader *r, const struct zt_rows *rows, const char *dir, const char *file,
                   const char *const *names, int ncols, int nrequired);

/* Next row: 1 with a row, 0 at the end; malformed rows are reported here. */
int zt_reader_next(struct zt_reader *r);

/* Field i (an index into the names given to zt_reader_open) of the row. */
struct zt_field zt_reader_field(const struct zt_reader *r, int i);

/* --- field checks: each returns 0, or -1 with the reason in why ----------- */

/* Formats the reason into why (ZT_WHY_MAX bytes); returns -1. */
int zt_why(char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int zt_field_need(struct zt_field f, const char *name, char *why);
int zt_field_upn(struct zt_field f, char *why);
int zt_field_date(struct zt_field f, const char *name, int32_t *out, char *why);
/* A word of v; when optional, empty gives *out = 0. */
int zt_field_vocab(struct zt_field f, const char *name, const struct zt_vocab *v, int optional,
                   uint32_t *out, char *why);
/* Y/N, or empty for not known: *has 0 when empty. */
int zt_field_yn(struct zt_field f, const char *name, protobuf_c_boolean *has, protobuf_c_boolean *out,
                char *why);
/* A whole number lo..hi. */
int zt_field_uint(struct zt_field f, const char *name, unsigned lo, unsigned hi, uint32_t *out, char *why);
/* Non-empty text of at most max bytes. */
int zt_field_text(struct zt_field f, const char *name, size_t max, char *why);

/* The pupil a row names: a valid UPN on the school's roll (pupils.csv);
 * *idx is the pupil's index in roll. A pupil whose pupils.csv row was
 * rejected gives -1 with why empty and the row counted in their skipped
 * rows, reported in one line for the pupil (zt_export_report_unread). */
struct zt_export;
int zt_field_on_roll(const struct zt_export *roll, struct zt_field f, uint32_t *idx, char *why);

#endif
