#include "printable.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static int needs_escape(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Writes the escaped form of s into out (when not NULL); returns its length. */
static size_t escape(const char *s, char *out)
{
    size_t len = strlen(s), n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        size_t k = zt_utf8_char(s + i, len - i, &cp);
        char esc[12];
        const char *text = s + i;
        size_t tlen = k;
        if (k == 0) {
            snprintf(esc, sizeof esc, "\\x%02x", (unsigned char)s[i]);
            k = 1;
        } else if (needs_escape(cp)) {
            const char *named = cp == '\n' ? "\\n" : cp == '\r' ? "\\r" : cp == '\t' ? "\\t" : NULL;
            if (named)
                snprintf(esc, sizeof esc, "%s", named);
            else
                snprintf(esc, sizeof esc, cp < 0x80 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
        } else {
            esc[0] = '\0';
        }
        if (esc[0])
            text = esc, tlen = strlen(esc);
        if (out)
            memcpy(out + n, text, tlen);
        n += tlen;
        i += k;
    }
    return n;
}

char *zt_printable(const char *s)
{
    size_t n = escape(s, NULL);
    char *out = malloc(n + 1);
    if (out) {
        escape(s, out);
        out[n] = '\0';
    }
    return out;
}

static int rewrite(char **field)
{
    if (!*field || escape(*field, NULL) == strlen(*field))
        return 0; /* nothing to escape (an escape is always longer) */
    char *p = zt_printable(*field);
    if (!p)
        return -1;
    free(*field);
    *field = p;
    return 0;
}

int zt_printable_message(ProtobufCMessage *m)
{
    if (!m)
        return 0;
    const ProtobufCMessageDescriptor *d = m->descriptor;
    char *base = (char *)m;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_STRING && f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        /* a oneof's members share their storage: only the one set is real */
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && *(uint32_t *)(base + f->quantifier_offset) != f->id)
            continue;
        void **items = (void **)(base + f->offset);
        size_t n = 1;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            n = *(size_t *)(base + f->quantifier_offset);
            items = *(void ***)items;
        }
        for (size_t j = 0; j < n; j++) {
            if (f->type == PROTOBUF_C_TYPE_STRING ? rewrite((char **)&items[j])
                                                  : zt_printable_message(items[j]))
                return -1;
        }
    }
    return 0;
}
