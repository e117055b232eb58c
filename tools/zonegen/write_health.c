#include "export_rows.h"

#include "csv_put.h"
#include "health.h"

const char zg_health_header[] = "event_id,upn,date,kind,severity\n";

void zg_write_health(struct zg_out *o, const char *upn, const char *date, int row, const struct zg_day *day)
{
    if (day->health_kind < 0)
        return;
    char line[512], *q = zg_put_id(line, 'H', date, row, 1);
    *q++ = ',';
    q = zg_put_str(q, upn);
    *q++ = ',';
    q = zg_put_str(q, date);
    *q++ = ',';
    q = zg_put_str(q, zg_health_kind_name(day->health_kind));
    *q++ = ',';
    q = zg_put_str(q, zg_severity_name(day->health_sev));
    *q++ = '\n';
    zg_out_row(o, line, (size_t)(q - line));
}
