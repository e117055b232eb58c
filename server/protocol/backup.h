/* Backups taken while zoned serves. Each backup is a compacted copy of its
 * own, made by a libuv worker thread so the event loop serves everyone else
 * while LMDB copies; its SHA-256 is worked out there too, over the bytes
 * as written, for the client to compare end to end. Copies live in
 * data_dir, unlinked at once so none can outlive zoned; only the
 * coordinator who asked may read one, and the last chunk read removes it.
 * All calls are made on the loop's thread. */
#ifndef ZT_BACKUP_H
#define ZT_BACKUP_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "file_digest.h"
#include "store.h"

#define ZT_BACKUPS_MAX 4 /* copies at once (each as big as the store) */

struct zt_backups;

/* The set for store, copies made in dir. Returns 0 or -ENOMEM. */
int zt_backups_init(uv_loop_t *loop, struct zt_store *store, const char *dir, struct zt_backups **out);

/* At shutdown: every copy is dropped; one being made is freed when its
 * thread ends (the loop runs until then). b may be NULL. */
void zt_backups_close(struct zt_backups *b);

/* Starts a copy for who. Returns 0 with *id, -EBUSY when ZT_BACKUPS_MAX
 * are under way or waiting to be read, or another negative error. */
int zt_backup_start(struct zt_backups *b, const char *who, uint64_t *id);

struct zt_backup_state {
    int ready;        /* 0: still copying */
    uint64_t size;    /* once ready */
    uint8_t sha256[ZT_SHA256_LEN];
};

/* Reads up to max bytes of who's copy id at offset into buf (*n: how
 * many; 0 while it is being made). Reading its last byte removes it.
 * Returns 0 with *st, -ENOENT (no such copy for who, or gone), -EINVAL (an
 * offset past its end), or the error that made the copy fail (the copy
 * is removed). */
int zt_backup_read(struct zt_backups *b, const char *who, uint64_t id, uint64_t offset, void *buf, size_t max,
                   size_t *n, struct zt_backup_state *st);

#endif
