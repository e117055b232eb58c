/* zoned's store: named LMDB databases in one environment. LMDB is seen only
 * here; its codes are translated into the project's error space (common/err.h)
 * and its values are copied out before the transaction ends. */
#ifndef ZT_STORE_H
#define ZT_STORE_H

#include <stddef.h>
#include <stdint.h>

/* The named databases. Keys are big-endian so ranges follow pupil and date
 * order; layouts are in server/store/records.h. */
enum zt_db {
    ZT_DB_META,         /* schema version and zone-wide facts */
    ZT_DB_ROLL,         /* upn+urn -> roll entry (characteristics, entry/left) */
    ZT_DB_ATTENDANCE,   /* month+upn+urn -> 62 mark codes */
    ZT_DB_BEHAVIOUR,    /* upn+urn+incident_id -> incident */
    ZT_DB_BEHAVIOUR_ID, /* urn+incident_id -> upn (finds an incident to replace) */
    ZT_DB_ASSESSMENT,   /* upn+subject+date -> step and school */
    ZT_DB_HEALTH,       /* upn+urn+event_id -> health event */
    ZT_DB_HEALTH_ID,    /* urn+event_id -> upn */
    ZT_DB_ALERT,        /* upn+seq -> alert, open and resolved */
    ZT_DB_BATCH,        /* urn+batch_id -> commit time: exactly-once pushes */
    ZT_DB_SETTING,      /* name -> value: the zone's tipping points */
    ZT_DB_SETTING_LOG,  /* seq -> who changed which setting when */
    ZT_DB_SCHOOL,       /* urn -> school name and cluster */
    ZT_DB_SNAPSHOT,     /* date+urn -> a school's gap sums at a half-term end */
    ZT_DB_LEAVER,       /* upn+urn -> why and when a pupil left a roll */
    ZT_DB_AUDIT,        /* seq -> who read or changed what, when (append only) */
    ZT_DB_SYNC,         /* urn -> unix time of the school's last acknowledged push */
    ZT_DB_MENU,         /* offer id -> the zone's menu of support */
    ZT_DB_MEETING,      /* upn+urn+id -> family meetings */
    ZT_DB_PLAN,         /* upn+urn+id -> support plan actions */
    ZT_DB_ALERT_STAGE,  /* upn+seq+step -> a family_meeting alert's lifecycle history */
    ZT_DB_ROLL_CHECK,   /* urn -> digest of the roll list last checked in full for leavers */
    ZT_DB_ERASED,       /* keyed hash of an erased UPN -> erasure date (server/rules/erasures.h) */
    ZT_DB_MOVE,         /* upn+urn -> a dual registration the coordinator confirmed */
    ZT_DB_FAMILY,       /* upn+urn -> the roll entry's family_id (server/rules/family.h) */
    ZT_DB_FAMILY_INDEX, /* idlen+family_id+upn+urn -> nothing: a family's roll entries */
    ZT_DB_COVER,        /* upn+urn+idlen+meeting_id+upn -> nothing: children a meeting covered */
    ZT_DB_REGION_OUTBOX, /* date -> a snapshot's figures not yet sent to the region (server/rules/region_outbox.h) */
    ZT_DB_COUNT
};

struct zt_store;
struct zt_txn;

struct zt_val {
    const void *data; /* valid until the transaction ends or the db is written */
    size_t len;
};

/* Opens (creating) the store in folder dir, clearing stale reader slots.
 * A data.mdb already there must pass the basic check (common/store_check.h)
 * first: one that fails is refused with the reason and never written.
 * initial_map is the map size to start from when the file is smaller (0 for
 * the default, 64 MiB); the map doubles whenever it fills. Returns 0 or a
 * negative error with a one-line reason in err; *out is NULL on failure. */
int zt_store_open(const char *dir, size_t initial_map, struct zt_store **out, char *err,
                  size_t errlen);
void zt_store_close(struct zt_store *s);

/* Size in bytes of the data file, and of the map currently reserved. */
int zt_store_sizes(struct zt_store *s, uint64_t *file_bytes, uint64_t *map_bytes);

/* Runs fn(txn, arg) in a write transaction and commits it durably. When the
 * map fills (fn or the commit returns ZT_E_MAPFULL), the transaction is
 * aborted, the map doubled and fn run again from scratch, so fn must derive
 * everything it reports from the transaction alone. Any other error from fn
 * aborts and is returned. Returns 0 once the commit is on disk. */
int zt_store_write(struct zt_store *s, int (*fn)(struct zt_txn *txn, void *arg), void *arg);

/* From now on zt_store_write refuses every transaction (ZT_E_REWOUND):
 * zoned serves an earlier date read-only. zt_store_write_frozen still
 * writes: for the audit trail alone, whose entries every read needs. */
void zt_store_freeze(struct zt_store *s);
int zt_store_write_frozen(struct zt_store *s, int (*fn)(struct zt_txn *txn, void *arg), void *arg);

/* A read-only transaction; end it with zt_txn_end before returning to the
 * event loop (a long-lived reader makes the file grow). */
int zt_store_read_begin(struct zt_store *s, struct zt_txn **out);
void zt_txn_end(struct zt_txn *txn);

/* 0 with *out set, -ENOENT, or another negative error. */
int zt_get(struct zt_txn *t, enum zt_db db, const void *key, size_t klen, struct zt_val *out);
int zt_put(struct zt_txn *t, enum zt_db db, const void *key, size_t klen, const void *val,
           size_t vlen);
/* Deleting a missing key is not an error. */
int zt_del(struct zt_txn *t, enum zt_db db, const void *key, size_t klen);

/* Walks every record whose key starts with prefix (plen may be 0 for the
 * whole database), in key order, calling fn until it returns non-zero; that
 * value is returned (0 when the walk ends). Do not write db from fn. */
typedef int (*zt_walk_fn)(const struct zt_val *key, const struct zt_val *val, void *arg);
int zt_walk(struct zt_txn *t, enum zt_db db, const void *prefix, size_t plen, zt_walk_fn fn,
            void *arg);

/* zt_walk on one of the transaction's kept cursors. Each database has one
 * (lane 0), used by zt_walk; lanes 1..ZT_WALK_LANES are extra cursors for
 * interleaved ascending walks of one database (attendance, a cursor per
 * month). Walks are fastest when each cursor's prefixes come in ascending
 * order: the next is then found a few steps on. Any order is correct. */
#define ZT_WALK_LANES 16
int zt_walk_lane(struct zt_txn *t, enum zt_db db, unsigned lane, const void *prefix, size_t plen,
                 zt_walk_fn fn, void *arg);

/* Something kept in memory and derived from the store (a cache) watches
 * its writes, so that it can forget what they change; the store knows
 * nothing of what is kept. Before each zt_put and zt_del (and so each key
 * zt_del_prefix deletes) on a database whose bit (ZT_DB_BIT) is in dbs,
 * on_write gets the key written, of any length. When a write transaction
 * does not commit, on_abort is called (what was learnt inside it may never
 * have been); when the store closes, on_close (may free ctx). One watcher
 * a store: watching again replaces it, and the one replaced is closed. */
typedef void (*zt_watch_write_fn)(void *ctx, enum zt_db db, const void *key, size_t klen);
struct zt_store_watcher {
    void *ctx;
    uint64_t dbs;
    zt_watch_write_fn on_write;
    void (*on_abort)(void *ctx);
    void (*on_close)(void *ctx);
};
#define ZT_DB_BIT(db) (1ull << (db))
void zt_store_watch(struct zt_store *s, const struct zt_store_watcher *w);
/* The ctx of the store's watcher when its on_write is on_write and t is a
 * write transaction, else NULL: a read transaction may see an older state
 * than the watcher was told of, and write transactions run one at a time. */
void *zt_txn_watcher(const struct zt_txn *t, zt_watch_write_fn on_write);

/* Deletes every record of db whose key starts with prefix (plen > 0),
 * calling fn (may be NULL) with each key first, when fn may write other
 * databases. Returns the number deleted, or a negative error. */
typedef int (*zt_key_fn)(struct zt_txn *t, const struct zt_val *key, void *arg);
int zt_del_prefix(struct zt_txn *t, enum zt_db db, const void *prefix, size_t plen, zt_key_fn fn,
                  void *arg);

/* The first and the last key of db, valid as zt_get's values are.
 * Returns 0, -ENOENT when db is empty, or an error. */
int zt_first_last(struct zt_txn *t, enum zt_db db, struct zt_val *first, struct zt_val *last);

/* Number of records in db. */
int zt_count(struct zt_txn *t, enum zt_db db, uint64_t *out);

/* Writes a compacted, consistent copy of the live store to the open file
 * descriptor fd (the data.mdb of a restored store). Safe from another
 * thread while this one writes; a map that must grow meanwhile waits for
 * the copy to end. */
int zt_store_backup(struct zt_store *s, int fd);

#endif
