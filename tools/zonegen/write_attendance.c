#include "export_rows.h"

#include <string.h>

const char zg_attendance_header[] = "upn,date,session,code\n";

/* Two rows in one write: this file is most of the output. */
void zg_write_attendance(struct zg_out *o, const char *upn, const char *date, const struct zg_day *day)
{
    char line[64], *q = line;
    for (int sess = 0; sess < 2; sess++) {
        memcpy(q, upn, ZT_UPN_LEN);
        q += ZT_UPN_LEN;
        *q++ = ',';
        memcpy(q, date, 10);
        q += 10;
        memcpy(q, sess ? ",PM," : ",AM,", 4);
        q += 4;
        *q++ = sess ? day->pm : day->am;
        *q++ = '\n';
    }
    zg_out_put(o, line, (size_t)(q - line));
    o->rows += 2;
}
