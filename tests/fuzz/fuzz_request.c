/* libFuzzer target: what a hostile authenticated peer can send. Each input
 * is unpacked as zoned unpacks a frame (bounded, and checked on the wire:
 * server/protocol/inbound.h), then routed by zoned's own dispatch to the real
 * handler of its type, once as school 100001 and once as the coordinator,
 * against a real LMDB store in a temporary folder, and the answer is
 * packed as zoned packs it. Every request type runs: pushes, queries,
 * settings, support, backup, erasure and purge alike. At exit the target
 * prints how many inputs of each type reached their handler. */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dispatch.h"
#include "inbound.h"
#include "kept_pupils.h"
#include "request.h"
#include "service.h"
#include "store.h"
#include "zone.h"

#define KINDS 64 /* above the largest Request field number */

static char dir[64];
static struct zt_zone zone;
static struct zt_service svc = {.zone = &zone}; /* no server, backups or group commit */
static struct zt_identity school = {ZT_ROLE_SCHOOL, 100001, "school:100001"};
static struct zt_identity coordinator = {ZT_ROLE_COORDINATOR, 0, "coordinator:fuzz"};
static unsigned long answered[KINDS][2]; /* [type][0 answered, 1 refused with an error] */
static unsigned long refused_whole;

static void report(void)
{
    fprintf(stderr, "fuzz_request: %lu inputs refused before routing; by request type (answered/error):\n",
            refused_whole);
    for (unsigned i = 0; i < zt__request__descriptor.n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &zt__request__descriptor.fields[i];
        fprintf(stderr, "  %-15s %8lu %8lu\n", f->name, answered[f->id][0], answered[f->id][1]);
    }
    zt_store_close(zone.store);
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (e->d_name[0] != '.' || e->d_name[1] == 'b') /* the store's files and a backup copy */
            unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char err[256];
    snprintf(dir, sizeof dir, "/tmp/zt-fuzz-store-%d", (int)getpid());
    if (zt_store_open(dir, 0, &zone.store, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        abort();
    }
    zt_kept_pupils_watch(zone.store, ZT_KEPT_PUPILS_DEFAULT); /* as zoned does */
    zone.fixed_as_of = zt_date_from_ymd(2026, 3, 2);
    svc.started = (int64_t)time(NULL);
    atexit(report);
    return 0;
}

/* Routes req as who would send it and packs the answer, as zoned does. */
static void answer(const Zt__Request *req, const struct zt_identity *who)
{
    struct zt_arena arena = {0};
    Zt__Response resp = ZT__RESPONSE__INIT;
    struct zt_request r = {&svc, &zone, who, "fuzz", &arena, &resp};
    int greeted = 1;
    zt_dispatch_route(&r, &greeted, req, NULL);
    size_t n = zt__response__get_packed_size(&resp);
    uint8_t *buf = malloc(n ? n : 1);
    if (buf)
        zt__response__pack(&resp, buf);
    free(buf);
    if ((unsigned)req->body_case < KINDS)
        answered[req->body_case][resp.error != NULL]++;
    zt_arena_free(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct zt_inbound *in = zt_inbound_unpack(data, size); /* as zoned unpacks a frame */
    if (in && in->req) {
        answer(in->req, &school);
        answer(in->req, &coordinator);
    } else if (in) {
        refused_whole++;
    }
    zt_inbound_free(in);
    return 0;
}
