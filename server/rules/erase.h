/* Removing a pupil's records: a lawful erasure of one pupil, and the daily
 * retention purge of pupils who left the zone long enough ago. One deletion
 * path serves both. */
#ifndef ZT_ERASE_H
#define ZT_ERASE_H

#include <stdint.h>

#include "date.h"
#include "store.h"
#include "upn_list.h"

/* Deletes every record of upn in every database; adds to *records how many.
 * Returns 0 or a store error. */
int zt_erase_pupil(struct zt_txn *txn, const char *upn, uint32_t *records);

/* The pupils whose every roll entry was left more than retention_days before
 * today, into *out; unless dry_run, their records are erased (counted in
 * *records) and a held purge (zt_purge_hold) is held no more. */
int zt_purge(struct zt_txn *txn, zt_date today, int64_t retention_days, int dry_run,
             struct zt_upn_list *out, uint32_t *records);

/* The daily purge is held from date on (a date jump would remove more
 * pupils than purge_confirm_above) until a purge is done by hand. */
int zt_purge_hold(struct zt_txn *txn, zt_date date);
/* 0 with *since when the purge is held, -ENOENT when not, or an error. */
int zt_purge_held(struct zt_txn *txn, zt_date *since);

#endif
