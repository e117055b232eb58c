/* Delta sync units (proto/sync.proto): one row by its natural key, with a
 * 64-bit digest of its fields and the month bucket it is summed in. The
 * agent computes them from its export, zoned from its store; both call these
 * functions so the two sides agree byte for byte. */
#ifndef ZT_SYNC_DIGEST_H
#define ZT_SYNC_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "upn.h"
#include "zonetrack.pb-c.h"

/* The values of Zt__RecordKind. */
enum zt_sync_kind {
    ZT_SYNC_PUPIL,
    ZT_SYNC_ATTENDANCE,
    ZT_SYNC_BEHAVIOUR,
    ZT_SYNC_ASSESSMENT,
    ZT_SYNC_HEALTH,
    ZT_SYNC_KINDS
};

#define ZT_SYNC_SLOTS 62
#define ZT_SYNC_ID_MAX 32
/* kind(1) then: upn | upn month(2) | id | upn subject(1) date(4) | id */
#define ZT_SYNC_KEY_MAX (1 + ZT_UPN_LEN + 1 + 4 + ZT_SYNC_ID_MAX)

struct zt_sync_unit {
    uint8_t kind;
    int32_t month; /* bucket: months since 2000-01; 0 for pupils */
    uint8_t key[ZT_SYNC_KEY_MAX];
    size_t klen;
    uint64_t digest;
};

/* Each fills u from one row. Strings are NUL-terminated; ids longer than
 * ZT_SYNC_ID_MAX are cut (they are refused anyway). */
void zt_sync_pupil(struct zt_sync_unit *u, const Zt__PupilRow *p);
void zt_sync_attendance(struct zt_sync_unit *u, const char *upn, int32_t month,
                        const uint8_t codes[ZT_SYNC_SLOTS]);
void zt_sync_behaviour(struct zt_sync_unit *u, const Zt__BehaviourRow *b);
void zt_sync_assessment(struct zt_sync_unit *u, const Zt__AssessmentRow *a);
void zt_sync_health(struct zt_sync_unit *u, const Zt__HealthRow *h);

/* Per-bucket summaries: count and digest sum, kept sorted by (kind, month). */
struct zt_sync_bucket {
    uint8_t kind;
    int32_t month;
    uint32_t count;
    uint64_t digest;
};

struct zt_sync_buckets {
    struct zt_sync_bucket *b; /* owned */
    size_t n, cap;
};

/* Adds one unit to its bucket. Returns 0 or -ENOMEM. */
int zt_sync_buckets_add(struct zt_sync_buckets *s, uint8_t kind, int32_t month, uint64_t digest);
/* Adds count units whose digests sum to digest (a whole bucket from the wire). */
int zt_sync_buckets_add_n(struct zt_sync_buckets *s, uint8_t kind, int32_t month, uint32_t count,
                          uint64_t digest);

/* The bucket (kind, month), or NULL when empty. */
const struct zt_sync_bucket *zt_sync_buckets_find(const struct zt_sync_buckets *s, uint8_t kind,
                                                  int32_t month);

void zt_sync_buckets_free(struct zt_sync_buckets *s);

#endif
