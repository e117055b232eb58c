#include "sync_digest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "be32.h"
#include "date.h"
#include "grow.h"
#include "hash.h"

/* Canonical bytes of a unit's fields: fixed-width big-endian integers and
 * length-prefixed strings, so no two different rows share an encoding. */
struct enc {
    uint8_t buf[256];
    size_t len;
};

static void put_u32(struct enc *e, uint32_t v)
{
    uint8_t b[4];
    zt_be32(b, v);
    if (e->len + 4 <= sizeof e->buf)
        memcpy(e->buf + e->len, b, 4), e->len += 4;
}

static void put_bytes(struct enc *e, const void *p, size_t n)
{
    if (e->len + n <= sizeof e->buf)
        memcpy(e->buf + e->len, p, n), e->len += n;
}

static void put_str(struct enc *e, const char *s, size_t max)
{
    size_t n = strnlen(s, max);
    put_u32(e, (uint32_t)n);
    put_bytes(e, s, n);
}

static uint32_t tristate(protobuf_c_boolean has, protobuf_c_boolean v)
{
    return has ? (v ? 1 : 2) : 0;
}

/* Starts a unit: kind byte and natural key, which also open the digest. */
static void begin(struct zt_sync_unit *u, struct enc *e, enum zt_sync_kind kind, int32_t month)
{
    memset(u, 0, sizeof *u);
    u->kind = (uint8_t)kind;
    u->month = month;
    u->key[0] = (uint8_t)kind;
    u->klen = 1;
    e->len = 0;
}

static void key_bytes(struct zt_sync_unit *u, const void *p, size_t n)
{
    if (u->klen + n <= sizeof u->key)
        memcpy(u->key + u->klen, p, n), u->klen += n;
}

static void key_upn(struct zt_sync_unit *u, const char *upn)
{
    char padded[ZT_UPN_LEN] = {0};
    memcpy(padded, upn, strnlen(upn, ZT_UPN_LEN));
    key_bytes(u, padded, ZT_UPN_LEN);
}

/* XXH3, 64 bits: a unit is a few dozen bytes, and a fast hash of good
 * distribution is all a comparison of summaries needs (an accidental equal
 * sum is ~2^-64; whoever could contrive one writes the school's export and
 * so its data anyway). SHA-256 through EVP cost ~5,000 instructions a unit. */
static void finish(struct zt_sync_unit *u, const struct enc *e)
{
    uint8_t all[ZT_SYNC_KEY_MAX + sizeof e->buf];
    memcpy(all, u->key, u->klen);
    memcpy(all + u->klen, e->buf, e->len);
    u->digest = zt_hash64(all, u->klen + e->len);
}

void zt_sync_pupil(struct zt_sync_unit *u, const Zt__PupilRow *p)
{
    struct enc e;
    begin(u, &e, ZT_SYNC_PUPIL, 0);
    key_upn(u, p->upn);
    uint32_t f[] = {(uint32_t)p->entry_date, p->year_group, p->gender,
                    p->has_sen ? p->sen : 0, p->has_ethnicity ? p->ethnicity : 0,
                    p->has_idaci_decile ? p->idaci_decile : 0, tristate(p->has_fsm, p->fsm),
                    tristate(p->has_ever6, p->ever6), tristate(p->has_cic, p->cic),
                    tristate(p->has_eal, p->eal), tristate(p->has_gifted, p->gifted)};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        put_u32(&e, f[i]);
    /* Only a pupil with a family_id adds it: every other pupil's digest is
     * what it was before family_id existed, so agents' states stay valid,
     * and a family_id added, changed or dropped is a changed unit. */
    if (p->family_id && p->family_id[0])
        put_str(&e, p->family_id, 32);
    /* fsm_eligible likewise: only a school that supplies it changes its
     * pupils' digests. Its tag cannot be read as a family_id's length (at
     * most 32), so the two never share an encoding. */
    if (p->has_fsm_eligible)
        put_u32(&e, 0x454c4700u | tristate(1, p->fsm_eligible));
    finish(u, &e);
}

void zt_sync_attendance(struct zt_sync_unit *u, const char *upn, int32_t month,
                        const uint8_t codes[ZT_SYNC_SLOTS])
{
    struct enc e;
    begin(u, &e, ZT_SYNC_ATTENDANCE, month);
    key_upn(u, upn);
    uint8_t m[2] = {(uint8_t)((uint32_t)month >> 8), (uint8_t)month};
    key_bytes(u, m, 2);
    put_bytes(&e, codes, ZT_SYNC_SLOTS);
    finish(u, &e);
}

/* Incidents and health events are keyed by id alone: a corrected UPN or
 * date is a change of the same unit. */
static void begin_event(struct zt_sync_unit *u, struct enc *e, enum zt_sync_kind kind,
                        const char *id, const char *upn, int32_t date)
{
    begin(u, e, kind, zt_date_month_index(date));
    key_bytes(u, id, strnlen(id, ZT_SYNC_ID_MAX));
    put_str(e, upn, ZT_UPN_LEN);
    put_u32(e, (uint32_t)date);
}

void zt_sync_behaviour(struct zt_sync_unit *u, const Zt__BehaviourRow *b)
{
    struct enc e;
    begin_event(u, &e, ZT_SYNC_BEHAVIOUR, b->incident_id, b->upn, b->date);
    put_str(&e, b->category, ZT_SYNC_ID_MAX);
    put_u32(&e, b->points);
    put_u32(&e, b->action);
    put_u32(&e, b->has_days_x100 ? b->days_x100 + 1 : 0);
    finish(u, &e);
}

void zt_sync_health(struct zt_sync_unit *u, const Zt__HealthRow *h)
{
    struct enc e;
    begin_event(u, &e, ZT_SYNC_HEALTH, h->event_id, h->upn, h->date);
    put_str(&e, h->kind, ZT_SYNC_ID_MAX);
    put_u32(&e, h->severity);
    finish(u, &e);
}

void zt_sync_assessment(struct zt_sync_unit *u, const Zt__AssessmentRow *a)
{
    struct enc e;
    begin(u, &e, ZT_SYNC_ASSESSMENT, zt_date_month_index(a->date));
    key_upn(u, a->upn);
    uint8_t k[5] = {(uint8_t)a->subject};
    zt_be32(k + 1, (uint32_t)a->date);
    key_bytes(u, k, sizeof k);
    put_u32(&e, a->step);
    finish(u, &e);
}

static int cmp_bucket(uint8_t kind, int32_t month, const struct zt_sync_bucket *b)
{
    if (kind != b->kind)
        return kind < b->kind ? -1 : 1;
    return (month > b->month) - (month < b->month);
}

/* Index of (kind, month) or of where it would go. */
static size_t position(const struct zt_sync_buckets *s, uint8_t kind, int32_t month, int *found)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_bucket(kind, month, &s->b[mid]);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    *found = 0;
    return lo;
}

int zt_sync_buckets_add(struct zt_sync_buckets *s, uint8_t kind, int32_t month, uint64_t digest)
{
    return zt_sync_buckets_add_n(s, kind, month, 1, digest);
}

int zt_sync_buckets_add_n(struct zt_sync_buckets *s, uint8_t kind, int32_t month, uint32_t count,
                          uint64_t digest)
{
    int found;
    size_t i = position(s, kind, month, &found);
    if (!found) {
        if (zt_grow(&s->b, s->n, &s->cap, sizeof *s->b, 32))
            return -ENOMEM;
        memmove(&s->b[i + 1], &s->b[i], (s->n - i) * sizeof *s->b);
        s->b[i] = (struct zt_sync_bucket){.kind = kind, .month = month};
        s->n++;
    }
    s->b[i].count += count;
    s->b[i].digest += digest;
    return 0;
}

const struct zt_sync_bucket *zt_sync_buckets_find(const struct zt_sync_buckets *s, uint8_t kind,
                                                  int32_t month)
{
    int found;
    size_t i = position(s, kind, month, &found);
    return found ? &s->b[i] : NULL;
}

void zt_sync_buckets_free(struct zt_sync_buckets *s)
{
    free(s->b);
    memset(s, 0, sizeof *s);
}
