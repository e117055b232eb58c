/* Every record of one pupil, database by database: the one place that
 * knows which databases hold pupil records under a UPN prefix. */
#ifndef ZT_PUPIL_WALK_H
#define ZT_PUPIL_WALK_H

#include "store.h"

/* A callback per kind of record; NULL skips that kind. */
struct zt_pupil_walkers {
    zt_walk_fn roll, attendance, behaviour, assessment, health;
};

/* Walks the pupil's records in that order, stopping at the first non-zero
 * return, which is returned. */
int zt_pupil_walk(struct zt_txn *txn, const char *upn, const struct zt_pupil_walkers *w, void *arg);

#endif
