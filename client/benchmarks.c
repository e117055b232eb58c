#include "benchmarks.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

void zt_benchmarks_default(struct zt_benchmarks *b)
{
    memset(b, 0, sizeof *b);
    for (int m = 0; m < ZT_M_COUNT; m++) {
        b->national[m] = NAN;
        b->margin[m] = zt_measures[m].amber_margin;
    }
}

/* A number with nothing after it into *out; NULL text leaves *out alone. */
static int number(const char *text, double *out)
{
    if (!text)
        return 0;
    char *end;
    double v = strtod(text, &end);
    if (end == text || *end || isnan(v) || v < 0)
        return -1;
    *out = v;
    return 0;
}

int zt_benchmarks_load(const char *path, struct zt_benchmarks *b, char *err, size_t errlen)
{
    enum { NKEYS = 1 + 2 * ZT_M_COUNT };
    char names[NKEYS][64];
    char *values[NKEYS] = {0};
    struct zt_conf_key keys[NKEYS];
    memset(keys, 0, sizeof keys);
    keys[0] = (struct zt_conf_key){"source", ZT_CONF_STR, 0, NULL, ZT_CONF_REQUIRED, 0, 0, NULL};
    for (int m = 0; m < ZT_M_COUNT; m++) {
        snprintf(names[1 + 2 * m], sizeof names[0], "%s", zt_measures[m].key);
        snprintf(names[2 + 2 * m], sizeof names[0], "%s_amber", zt_measures[m].key);
        for (int j = 1; j <= 2; j++)
            keys[j + 2 * m] = (struct zt_conf_key){names[j + 2 * m], ZT_CONF_STR,
                                                   (size_t)(j + 2 * m) * sizeof values[0], NULL, 0, 0, 0, NULL};
    }
    int rc = zt_conf_load(path, keys, NKEYS, values, err, errlen);
    for (int m = 0; rc == 0 && m < ZT_M_COUNT; m++) {
        if (number(values[1 + 2 * m], &b->national[m]) || number(values[2 + 2 * m], &b->margin[m])) {
            snprintf(err, errlen, "%s: %s: not a number", path,
                     number(values[1 + 2 * m], &b->national[m]) ? names[1 + 2 * m] : names[2 + 2 * m]);
            rc = -EINVAL;
        }
    }
    if (rc == 0)
        snprintf(b->source, sizeof b->source, "%s", values[0]);
    zt_conf_free(keys, NKEYS, values);
    return rc;
}
