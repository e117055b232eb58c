#include "audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "records.h"

/* Value: when (8 bytes), who (NUL-terminated), what (the rest). */
#define WHO_MAX 80
#define WHAT_MAX 400

static int add(struct zt_txn *txn, const char *who, const char *what)
{
    uint64_t n;
    int rc = zt_count(txn, ZT_DB_AUDIT, &n);
    if (rc)
        return rc;
    uint8_t key[8], val[8 + WHO_MAX + WHAT_MAX];
    zt_be32(key, (uint32_t)((n + 1) >> 32));
    zt_be32(key + 4, (uint32_t)(n + 1));
    int64_t when = (int64_t)time(NULL);
    memcpy(val, &when, 8);
    size_t wl = strnlen(who, WHO_MAX - 1), xl = strnlen(what, WHAT_MAX);
    memcpy(val + 8, who, wl);
    val[8 + wl] = '\0';
    memcpy(val + 9 + wl, what, xl);
    return zt_put(txn, ZT_DB_AUDIT, key, sizeof key, val, 9 + wl + xl);
}

int zt_audit_add(struct zt_txn *txn, const char *who, const char *fmt, ...)
{
    char what[WHAT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return add(txn, who, what);
}

struct pending {
    const char *who;
    char what[WHAT_MAX];
};

static int add_txn(struct zt_txn *txn, void *arg)
{
    struct pending *p = arg;
    return add(txn, p->who, p->what);
}

int zt_audit_record(struct zt_store *s, const char *who, const char *fmt, ...)
{
    struct pending p = {who, ""};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p.what, sizeof p.what, fmt, ap);
    va_end(ap);
    return zt_store_write_frozen(s, add_txn, &p); /* reads are audited, rewound too */
}

struct each {
    int64_t since;
    const char *who;
    zt_audit_fn fn;
    void *arg;
};

static int on_entry(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)k;
    struct each *e = arg;
    const char *b = v->data;
    if (v->len < 9)
        return ZT_E_CORRUPT;
    int64_t when;
    memcpy(&when, b, 8);
    const char *who = b + 8;
    size_t wl = strnlen(who, v->len - 8);
    if (wl == v->len - 8)
        return ZT_E_CORRUPT;
    char what[WHAT_MAX + 1];
    size_t xl = v->len - 9 - wl;
    memcpy(what, who + wl + 1, xl < WHAT_MAX ? xl : WHAT_MAX);
    what[xl < WHAT_MAX ? xl : WHAT_MAX] = '\0';
    if (when < e->since || (e->who && strcmp(e->who, who) != 0))
        return 0;
    return e->fn(when, who, what, e->arg);
}

int zt_audit_each(struct zt_txn *txn, int64_t since, const char *who, zt_audit_fn fn, void *arg)
{
    struct each e = {since, who, fn, arg};
    return zt_walk(txn, ZT_DB_AUDIT, NULL, 0, on_entry, &e);
}
