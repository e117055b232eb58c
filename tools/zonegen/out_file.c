#include "out_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define OUT_BUFFER (1u << 20) /* rows are short: fewer, larger writes */

static int last_errno(void)
{
    return errno ? errno : EIO;
}

int zg_out_open(struct zg_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    snprintf(o->path, sizeof o->path, "%s", path);
    o->f = fopen(path, "w");
    if (!o->f) {
        o->err = last_errno();
        return -o->err;
    }
    o->vbuf = malloc(OUT_BUFFER);
    if (o->vbuf) /* without it stdio's own buffer serves */
        setvbuf(o->f, o->vbuf, _IOFBF, OUT_BUFFER);
    return 0;
}

void zg_out_put(struct zg_out *o, const char *s, size_t n)
{
    if (o->err)
        return;
    if (fwrite(s, 1, n, o->f) != n)
        o->err = last_errno();
}

void zg_out_row(struct zg_out *o, const char *s, size_t n)
{
    zg_out_put(o, s, n);
    o->rows++;
}

int zg_out_close(struct zg_out *o)
{
    int err = o->err;
    if (o->f) {
        if (!err && (fflush(o->f) != 0 || ferror(o->f)))
            err = last_errno();
        if (fclose(o->f) != 0 && !err)
            err = last_errno();
        o->f = NULL;
    }
    free(o->vbuf);
    o->vbuf = NULL;
    if (err) {
        fprintf(stderr, "zonegen: cannot write %s: %s\n", o->path, strerror(err));
        return -err;
    }
    return 0;
}
