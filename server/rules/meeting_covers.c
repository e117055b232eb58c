#include "meeting_covers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "family.h"
#include "grow.h"
#include "records.h"

#define PREFIX_MAX (ZT_ROLL_KEY_LEN + 1 + ZT_ID_MAX)
#define COVER_KEY_MAX (PREFIX_MAX + ZT_UPN_LEN)

static size_t cover_prefix(uint8_t *out, const struct zt_event_key *m)
{
    size_t n = zt_key_roll(out, m->upn, m->urn);
    size_t idlen = m->idlen > ZT_ID_MAX ? ZT_ID_MAX : m->idlen;
    out[n++] = (uint8_t)idlen;
    memcpy(out + n, m->id, idlen);
    return n + idlen;
}

static int on_cover(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)v;
    if (k->len < ZT_ROLL_KEY_LEN + 1 + ZT_UPN_LEN)
        return ZT_E_CORRUPT;
    return zt_upn_list_add(arg, (const char *)k->data + k->len - ZT_UPN_LEN);
}

static int covered_list(struct zt_txn *txn, const struct zt_event_key *m, struct zt_upn_list *out)
{
    uint8_t prefix[PREFIX_MAX];
    return zt_walk(txn, ZT_DB_COVER, prefix, cover_prefix(prefix, m), on_cover, out);
}

int zt_covers_each(struct zt_txn *txn, const struct zt_event_key *meeting, zt_cover_fn fn, void *arg)
{
    struct zt_upn_list l = {0};
    int rc = covered_list(txn, meeting, &l);
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        char upn[ZT_UPN_LEN + 1];
        rc = fn(zt_upn_list_get(&l, i, upn), arg);
    }
    zt_upn_list_free(&l);
    return rc;
}

int zt_covers_set(struct zt_txn *txn, const struct zt_event_key *meeting, char *const *covers, size_t n,
                  struct zt_upn_list *touched)
{
    struct zt_upn_list was = {0}, now = {0};
    int rc = covered_list(txn, meeting, &was);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = zt_upn_list_add(&now, covers[i]);
    zt_upn_list_unique(&now);
    int changed = rc == 0 && (was.n != now.n || (now.n && memcmp(was.upns, now.upns, now.n * ZT_UPN_LEN)));
    uint8_t key[COVER_KEY_MAX];
    size_t plen = cover_prefix(key, meeting);
    for (size_t i = 0; rc == 0 && changed && i < was.n; i++) {
        memcpy(key + plen, was.upns + i * ZT_UPN_LEN, ZT_UPN_LEN);
        if ((rc = zt_del(txn, ZT_DB_COVER, key, plen + ZT_UPN_LEN)) == 0)
            rc = zt_upn_list_add(touched, (const char *)key + plen);
    }
    for (size_t i = 0; rc == 0 && changed && i < now.n; i++) {
        memcpy(key + plen, now.upns + i * ZT_UPN_LEN, ZT_UPN_LEN);
        if ((rc = zt_put(txn, ZT_DB_COVER, key, plen + ZT_UPN_LEN, "", 0)) == 0)
            rc = zt_upn_list_add(touched, (const char *)key + plen);
    }
    zt_upn_list_free(&was);
    zt_upn_list_free(&now);
    return rc ? rc : changed;
}

/* --- the meetings that cover a child ---------------------------------------- */

struct covering {
    struct zt_txn *txn;
    const char *upn; /* the covered child */
    zt_meeting_fn fn;
    void *arg;
};

static int if_covers(const struct zt_event_key *k, const struct zt_meeting_value *m, void *arg)
{
    struct covering *c = arg;
    uint8_t key[COVER_KEY_MAX];
    size_t plen = cover_prefix(key, k);
    memcpy(key + plen, c->upn, ZT_UPN_LEN);
    struct zt_val v;
    int rc = zt_get(c->txn, ZT_DB_COVER, key, plen + ZT_UPN_LEN, &v);
    if (rc == -ENOENT)
        return 0;
    return rc ? rc : c->fn(k, m, c->arg);
}

static int sibling_meetings(const char *upn, uint32_t school, void *arg)
{
    (void)school;
    struct covering *c = arg;
    if (memcmp(upn, c->upn, ZT_UPN_LEN) == 0)
        return 0;
    return zt_meetings_each(c->txn, upn, if_covers, c);
}

int zt_covering_meetings_each(struct zt_txn *txn, const char *upn, zt_date as_of, zt_meeting_fn fn, void *arg)
{
    char family[ZT_FAMILY_ID_MAX + 1];
    int rc = zt_family_of(txn, upn, as_of, family, NULL);
    if (rc)
        return rc == -ENOENT ? 0 : rc;
    struct covering c = {txn, upn, fn, arg};
    return zt_family_each(txn, family, as_of, sibling_meetings, &c);
}

/* --- erasure ------------------------------------------------------------------ */

struct mentions {
    const char *upn;
    struct {
        uint8_t (*keys)[COVER_KEY_MAX];
        size_t *lens, n, cap;
    } found;
};

static int note_key(struct mentions *m, const struct zt_val *k)
{
    if (k->len > COVER_KEY_MAX)
        return ZT_E_CORRUPT;
    size_t keys_cap = m->found.cap, lens_cap = m->found.cap; /* two arrays, one capacity */
    if (ZT_GROW(m->found.keys, m->found.n, keys_cap, 16) || ZT_GROW(m->found.lens, m->found.n, lens_cap, 16))
        return -ENOMEM;
    m->found.cap = keys_cap;
    memcpy(m->found.keys[m->found.n], k->data, k->len);
    m->found.lens[m->found.n++] = k->len;
    return 0;
}

/* Keys of the pupil's own meetings, or naming the pupil as covered. */
static int on_mention(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)v;
    struct mentions *m = arg;
    if (k->len < ZT_ROLL_KEY_LEN + 1 + ZT_UPN_LEN)
        return ZT_E_CORRUPT;
    const uint8_t *kb = k->data;
    if (memcmp(kb, m->upn, ZT_UPN_LEN) && memcmp(kb + k->len - ZT_UPN_LEN, m->upn, ZT_UPN_LEN))
        return 0;
    return note_key(m, k);
}

/* Covers are few (a family's meetings), so erasure walks them all. */
int zt_covers_erase(struct zt_txn *txn, const char *upn, uint32_t *records)
{
    struct mentions m = {.upn = upn};
    int rc = zt_walk(txn, ZT_DB_COVER, NULL, 0, on_mention, &m);
    for (size_t i = 0; rc == 0 && i < m.found.n; i++)
        if ((rc = zt_del(txn, ZT_DB_COVER, m.found.keys[i], m.found.lens[i])) == 0)
            ++*records;
    free(m.found.keys);
    free(m.found.lens);
    return rc;
}
