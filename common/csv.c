#include "csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grow.h"
#include "utf8.h"

static int push_field(struct zt_csv *c, const char *s, size_t len)
{
    if (ZT_GROW(c->fields, c->nfields, c->cap, 16))
        return -1;
    c->fields[c->nfields++] = (struct zt_field){s, len};
    return 0;
}

/* Skips to just past the next line end, counting lines. */
static void skip_line(struct zt_csv *c)
{
    while (c->pos < c->len && c->buf[c->pos] != '\n')
        c->pos++;
    if (c->pos < c->len) {
        c->pos++;
        c->next_line++;
    }
}

/* The bytes that end an unquoted field's scan: its end, or a quote that
 * may not be there. */
static const unsigned char field_stop[256] = {[','] = 1, ['\n'] = 1, ['"'] = 1};

/* Parses one record starting at c->pos. Quoted fields are unescaped in
 * place: the write cursor never passes the read cursor. */
static int parse_record(struct zt_csv *c)
{
    char *b = c->buf;
    c->nfields = 0;
    c->line = c->next_line;
    for (;;) {
        size_t start = c->pos;
        if (c->pos < c->len && b[c->pos] == '"') {
            size_t out = ++c->pos;
            start = out;
            for (;;) {
                if (c->pos >= c->len) {
                    snprintf(c->error, sizeof c->error, "unterminated quoted field");
                    return -1;
                }
                char ch = b[c->pos++];
                if (ch == '"') {
                    if (c->pos < c->len && b[c->pos] == '"') {
                        b[out++] = '"';
                        c->pos++;
                        continue;
                    }
                    break;
                }
                if (ch == '\n')
                    c->next_line++;
                b[out++] = ch;
            }
            if (push_field(c, b + start, out - start))
                return -1;
            if (c->pos < c->len && b[c->pos] != ',' && b[c->pos] != '\n' &&
                !(b[c->pos] == '\r' && (c->pos + 1 == c->len || b[c->pos + 1] == '\n'))) {
                snprintf(c->error, sizeof c->error, "text after a closing quote");
                skip_line(c);
                return -1;
            }
        } else {
            /* One look-up a byte, no bound check: the buffer ends in a
             * '\n' sentinel (start()), one past len. A local: c->pos++
             * would be stored at every byte. */
            size_t end = start;
            while (!field_stop[(unsigned char)b[end]])
                end++;
            if (b[end] == '"') {
                snprintf(c->error, sizeof c->error, "quote inside an unquoted field");
                c->pos = end;
                skip_line(c);
                return -1;
            }
            c->pos = end;
            if (end > start && b[end - 1] == '\r' && (end == c->len || b[end] == '\n'))
                end--;
            if (push_field(c, b + start, end - start))
                return -1;
        }
        if (c->pos >= c->len)
            return 1;
        if (b[c->pos] == '\r')
            c->pos++;
        if (c->pos >= c->len)
            return 1;
        if (b[c->pos] == '\n') {
            c->pos++;
            c->next_line++;
            return 1;
        }
        c->pos++; /* the comma */
    }
}

static int is_blank_line(const struct zt_csv *c)
{
    size_t p = c->pos;
    if (p < c->len && c->buf[p] == '\r')
        p++;
    return p >= c->len || c->buf[p] == '\n';
}

/* A row is text: a NUL byte or invalid UTF-8 in any field makes it a bad
 * row, named by its column (the header itself by position). */
static int check_text(struct zt_csv *c)
{
    for (size_t i = 0; i < c->nfields; i++) {
        const char *why = zt_text_problem(c->fields[i].s, c->fields[i].len);
        if (!why)
            continue;
        if (i < c->ncols)
            snprintf(c->error, sizeof c->error, "field '%.40s': %s", c->header[i], why);
        else
            snprintf(c->error, sizeof c->error, "field %zu: %s", i + 1, why);
        return -1;
    }
    return 0;
}

int zt_csv_next(struct zt_csv *c)
{
    while (c->pos < c->len && is_blank_line(c))
        skip_line(c);
    if (c->pos >= c->len)
        return 0;
    return parse_record(c) < 0 || (!c->clean && check_text(c)) ? -1 : 1;
}

static int read_header(struct zt_csv *c, char *err, size_t errlen)
{
    int r = zt_csv_next(c);
    if (r <= 0) {
        snprintf(err, errlen, "%s:1: %s", c->name, r == 0 ? "empty file, no header row" : c->error);
        return -1;
    }
    c->header = calloc(c->nfields, sizeof *c->header);
    if (!c->header) {
        snprintf(err, errlen, "%s: out of memory", c->name);
        return -1;
    }
    c->ncols = c->nfields;
    for (size_t i = 0; i < c->nfields; i++) {
        c->header[i] = strndup(c->fields[i].s, c->fields[i].len);
        if (!c->header[i]) {
            snprintf(err, errlen, "%s: out of memory", c->name);
            return -1;
        }
    }
    return 0;
}

/* c->buf holds c->len bytes and room for one more. */
static int start(struct zt_csv *c, const char *name, char *err, size_t errlen)
{
    static const char bom[] = "\xEF\xBB\xBF";
    c->buf[c->len] = '\n'; /* ends every unquoted field's scan (parse_record) */
    c->name = name;
    c->line = c->next_line = 1;
    if (c->len >= 3 && memcmp(c->buf, bom, 3) == 0)
        c->pos = 3;
    c->clean = zt_text_problem(c->buf, c->len) == NULL; /* one fast pass spares each row its check */
    if (read_header(c, err, errlen)) {
        zt_csv_close(c);
        return -1;
    }
    return 0;
}

int zt_csv_open_buffer(struct zt_csv *c, const char *name, const char *data, size_t len,
                       char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->buf = malloc(len + 1); /* and the sentinel */
    if (!c->buf) {
        snprintf(err, errlen, "%s: out of memory", name);
        return -1;
    }
    memcpy(c->buf, data, len);
    c->len = len;
    return start(c, name, err, errlen);
}

int zt_csv_open(struct zt_csv *c, const char *path, const char *name, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        snprintf(err, errlen, "%s: %s", name, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    size_t size = (size_t)st.st_size;
    c->buf = malloc(size + 1); /* and the sentinel */
    size_t got = 0;
    while (c->buf && got < size) {
        ssize_t n = read(fd, c->buf + got, size - got);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    if (!c->buf || got != size) {
        snprintf(err, errlen, "%s: %s", name, c->buf ? "short read (file changed?)" : "out of memory");
        free(c->buf);
        c->buf = NULL;
        return -1;
    }
    c->len = size;
    return start(c, name, err, errlen);
}

int zt_csv_column(const struct zt_csv *c, const char *name)
{
    for (size_t i = 0; i < c->ncols; i++)
        if (strcmp(c->header[i], name) == 0)
            return (int)i;
    return -1;
}

struct zt_field zt_csv_get(const struct zt_csv *c, int col)
{
    if (col < 0 || (size_t)col >= c->nfields)
        return (struct zt_field){"", 0};
    return c->fields[col];
}

void zt_csv_close(struct zt_csv *c)
{
    if (c->header)
        for (size_t i = 0; i < c->ncols; i++)
            free(c->header[i]);
    free(c->header);
    free(c->fields);
    free(c->buf);
    memset(c, 0, sizeof *c);
}
