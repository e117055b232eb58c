/* The agent's local record of what the zone has acknowledged: one entry a
 * delta-sync unit (common/sync_digest.h), kept in LMDB under state_dir so it
 * survives reboots. Entries are read from the map where they lie (a day's
 * run touches its month's pages, not the whole state). An entry is written
 * only after the zone durably committed the row it stands for. */
#ifndef ZT_AGENT_STATE_H
#define ZT_AGENT_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "sync_digest.h"

struct zt_state_entry {
    uint8_t key[ZT_SYNC_KEY_MAX];
    uint8_t klen;
    uint8_t has_codes;
    int32_t month;
    uint64_t digest;
    uint8_t codes[ZT_SYNC_SLOTS]; /* attendance: the marks the zone holds */
    char upn[ZT_UPN_LEN + 1];     /* incident, health event: its pupil; "" when not known */
};

struct zt_state {
    void *env;  /* MDB_env */
    void *read; /* MDB_txn: what finds and walks see, renewed after each apply */
    unsigned dbi;
    uint8_t last_batch[16]; /* the last batch the zone acknowledged, when has_last_batch */
    int has_last_batch;
};

/* Opens (creating) dir/NAME.mdb, NAME being identity with ':' as '-'.
 * Returns 0, or a negative error (common/err.h) with a one-line reason in
 * err. */
int zt_state_open(struct zt_state *s, const char *dir, const char *identity, char *err,
                  size_t errlen);
void zt_state_close(struct zt_state *s);

/* 1 with *out filled when key has an entry, else 0. */
int zt_state_find(const struct zt_state *s, const uint8_t *key, size_t klen, struct zt_state_entry *out);

/* Calls fn for every entry of one kind (enum zt_sync_kind), stopping at a
 * non-zero return, which is returned. Returns 0, that, or a negative error
 * reading the state. */
int zt_state_each(const struct zt_state *s, int kind,
                  int (*fn)(const struct zt_state_entry *e, void *arg), void *arg);

/* Count and digest sum of each bucket, as zoned computes its own.
 * Returns 0 or a negative error (-ENOMEM, or reading the state). */
int zt_state_summary(const struct zt_state *s, struct zt_sync_buckets *out);

/* In one durable transaction: deletes every entry whose bucket is in drop
 * (may be NULL), deletes the entries keyed as del[0..ndel), writes
 * put[0..nput), and records batch_id (16 bytes, may be NULL) as the last
 * batch the zone acknowledged. Finds see the change once it is committed.
 * Returns 0, or a negative error with a one-line reason in err. */
int zt_state_apply(struct zt_state *s, const struct zt_sync_buckets *drop,
                   const struct zt_state_entry *del, size_t ndel,
                   const struct zt_state_entry *put, size_t nput, const uint8_t *batch_id,
                   char *err, size_t errlen);

/* The id of the last batch the zone acknowledged (16 bytes), recorded with
 * the entries it brought. If the zone still holds that batch it holds every
 * row the state records, so the full summary comparison can be skipped.
 * Returns 0 with id set, or -ENOENT when none is known. */
int zt_state_last_batch(const struct zt_state *s, uint8_t *id);

/* Sets the pupil of an incident's or health event's entry (unit keys name
 * those by id alone): a snapshot deletes nothing of a pupil who left. */
void zt_state_entry_upn(struct zt_state_entry *e, const char *upn);

/* Fills an entry from a unit (and the month's codes, or NULL). */
void zt_state_entry_set(struct zt_state_entry *e, const struct zt_sync_unit *u,
                        const uint8_t *codes);

#endif
