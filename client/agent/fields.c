#include "fields.h"

#include <errno.h>

#include <stdarg.h>
#include <string.h>

#include "date.h"
#include "export.h"
#include "log.h"
#include "upn.h"

void zt_rows_reject(const struct zt_rows *rows, const char *file, unsigned line, const char *why)
{
    if (why[0]) /* empty: a row skipped with its pupil, reported once for the pupil */
        fprintf(rows->report, "rejected %s:%u: %s\n", file, line, why);
    (*rows->rejected)++;
}

int zt_reader_open(struct zt_reader *r, const struct zt_rows *rows, const char *dir, const char *file,
                   const char *const *names, int ncols, int nrequired)
{
    char path[4096], err[512];
    memset(r, 0, sizeof *r);
    r->rows = *rows;
    r->file = file;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    const struct zt_snapshot_file *f = rows->snap ? zt_snapshot_get(rows->snap, file) : NULL;
    int missing = !zt_snapshot_holds(rows->snap, dir, file) && (rows->snap || errno == ENOENT);
    if (missing) {
        zt_err("%s not found in export_dir: %s: %s", file, path, strerror(ENOENT));
        (*rows->failed_files)++;
        return -1;
    }
    if (rows->snap ? zt_csv_open_buffer(&r->csv, file, f->data, f->len, err, sizeof err)
                   : zt_csv_open(&r->csv, path, file, err, sizeof err)) {
        zt_err("%s", err);
        (*rows->failed_files)++;
        return -1;
    }
    r->ncols = ncols;
    r->names = names;
    r->dates = zt_mapping_dates(rows->map, file);
    r->mapped = r->dates != NULL;
    for (int i = 0; i < ncols; i++) {
        r->map[i] = zt_mapping_field(rows->map, file, names[i]);
        r->mapped |= r->map[i] != NULL;
        const char *column = r->map[i] && r->map[i]->column ? r->map[i]->column : names[i];
        r->col[i] = column[0] ? zt_csv_column(&r->csv, column) : -1;
        if (r->col[i] < 0 && i < nrequired && column[0]) { /* "FIELD =": the report has none */
            if (column != names[i])
                zt_err("%s:1: missing column '%s' (the mapping's column for %s); file skipped", file, column,
                       names[i]);
            else
                zt_err("%s:1: missing column '%s'; file skipped", file, names[i]);
            (*rows->failed_files)++;
            zt_csv_close(&r->csv);
            return -1;
        }
    }
    return 0;
}

/* A date field: its name says so (date, entry_date, leaving_date). */
static int is_date(const char *name)
{
    size_t n = strlen(name);
    return n >= 4 && strcmp(name + n - 4, "date") == 0;
}

/* The row's fields through the mapping. Returns 0, or -1 with why naming
 * the school's column and value. */
static int map_row(struct zt_reader *r, char *why)
{
    int rc = 0;
    for (int i = 0; i < r->ncols; i++) {
        struct zt_field f = zt_csv_get(&r->csv, r->col[i]);
        const struct zt_map_field *m = r->map[i];
        const char *column = m && m->column ? m->column : r->names[i];
        r->value[i] = f;
        if (rc)
            continue; /* the first bad value names the row; the UPN is still read */
        if (r->dates && f.len && is_date(r->names[i])) {
            if (zt_mapping_date(r->dates, f.s, f.len, r->date[i]))
                rc = zt_why(why, "column '%s': '%.*s' is not a date written %s", column, (int)(f.len > 24 ? 24 : f.len),
                            f.s, r->dates);
            else
                r->value[i] = (struct zt_field){r->date[i], strlen(r->date[i])};
        } else if (zt_mapping_value(m, f.s, f.len, &r->value[i].s, &r->value[i].len)) {
            rc = zt_why(why, "column '%s': value '%.*s' is not in the mapping (%s: %s)", column,
                        (int)(f.len > 24 ? 24 : f.len), f.s, r->names[i], m->values_text);
        }
    }
    return rc;
}

int zt_reader_next(struct zt_reader *r)
{
    for (;;) {
        char why[ZT_WHY_MAX];
        int rc = zt_csv_next(&r->csv);
        if (rc == 0)
            return 0;
        (*r->rows.read)++;
        if (rc > 0 && !(r->mapped && map_row(r, why)))
            return 1;
        zt_rows_reject(&r->rows, r->file, r->csv.line, rc > 0 ? why : r->csv.error);
        if (rc > 0 && r->unmapped)
            r->unmapped(r, r->unmapped_ctx);
    }
}

struct zt_field zt_reader_field(const struct zt_reader *r, int i)
{
    return r->mapped ? r->value[i] : zt_csv_get(&r->csv, r->col[i]);
}

int zt_why(char *why, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, ZT_WHY_MAX, fmt, ap);
    va_end(ap);
    return -1;
}

int zt_field_need(struct zt_field f, const char *name, char *why)
{
    return f.len ? 0 : zt_why(why, "field '%s' is empty", name);
}

int zt_field_upn(struct zt_field f, char *why)
{
    if (zt_field_need(f, "upn", why))
        return -1;
    const char *bad = zt_upn_invalid(f.s, f.len);
    return bad ? zt_why(why, "field 'upn': '%.*s': %s", (int)(f.len > 20 ? 20 : f.len), f.s, bad) : 0;
}

int zt_field_date(struct zt_field f, const char *name, int32_t *out, char *why)
{
    if (zt_field_need(f, name, why))
        return -1;
    if (zt_date_parse(f.s, f.len, out))
        return zt_why(why, "field '%s': '%.*s' is not a date (YYYY-MM-DD)", name,
                      (int)(f.len > 20 ? 20 : f.len), f.s);
    return 0;
}

int zt_field_vocab(struct zt_field f, const char *name, const struct zt_vocab *v, int optional,
                   uint32_t *out, char *why)
{
    if (!f.len && optional) {
        *out = 0;
        return 0;
    }
    if (zt_field_need(f, name, why))
        return -1;
    int code = zt_vocab_parse(v, f.s, f.len);
    if (!code) {
        char list[256];
        return zt_why(why, "field '%s': '%.*s' is not one of %s", name, (int)(f.len > 24 ? 24 : f.len),
                      f.s, zt_vocab_list(v, list, sizeof list));
    }
    *out = (uint32_t)code;
    return 0;
}

int zt_field_yn(struct zt_field f, const char *name, protobuf_c_boolean *has, protobuf_c_boolean *out,
                char *why)
{
    *has = f.len != 0;
    if (f.len == 1 && (f.s[0] == 'Y' || f.s[0] == 'N')) {
        *out = f.s[0] == 'Y';
        return 0;
    }
    return f.len ? zt_why(why, "field '%s': '%.*s' must be Y or N", name, (int)(f.len > 10 ? 10 : f.len), f.s)
                 : 0;
}

int zt_field_uint(struct zt_field f, const char *name, unsigned lo, unsigned hi, uint32_t *out, char *why)
{
    if (zt_field_need(f, name, why))
        return -1;
    unsigned long v = 0;
    for (size_t i = 0; i < f.len; i++) {
        if (f.s[i] < '0' || f.s[i] > '9' || v > hi)
            return zt_why(why, "field '%s': '%.*s' must be a whole number from %u to %u", name,
                          (int)(f.len > 12 ? 12 : f.len), f.s, lo, hi);
        v = v * 10 + (unsigned long)(f.s[i] - '0');
    }
    if (v < lo || v > hi)
        return zt_why(why, "field '%s': %lu is outside %u-%u", name, v, lo, hi);
    *out = (uint32_t)v;
    return 0;
}

int zt_field_text(struct zt_field f, const char *name, size_t max, char *why)
{
    if (zt_field_need(f, name, why))
        return -1;
    if (f.len > max)
        return zt_why(why, "field '%s' is longer than %zu characters", name, max);
    return 0;
}

int zt_field_on_roll(const struct zt_export *roll, struct zt_field f, uint32_t *idx, char *why)
{
    /* A UPN on the roll was checked when the roll was read: only one that
     * is not needs checking now. */
    char upn[ZT_UPN_LEN + 1] = "";
    long i = -1;
    if (f.len == ZT_UPN_LEN) {
        memcpy(upn, f.s, ZT_UPN_LEN);
        upn[ZT_UPN_LEN] = '\0';
        i = zt_export_find(roll, upn);
    }
    if (i >= 0) {
        *idx = (uint32_t)i;
        return 0;
    }
    if (zt_field_upn(f, why)) /* a valid UPN is ZT_UPN_LEN long: upn holds it already */
        return -1;
    struct zt_export_unread_pupil *unread = zt_export_unread(roll, upn);
    if (unread) {
        unread->skipped++;
        why[0] = '\0';
        return -1;
    }
    return zt_why(why, "field 'upn': %s is not on the school's roll (pupils.csv)", upn);
}
