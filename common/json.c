#include "json.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "utf8.h"

/* A file writer hands stdio blocks of this size: a listing of thousands of
 * alerts is one field call after another, and a stdio call each cost
 * several times the formatting. */
#define BLOCK 8192

void zt_json_init(struct zt_json *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->file = f;
}

static void flush(struct zt_json *w)
{
    if (w->file && w->len && fwrite(w->buf, 1, w->len, w->file) != w->len)
        w->failed = 1;
    w->len = 0;
}

/* Room for n more bytes and a NUL: a file writer first hands over what it
 * holds, a buffer grows. 0, or -1 with failed set. */
static int room(struct zt_json *w, size_t n)
{
    if (w->failed)
        return -1;
    if (w->file && w->len + n >= w->cap)
        flush(w);
    while (w->len + n >= w->cap)
        if (zt_grow(&w->buf, w->cap, &w->cap, 1, BLOCK)) {
            w->failed = 1;
            return -1;
        }
    return 0;
}

static inline void put(struct zt_json *w, const char *s, size_t n)
{
    if (w->len + n < w->cap || room(w, n) == 0) {
        memcpy(w->buf + w->len, s, n);
        w->len += n;
    }
}

static inline void put_c(struct zt_json *w, char c)
{
    if (w->len + 1 < w->cap || room(w, 1) == 0)
        w->buf[w->len++] = c;
}

static void indent(struct zt_json *w, int level)
{
    put_c(w, '\n');
    for (int i = 0; i < level; i++)
        put(w, "  ", 2);
}

/* A member's comma and line break (or space) inside the open container. */
static void separate(struct zt_json *w)
{
    struct zt_json_level *c = &w->open[w->depth - 1];
    if (c->members)
        put_c(w, ',');
    if (c->lines)
        indent(w, w->depth);
    else if (c->members)
        put_c(w, ' ');
    c->members = 1;
}

/* What goes before a value: nothing after its key or at the top, else its
 * separator in an array. A value in an object without a key is misuse. */
static void before_value(struct zt_json *w)
{
    if (w->after_key)
        w->after_key = 0;
    else if (w->depth && w->open[w->depth - 1].close == '}')
        w->failed = 1;
    else if (w->depth)
        separate(w);
}

static void begin(struct zt_json *w, char open, char close, enum zt_json_layout layout)
{
    before_value(w);
    if (w->depth == ZT_JSON_DEPTH) {
        w->failed = 1;
        return;
    }
    put_c(w, open);
    w->open[w->depth] = (struct zt_json_level){close, layout == ZT_JSON_LINES, 0};
    w->depth++;
}

void zt_json_object(struct zt_json *w, enum zt_json_layout layout)
{
    begin(w, '{', '}', layout);
}

void zt_json_array(struct zt_json *w, enum zt_json_layout layout)
{
    begin(w, '[', ']', layout);
}

void zt_json_end(struct zt_json *w)
{
    if (w->depth == 0 || w->after_key) {
        w->failed = 1;
        return;
    }
    w->depth--;
    if (w->open[w->depth].lines && w->open[w->depth].members)
        indent(w, w->depth);
    put_c(w, w->open[w->depth].close);
}

/* 1 for the bytes a string cannot hold as they are: control characters,
 * the quote, the backslash, and every byte of a multibyte character (to be
 * checked). A table: the scan runs over every byte written. */
static const unsigned char special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* Whether none of the eight bytes of x is special[]: no byte below 0x20
 * or from 0x80, none equal to the quote or the backslash (a byte of x ^ y
 * is zero where x's equals y's). Runs of plain text go eight at a time. */
static inline int plain8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    return !((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b) | x) & highs);
}

/* s[0..len) escaped, in quotes. */
static void quoted(struct zt_json *w, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t plain = 0, i = 0; /* s[plain..i) goes out as it is, in one copy */
    put_c(w, '"');
    for (;;) {
        uint64_t x;
        while (len - i >= 8 && (memcpy(&x, u + i, 8), plain8(x)))
            i += 8;
        while (i < len && !special[u[i]])
            i++;
        if (i == len)
            break;
        unsigned char c = u[i];
        uint32_t cp;
        size_t n = c >= 0x80 ? zt_utf8_char(s + i, len - i, &cp) : 0;
        if (n) {
            i += n;
            continue;
        }
        put(w, s + plain, i - plain);
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            put(w, esc, 2);
        } else if (c < 0x20) {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(w, esc, 6);
        } else {
            put(w, "\\ufffd", 6);
        }
        plain = ++i;
    }
    put(w, s + plain, len - plain);
    put_c(w, '"');
}

void zt_json_key(struct zt_json *w, const char *key)
{
    if (w->depth == 0 || w->open[w->depth - 1].close != '}' || w->after_key) {
        w->failed = 1;
        return;
    }
    separate(w);
    quoted(w, key, strlen(key));
    put(w, ": ", 2);
    w->after_key = 1;
}

void zt_json_strn(struct zt_json *w, const char *s, size_t len)
{
    before_value(w);
    quoted(w, s, len);
}

void zt_json_str(struct zt_json *w, const char *s)
{
    if (s)
        zt_json_strn(w, s, strlen(s));
    else
        zt_json_null(w);
}

/* A value written as it is: a number or a literal. */
static void bare(struct zt_json *w, const char *s, size_t len)
{
    before_value(w);
    put(w, s, len);
}

void zt_json_uint(struct zt_json *w, unsigned long long v)
{
    char buf[24];
    size_t n = 0;
    do
        buf[sizeof buf - 1 - n++] = (char)('0' + v % 10);
    while (v /= 10);
    bare(w, buf + sizeof buf - n, n);
}

void zt_json_num(struct zt_json *w, double v, int decimals)
{
    char buf[64];
    int n = isfinite(v) ? snprintf(buf, sizeof buf, "%.*f", decimals, v) : -1;
    if (n > 0 && (size_t)n < sizeof buf)
        bare(w, buf, (size_t)n);
    else
        zt_json_null(w);
}

void zt_json_bool(struct zt_json *w, int v)
{
    v ? bare(w, "true", 4) : bare(w, "false", 5);
}

void zt_json_null(struct zt_json *w)
{
    bare(w, "null", 4);
}

void zt_json_bits(struct zt_json *w, unsigned bits, const char *const *names, int n)
{
    zt_json_array(w, ZT_JSON_INLINE);
    for (int i = 0; i < n; i++)
        if (bits & (1u << i))
            zt_json_str(w, names[i]);
    zt_json_end(w);
}

void zt_json_kstr(struct zt_json *w, const char *key, const char *s)
{
    zt_json_key(w, key);
    zt_json_str(w, s);
}

void zt_json_kuint(struct zt_json *w, const char *key, unsigned long long v)
{
    zt_json_key(w, key);
    zt_json_uint(w, v);
}

void zt_json_knum(struct zt_json *w, const char *key, double v, int decimals)
{
    zt_json_key(w, key);
    zt_json_num(w, v, decimals);
}

void zt_json_kbool(struct zt_json *w, const char *key, int v)
{
    zt_json_key(w, key);
    zt_json_bool(w, v);
}

int zt_json_finish(struct zt_json *w)
{
    if (w->depth || w->after_key)
        w->failed = 1;
    if (!w->failed)
        flush(w);
    int rc = w->failed ? -1 : 0;
    free(w->buf);
    zt_json_init(w, w->file);
    return rc;
}

char *zt_json_take(struct zt_json *w)
{
    char *text = NULL;
    if (!w->file && w->depth == 0 && !w->after_key && room(w, 0) == 0) {
        w->buf[w->len] = '\0';
        text = w->buf;
        w->buf = NULL;
    }
    free(w->buf);
    zt_json_init(w, w->file);
    return text;
}
