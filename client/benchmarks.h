/* National benchmarks for the RAG ratings: a small `key = value` file
 * (deploy/national-benchmarks.conf) naming its source and year, one value
 * per measure of common/gap_measures.h and optionally its amber margin
 * (`<measure>_amber`). Editable by the zone: nothing is compiled in. */
#ifndef ZT_BENCHMARKS_H
#define ZT_BENCHMARKS_H

#include <stddef.h>

#include "gap_measures.h"

struct zt_benchmarks {
    char source[200];              /* "" when no file was read */
    double national[ZT_M_COUNT];   /* NAN when the file gives none */
    double margin[ZT_M_COUNT];     /* amber margin, points */
};

/* No national figures; the default margins of zt_measures. */
void zt_benchmarks_default(struct zt_benchmarks *b);

/* Reads path over the defaults. Returns 0, or -EINVAL with "FILE:LINE: reason"
 * in err (unknown key, a value that is not a number). */
int zt_benchmarks_load(const char *path, struct zt_benchmarks *b, char *err, size_t errlen);

#endif
