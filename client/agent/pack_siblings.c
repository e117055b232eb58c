#include "pack_siblings.h"

#include "svg_chart.h"

/* The siblings as of the zone's date: every alert carries the family as it
 * stands now, so the newest one will do (alerts come in raising order). */
static const Zt__Alert *newest_alert(const Zt__PupilReply *p)
{
    return p->n_alerts ? p->alerts[p->n_alerts - 1] : NULL;
}

void zt_pack_siblings(FILE *out, const Zt__PupilReply *p, const struct zt_export *roll)
{
    const Zt__Alert *a = newest_alert(p);
    if (!a || !a->n_siblings)
        return;
    fputs("<section><h2>Brothers and sisters at zone schools</h2>\n<ul>\n", out);
    for (size_t i = 0; i < a->n_siblings; i++) {
        const Zt__Sibling *s = a->siblings[i];
        long at = zt_export_find(roll, s->upn);
        fputs("<li>", out);
        if (at >= 0 && roll->pupils[at].name[0]) {
            zt_html_text(out, roll->pupils[at].name);
            fputs(", at this school", out);
        } else {
            fputs("A brother or sister at another zone school", out);
        }
        unsigned kind = s->has_open_alert ? s->open_alert : 0;
        fputs(kind == ZT__ALERT_KIND__ALERT_FAMILY_MEETING ? ": their school has been asked to invite the family too"
              : kind == ZT__ALERT_KIND__ALERT_WATCH        ? ": their school is keeping a closer eye"
                                                           : "",
              out);
        fputs(".</li>\n", out);
    }
    fputs("</ul></section>\n", out);
}
