#include "pack_siblings.h"

#include <string.h>

#include "svg_chart.h"

/* The repeated message field `name` of m: its items and count, or 0. */
static size_t repeated(const ProtobufCMessage *m, const char *name, ProtobufCMessage ***items)
{
    const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(m->descriptor, name);
    if (!f || f->label != PROTOBUF_C_LABEL_REPEATED || f->type != PROTOBUF_C_TYPE_MESSAGE)
        return 0;
    *items = *(ProtobufCMessage ***)((char *)m + f->offset);
    return *(size_t *)((char *)m + f->quantifier_offset);
}

static const char *string_field(const ProtobufCMessage *m, const char *name)
{
    const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(m->descriptor, name);
    return f && f->type == PROTOBUF_C_TYPE_STRING && f->label != PROTOBUF_C_LABEL_REPEATED
               ? *(const char **)((const char *)m + f->offset)
               : NULL;
}

/* The first of the names that is a set integer or enum field, or 0. */
static unsigned kind_field(const ProtobufCMessage *m)
{
    static const char *const names[] = {"alert_kind", "open_alert", "alert", "kind"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(m->descriptor, names[i]);
        if (!f || f->label == PROTOBUF_C_LABEL_REPEATED ||
            (f->type != PROTOBUF_C_TYPE_UINT32 && f->type != PROTOBUF_C_TYPE_ENUM))
            continue;
        if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->quantifier_offset &&
            !*(const protobuf_c_boolean *)((const char *)m + f->quantifier_offset))
            return 0;
        return *(const uint32_t *)((const char *)m + f->offset);
    }
    return 0;
}

void zt_pack_siblings(FILE *out, const Zt__PupilReply *p, const struct zt_export *roll)
{
    ProtobufCMessage **sib = NULL;
    size_t n = repeated(&p->base, "siblings", &sib);
    for (size_t i = 0; !n && i < p->n_alerts; i++)
        if (p->alerts[i]->open)
            n = repeated(&p->alerts[i]->base, "siblings", &sib);
    if (!n)
        return;
    fputs("<section><h2>Brothers and sisters at zone schools</h2>\n<ul>\n", out);
    for (size_t i = 0; i < n; i++) {
        const char *upn = string_field(sib[i], "upn");
        long at = upn ? zt_export_find(roll, upn) : -1;
        unsigned kind = kind_field(sib[i]);
        fputs("<li>", out);
        if (at >= 0 && roll->pupils[at].name[0]) {
            zt_html_text(out, roll->pupils[at].name);
            fputs(", at this school", out);
        } else {
            fputs("A brother or sister at another zone school", out);
        }
        fputs(kind == ZT__ALERT_KIND__ALERT_FAMILY_MEETING ? ": their school has been asked to invite the family too"
              : kind == ZT__ALERT_KIND__ALERT_WATCH        ? ": their school is keeping a closer eye"
                                                           : "",
              out);
        fputs(".</li>\n", out);
    }
    fputs("</ul></section>\n", out);
}
