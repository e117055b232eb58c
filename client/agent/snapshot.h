/* One consistent set of the MIS export files, read into memory: never half
 * a file the export job is still writing. The set is taken when either
 *  - export.ready exists and no export file is newer than it (the export
 *    job touches it after writing every file), or
 *  - without export.ready, no file has changed for settle_ms (size and
 *    modification time, seen unchanged that long or last modified that
 *    long ago);
 * then every file is read once and checked again: a file that changed while
 * being read makes the agent wait and read the whole set again. After
 * wait_ms the agent gives up with an error naming the file. */
#ifndef ZT_AGENT_SNAPSHOT_H
#define ZT_AGENT_SNAPSHOT_H

#include <stddef.h>

#define ZT_READY_MARKER "export.ready"

struct zt_snapshot_file {
    const char *name;
    char *data; /* owned; NULL when the file is missing */
    size_t len;
};

struct zt_snapshot {
    struct zt_snapshot_file files[7]; /* the five SPEC §3 files, leavers.csv and deletions.csv */
};

/* Returns 0, or -1 with one line in err. Free with zt_snapshot_free. */
int zt_snapshot_take(struct zt_snapshot *s, const char *dir, long settle_ms, long wait_ms,
                     char *err, size_t errlen);

/* The file called name, or NULL when it is not part of the set. */
const struct zt_snapshot_file *zt_snapshot_get(const struct zt_snapshot *s, const char *name);

/* Whether the export holds name: in s when the files were read into one
 * (NULL: read from dir), else in dir, where errno says why not (access). */
int zt_snapshot_holds(const struct zt_snapshot *s, const char *dir, const char *name);

void zt_snapshot_free(struct zt_snapshot *s);

#endif
