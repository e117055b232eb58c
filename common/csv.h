/* A strict RFC 4180 CSV reader for the MIS export files: UTF-8 with an
 * optional BOM, LF or CRLF line ends, quoted fields with "" escapes and
 * embedded newlines, a header row naming the columns in any order. */
#ifndef ZT_CSV_H
#define ZT_CSV_H

#include <stddef.h>

struct zt_field {
    const char *s; /* points into the reader's buffer; valid until close */
    size_t len;
};

struct zt_csv {
    const char *name;   /* for messages: the file name the caller gave */
    char *buf;          /* whole file, owned; fields are unescaped in place */
    size_t len, pos;
    unsigned line;      /* line where the current row starts; header is 1 */
    unsigned next_line;
    struct zt_field *fields;
    size_t nfields, cap;
    char **header;      /* column names, owned */
    size_t ncols;
    char error[160];    /* why zt_csv_next returned -1 */
    int clean;          /* the whole file is UTF-8 without NUL: rows need no check */
};

/* Reads the whole file at path and its header row. name is kept (not
 * copied) for messages. Returns 0, or -1 with a one-line reason in err
 * (file missing, unreadable, empty, bad header). On failure *c needs no close. */
int zt_csv_open(struct zt_csv *c, const char *path, const char *name, char *err, size_t errlen);

/* As zt_csv_open over a copy of data[len]. */
int zt_csv_open_buffer(struct zt_csv *c, const char *name, const char *data, size_t len,
                       char *err, size_t errlen);

/* Advances to the next row: 1 when c->fields holds it, 0 at the end, -1 on
 * a malformed row (reason in c->error; the reader skips to the next line, so
 * calling again continues). A field holding a NUL byte or invalid UTF-8
 * makes the row malformed ("field 'name': invalid UTF-8"). Blank lines are
 * skipped. */
int zt_csv_next(struct zt_csv *c);

/* Column index of the header name, or -1 when the file has no such column. */
int zt_csv_column(const struct zt_csv *c, const char *name);

/* The current row's field in column col, or an empty field when the row is
 * shorter or col is -1. */
struct zt_field zt_csv_get(const struct zt_csv *c, int col);

void zt_csv_close(struct zt_csv *c);

#endif
