/* A fresh folder for each unit test (cmocka setup and teardown): the
 * test's state is a struct tmp_dir, removed with all it holds after. */
#ifndef ZT_TMP_DIR_H
#define ZT_TMP_DIR_H

#include <stdio.h>
#include <stdlib.h>

struct tmp_dir {
    char path[64];
};

static inline int tmp_dir_setup(void **state)
{
    struct tmp_dir *d = calloc(1, sizeof *d);
    if (!d)
        return -1;
    snprintf(d->path, sizeof d->path, "/tmp/zt-unit-XXXXXX");
    if (!mkdtemp(d->path)) {
        free(d);
        return -1;
    }
    *state = d;
    return 0;
}

static inline int tmp_dir_teardown(void **state)
{
    struct tmp_dir *d = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->path);
    int rc = system(cmd);
    free(d);
    return rc;
}

#endif
