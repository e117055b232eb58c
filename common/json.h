/* Writing JSON (issue #18): every JSON output of zonectl and the agent goes
 * through this writer, so each string is escaped one way and the text is
 * valid JSON whatever the zone holds.
 *
 * Strings: " and \ are escaped, control characters (below U+0020) written
 * \u00XX, and each byte that does not begin well-formed UTF-8 (utf8.h)
 * written \ufffd (U+FFFD): the listing still comes out when a school's
 * name is bad, and the replacement shows where.
 *
 * Layout: ", " between members, ": " after a key. A container begun with
 * ZT_JSON_LINES puts each member on a line of its own, indented two spaces
 * a level, and its closing bracket on its own line (a list of records a
 * script may grep line by line); ZT_JSON_INLINE keeps it on one line.
 * Commas come from a stack of the open containers: callers only say where
 * a container begins and ends. */
#ifndef ZT_JSON_H
#define ZT_JSON_H

#include <stddef.h>
#include <stdio.h>

enum zt_json_layout { ZT_JSON_INLINE, ZT_JSON_LINES };

#define ZT_JSON_DEPTH 16

struct zt_json {
    FILE *file;       /* written to in blocks; NULL: text kept in buf */
    char *buf;        /* malloc'd */
    size_t len, cap;
    int failed;       /* out of memory, a write error or misuse */
    int depth;
    int after_key;    /* a key was written: its value needs no comma */
    struct zt_json_level {
        char close;   /* ']' or '}' */
        char lines;   /* ZT_JSON_LINES */
        char members; /* none written yet: 0 */
    } open[ZT_JSON_DEPTH];
};

/* A writer to f (text goes out in blocks of some kilobytes, and at
 * zt_json_finish), or with f NULL to a growing buffer. */
void zt_json_init(struct zt_json *w, FILE *f);

/* Writes what is still held to the file, frees the writer's buffer and
 * returns 0, or -1 when memory ran out, a write failed, or a container is
 * still open or was closed twice. For a buffer writer, use zt_json_take. */
int zt_json_finish(struct zt_json *w);

/* A buffer writer's text, NUL-terminated and malloc'd (the caller frees
 * it), or NULL on the failures zt_json_finish names; the writer is left
 * empty either way. */
char *zt_json_take(struct zt_json *w);

void zt_json_object(struct zt_json *w, enum zt_json_layout layout);
void zt_json_array(struct zt_json *w, enum zt_json_layout layout);
/* Closes the innermost open object or array. */
void zt_json_end(struct zt_json *w);

/* A member's key inside an object; the next call writes its value. */
void zt_json_key(struct zt_json *w, const char *key);

/* Values. zt_json_str writes null for a NULL s; zt_json_num writes v with
 * that many decimals, or null when v is not a finite number. */
void zt_json_str(struct zt_json *w, const char *s);
void zt_json_strn(struct zt_json *w, const char *s, size_t len);
void zt_json_uint(struct zt_json *w, unsigned long long v);
void zt_json_num(struct zt_json *w, double v, int decimals);
void zt_json_bool(struct zt_json *w, int v);
void zt_json_null(struct zt_json *w);

/* An array of the names[i] whose bit (1 << i) is set in bits, i < n. */
void zt_json_bits(struct zt_json *w, unsigned bits, const char *const *names, int n);

/* A key with its value: the members most objects are made of. */
void zt_json_kstr(struct zt_json *w, const char *key, const char *s);
void zt_json_kuint(struct zt_json *w, const char *key, unsigned long long v);
void zt_json_knum(struct zt_json *w, const char *key, double v, int decimals);
void zt_json_kbool(struct zt_json *w, const char *key, int v);

#endif
