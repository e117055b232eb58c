#include "export.h"

#include <stdio.h>
#include <string.h>

#include "csv_put.h"
#include "out_file.h"

int zg_write_zone_csv(const struct zg_zone *z)
{
    char path[4096];
    struct zg_out o;
    snprintf(path, sizeof path, "%s/zone.csv", z->opt.out);
    if (zg_out_open(&o, path) != 0)
        return zg_out_close(&o);
    static const char header[] = "urn,name,cluster\n";
    zg_out_put(&o, header, sizeof header - 1);
    for (int i = 0; i < z->opt.nschools; i++) {
        const struct zg_school *s = &z->schools[i];
        char line[256], *q = line;
        q = zg_put_int(q, s->urn);
        *q++ = ',';
        q = zg_put_field(q, s->name);
        *q++ = ',';
        q = zg_put_str(q, zg_cluster_name(s));
        *q++ = '\n';
        zg_out_row(&o, line, (size_t)(q - line));
    }
    return zg_out_close(&o);
}
