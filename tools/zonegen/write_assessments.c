#include "export_rows.h"

#include "assessment.h"
#include "csv_put.h"

const char zg_assessments_header[] = "upn,subject,date,step\n";

void zg_write_assessments(struct zg_out *o, const struct zg_pupil *p, int secondary, const char *date, zt_date d)
{
    for (int sub = 0; sub < zg_subject_count(secondary); sub++) {
        char line[512], *q = zg_put_str(line, p->upn);
        *q++ = ',';
        q = zg_put_str(q, zg_subject_name(secondary, sub));
        *q++ = ',';
        q = zg_put_str(q, date);
        *q++ = ',';
        q = zg_put_str(q, zg_assessment_step(p, secondary, sub, d));
        *q++ = '\n';
        zg_out_row(o, line, (size_t)(q - line));
    }
}
