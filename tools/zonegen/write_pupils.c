#include "export_rows.h"

#include "csv_put.h"
#include "names.h"

const char zg_pupils_header[] = "upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,"
                                "ethnicity,gifted,idaci_decile\n";

static char *put_yn(char *q, int yes) /* Y/N, as zone-agent's parse_yn reads them */
{
    *q++ = ',';
    *q++ = yes ? 'Y' : 'N';
    return q;
}

void zg_write_pupils(struct zg_out *o, const struct zg_zone *z, const struct zg_school *s)
{
    for (size_t i = 0; i < s->nroll; i++) {
        const struct zg_roll *e = &s->roll[i];
        const struct zg_pupil *p = &z->pupils[e->pupil];
        char line[512], *q = line, date[ZT_DATE_STRLEN];
        q = zg_put_str(q, p->upn);
        *q++ = ',';
        q = zg_put_field(q, p->name);
        *q++ = ',';
        q = zg_put_year(q, p->year_group);
        *q++ = ',';
        *q++ = p->gender;
        *q++ = ',';
        q = zg_put_str(q, zt_date_format(e->entry, date));
        q = put_yn(q, p->fsm);
        q = put_yn(q, p->ever6);
        q = put_yn(q, p->cic);
        *q++ = ',';
        *q++ = p->sen;
        q = put_yn(q, p->eal);
        *q++ = ',';
        q = zg_put_str(q, zg_ethnicities[p->eth].code);
        q = put_yn(q, p->gifted);
        *q++ = ',';
        if (p->idaci) /* 0: not known, an empty field */
            q = zg_put_int(q, p->idaci);
        *q++ = '\n';
        zg_out_row(o, line, (size_t)(q - line));
    }
}
