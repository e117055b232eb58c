/* libFuzzer target: what a hostile authenticated peer can send. Each input
 * is unpacked as zoned unpacks a frame (into an arena of its own); a push
 * is then applied by the real ingest code to a real LMDB store inside a
 * write transaction that is always aborted,
 * so validation, upserts and the tipping engine all run on hostile values. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "inbound.h"
#include "ingest.h"
#include "store.h"
#include "thresholds.h"
#include "zonetrack.pb-c.h"

#define ABORT_TXN 1 /* any non-zero return from the txn body aborts it */

static struct zt_store *store;

struct job {
    const Zt__PushBatch *batch;
};

static int apply_and_abort(struct zt_txn *txn, void *arg)
{
    struct job *j = arg;
    struct zt_thresholds t;
    struct zt_ingest_result res = {0};
    zt_thresholds_default(&t);
    zt_ingest_batch(txn, 100001, j->batch, zt_date_from_ymd(2026, 3, 2), &t, &res);
    zt_ingest_result_free(&res);
    return ABORT_TXN;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char dir[64], err[256];
    snprintf(dir, sizeof dir, "/tmp/zt-fuzz-store-%d", (int)getpid());
    if (zt_store_open(dir, 0, &store, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct zt_inbound *in = zt_inbound_unpack(data, size); /* as zoned unpacks a frame */
    if (!in)
        return 0;
    if (in->req->body_case == ZT__REQUEST__BODY_PUSH) {
        struct job j = {in->req->push};
        zt_store_write(store, apply_and_abort, &j);
    }
    zt_inbound_free(in);
    return 0;
}
