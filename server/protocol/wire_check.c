#include "wire_check.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "utf8.h"

struct walk {
    char *why;
    size_t whylen;
    const char *path[8]; /* field names from the request down: requests nest 2 deep */
    int depth;
};

static int varint(const uint8_t *p, size_t len, size_t *pos, uint64_t *v)
{
    *v = 0;
    for (int shift = 0; shift < 64 && *pos < len; shift += 7) {
        uint8_t b = p[(*pos)++];
        *v |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80))
            return 0;
    }
    return -1;
}

static int fail(struct walk *w, const ProtobufCFieldDescriptor *f, const char *what)
{
    size_t n = (size_t)snprintf(w->why, w->whylen, "field %s", f ? f->name : "(unknown)");
    for (int i = 0; i < w->depth && n < w->whylen; i++)
        n += (size_t)snprintf(w->why + n, w->whylen - n, "%s%s", i ? "." : " of ", w->path[i]);
    if (n < w->whylen)
        snprintf(w->why + n, w->whylen - n, ": %s", what);
    return -1;
}

static int check_int32(struct walk *w, const ProtobufCFieldDescriptor *f, uint64_t raw)
{
    const int32_t v = (int32_t)(uint32_t)raw; /* as protobuf-c reads an int32 */
    const int month = !strcmp(f->name, "month");
    if (month ? v >= zt_date_month_index(ZT_DATE_MIN) && v <= zt_date_month_index(ZT_DATE_MAX)
              : zt_date_valid(v))
        return 0;
    char what[96];
    if (month)
        snprintf(what, sizeof what, "month %" PRId32 " is not a month from %d-01 to %d-12", v, ZT_YEAR_MIN,
                 ZT_YEAR_MAX);
    else
        snprintf(what, sizeof what, "day number %" PRId32 " is not a date from %d-01-01 to %d-12-31", v,
                 ZT_YEAR_MIN, ZT_YEAR_MAX);
    return fail(w, f, what);
}

static int walk_message(struct walk *w, const ProtobufCMessageDescriptor *d, const uint8_t *p, size_t len);

static int length_delimited(struct walk *w, const ProtobufCFieldDescriptor *f, const uint8_t *p, size_t n)
{
    if (!f)
        return 0;
    if (f->type == PROTOBUF_C_TYPE_STRING) {
        const char *problem = zt_text_problem((const char *)p, n);
        return problem ? fail(w, f, problem) : 0;
    }
    if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
        if (w->depth == (int)(sizeof w->path / sizeof w->path[0]))
            return fail(w, f, "nested too deep");
        w->path[w->depth++] = f->name;
        int rc = walk_message(w, f->descriptor, p, n);
        w->depth--;
        return rc;
    }
    if (f->type == PROTOBUF_C_TYPE_INT32) /* a packed repeated field */
        for (size_t pos = 0; pos < n;) {
            uint64_t v;
            if (varint(p, n, &pos, &v))
                return fail(w, f, "malformed");
            if (check_int32(w, f, v))
                return -1;
        }
    return 0;
}

static int walk_message(struct walk *w, const ProtobufCMessageDescriptor *d, const uint8_t *p, size_t len)
{
    for (size_t pos = 0; pos < len;) {
        uint64_t key, v;
        if (varint(p, len, &pos, &key) || key >> 3 > UINT32_MAX)
            return fail(w, NULL, "malformed");
        const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field(d, (unsigned)(key >> 3));
        switch (key & 7) {
        case 0:
            if (varint(p, len, &pos, &v))
                return fail(w, f, "malformed");
            if (f && f->type == PROTOBUF_C_TYPE_INT32 && check_int32(w, f, v))
                return -1;
            break;
        case 1:
        case 5: {
            size_t n = (key & 7) == 1 ? 8 : 4;
            if (len - pos < n)
                return fail(w, f, "malformed");
            pos += n;
            break;
        }
        case 2:
            if (varint(p, len, &pos, &v) || v > len - pos)
                return fail(w, f, "malformed");
            if (length_delimited(w, f, p + pos, (size_t)v))
                return -1;
            pos += (size_t)v;
            break;
        default: /* groups: protobuf-c does not decode them either */
            return fail(w, f, "malformed");
        }
    }
    return 0;
}

int zt_wire_check(const ProtobufCMessageDescriptor *desc, const uint8_t *data, size_t len, char *why,
                  size_t whylen)
{
    struct walk w = {.why = why, .whylen = whylen};
    why[0] = '\0';
    return walk_message(&w, desc, data, len);
}
