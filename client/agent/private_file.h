/* Files holding names or pupil-level data (SPEC §8): readable by the
 * agent's user only (0600), or by the configured output_group too (0640),
 * whatever the umask; written beside their final name and renamed, so
 * staff never open a half-written file. */
#ifndef ZT_PRIVATE_FILE_H
#define ZT_PRIVATE_FILE_H

#include <stdio.h>
#include <sys/types.h>

/* Creates path (truncating) with that mode; group (gid_t)-1 for none.
 * Returns the stream, or NULL with errno (nothing left behind). */
FILE *zt_private_open(const char *path, gid_t group);

/* Makes dir if missing: 0700, or 0750 to group. Returns 0, or -1 with
 * one line in err. */
int zt_private_dir(const char *dir, gid_t group, char *err, size_t errlen);

struct zt_private_file {
    FILE *f;
    char path[4096], tmp[4200];
};

/* Opens path's temporary neighbour for writing. Returns 0, or -1 with err. */
int zt_private_begin(struct zt_private_file *pf, const char *path, gid_t group, char *err, size_t errlen);

/* Flushes, syncs, closes and renames into place; on any failure the
 * temporary file is removed. Returns 0, or -1 with err. */
int zt_private_commit(struct zt_private_file *pf, char *err, size_t errlen);

/* zt_private_commit for n files that belong together: all are flushed
 * before any is synced, so one journal commit carries them all, and none
 * is renamed until every one is written whole. On any failure every
 * temporary file is removed. Returns 0, or -1 with err. */
int zt_private_commit_all(struct zt_private_file *pf, size_t n, char *err, size_t errlen);

/* Closes a begun file and removes it, leaving the final name alone. */
void zt_private_abort(struct zt_private_file *pf);

#endif
