#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

int zt_ctl_json_done(struct zt_json *w)
{
    FILE *f = w->file;
    /* flushed here, not at exit: a full disk is a failure the script sees */
    if (zt_json_finish(w) != 0 || fputc('\n', f) == EOF || fflush(f) != 0) {
        fprintf(stderr, "zonectl: the JSON could not be written: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
