#include "export_rows.h"

#include "csv_put.h"
#include "incidents.h"

const char zg_behaviour_header[] = "incident_id,upn,date,category,points,action,days\n";

void zg_write_behaviour(struct zg_out *o, const char *upn, const char *date, int row, const struct zg_day *day)
{
    for (int n = 0; n < day->nincidents; n++) {
        const struct zg_incident *inc = &day->inc[n];
        char line[512], *q = zg_put_id(line, 'B', date, row, n + 1);
        *q++ = ',';
        q = zg_put_str(q, upn);
        *q++ = ',';
        q = zg_put_str(q, date);
        *q++ = ',';
        q = zg_put_str(q, zg_category_name(inc->cat));
        *q++ = ',';
        q = zg_put_int(q, inc->points);
        *q++ = ',';
        q = zg_put_str(q, zg_action_name(inc->action));
        *q++ = ',';
        if (inc->action == ZG_ACT_SUSPENSION) { /* days: only a suspension has them */
            if (inc->halves == 1)
                q = zg_put_str(q, "0.5");
            else
                q = zg_put_int(q, inc->halves / 2);
        }
        *q++ = '\n';
        zg_out_row(o, line, (size_t)(q - line));
    }
}
