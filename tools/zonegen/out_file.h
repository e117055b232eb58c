/* An export file being written: a large stdio buffer, the first write
 * error kept (later writes are skipped) and named once, at close. */
#ifndef ZG_OUT_FILE_H
#define ZG_OUT_FILE_H

#include <stdio.h>

struct zg_out {
    char path[4096];
    FILE *f;
    char *vbuf;              /* the stdio buffer, owned */
    unsigned long long rows; /* rows written, not counting the header */
    int err;                 /* errno of the first failure */
};

/* Creates path. Returns 0, or -errno (close o all the same: it names the
 * file). */
int zg_out_open(struct zg_out *o, const char *path);

/* Writes s[n]: a header (zg_out_put) or one row (zg_out_row). */
void zg_out_put(struct zg_out *o, const char *s, size_t n);
void zg_out_row(struct zg_out *o, const char *s, size_t n);

/* Closes o; on any failure of it since opening prints one line naming the
 * file and returns -errno, else 0. */
int zg_out_close(struct zg_out *o);

#endif
