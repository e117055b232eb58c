/* Applies one school's push batch inside a write transaction: validates each
 * row again (the agent is trusted for nothing), refuses rows for pupils not
 * on the pushing school's roll, upserts by the natural keys of SPEC §3 so a
 * re-push changes nothing, and re-evaluates exactly the pupils it touched. */
#ifndef ZT_INGEST_H
#define ZT_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "store.h"
#include "thresholds.h"
#include "zonetrack.pb-c.h"

struct zt_ingest_reject {
    Zt__RecordKind kind;
    uint32_t index;
    char reason[96];
};

struct zt_ingest_result {
    uint32_t stored, unchanged;
    uint32_t deleted; /* records deleted (register marks singly), SPEC §3a */
    int replayed;
    int bad_id; /* the batch id is not 16 bytes: refused whole, nothing written */
    struct zt_ingest_reject *rejects; /* owned; free with zt_ingest_result_free */
    size_t nrejects, cap;
    size_t pupils_evaluated;
};

/* The whole batch for school urn, in txn. Returns 0 (rows may still be
 * rejected, or the batch refused whole for its id: see *res) or a store
 * error, in which case nothing may be kept.
 * Resets *res first, so it can run again after a map-full retry. */
int zt_ingest_batch(struct zt_txn *txn, uint32_t urn, const Zt__PushBatch *batch, zt_date as_of,
                    const struct zt_thresholds *t, struct zt_ingest_result *res);

/* One school's push in a group: urn and batch in, rc and res out. */
struct zt_push_job {
    uint32_t urn;
    const Zt__PushBatch *batch;
    int rc; /* 0 or a store error */
    struct zt_ingest_result res;
};

/* Group commit: the jobs in one write transaction, in order, and one
 * durable commit for all of them; returns once it is on disk. Each job's
 * answer is its own: when the transaction fails, every job is tried again
 * alone, so one push that cannot be stored fails no other. Free each res. */
void zt_ingest_push_group(struct zt_store *s, struct zt_push_job *jobs, size_t n, zt_date as_of);

void zt_ingest_result_free(struct zt_ingest_result *res);

/* A date the zone accepts in a record (1990-2199). */
int zt_ingest_date_ok(int32_t d);

/* Writes val under key unless the same bytes are there already.
 * Returns 1 stored, 0 unchanged, negative on error. */
int zt_ingest_upsert(struct zt_txn *txn, enum zt_db db, const uint8_t *key, size_t klen, const void *val,
                     size_t vlen);

#endif
