#include "sync_units.h"

#include <errno.h>
#include <string.h>

#include "err.h"
#include "family.h"
#include "records.h"
#include "wire.h"

struct walk {
    struct zt_txn *txn;
    uint32_t urn;
    zt_sync_unit_fn fn;
    void *arg;
};

/* The UPN and URN at the head of a upn|urn|... key; 0 when not this school's. */
static int ours(const struct walk *w, const struct zt_val *k, size_t min_len, char upn[ZT_UPN_LEN + 1])
{
    if (k->len < min_len)
        return 0;
    const uint8_t *kb = k->data;
    if (zt_get_be32(kb + ZT_UPN_LEN) != w->urn)
        return 0;
    memcpy(upn, kb, ZT_UPN_LEN);
    upn[ZT_UPN_LEN] = '\0';
    return 1;
}

static int on_roll(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct walk *w = arg;
    char upn[ZT_UPN_LEN + 1];
    struct zt_roll_value r;
    if (!ours(w, k, ZT_ROLL_KEY_LEN, upn))
        return 0;
    if (zt_value_copy(&r, sizeof r, v->data, v->len))
        return ZT_E_CORRUPT;
    if (r.has_left)
        return 0;
    Zt__PupilRow row;
    zt_pupil_row_from_roll(&row, upn, &r);
    char family[ZT_FAMILY_ID_MAX + 1];
    int rc = zt_family_of_roll(w->txn, upn, w->urn, family);
    if (rc && rc != -ENOENT)
        return rc;
    row.family_id = rc ? NULL : family;
    struct zt_sync_unit u;
    zt_sync_pupil(&u, &row);
    return w->fn(&u, NULL, NULL, w->arg);
}

static int on_attendance(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct walk *w = arg;
    char upn[ZT_UPN_LEN + 1];
    if (k->len != ZT_ATT_KEY_LEN || v->len != ZT_MONTH_SLOTS)
        return ZT_E_CORRUPT;
    /* month|upn|urn: the pupil and school follow the month */
    const struct zt_val pupil_part = {(const uint8_t *)k->data + 2, k->len - 2};
    if (!ours(w, &pupil_part, ZT_ROLL_KEY_LEN, upn))
        return 0;
    struct zt_sync_unit u;
    zt_sync_attendance(&u, upn, zt_key_attendance_month(k->data), v->data);
    return w->fn(&u, v->data, NULL, w->arg);
}

/* The parts of an incident or health event every unit needs: its pupil, the
 * id at the tail of its upn|urn|id key, and its text (category or kind),
 * each NUL-terminated. Returns 1 for this school's event, 0 for another
 * school's, or ZT_E_CORRUPT. */
struct event {
    char upn[ZT_UPN_LEN + 1], id[ZT_ID_MAX + 1], text[ZT_CATEGORY_MAX + 1];
};

static int event_parts(const struct walk *w, const struct zt_val *k, const char *text,
                       size_t text_len, struct event *ev)
{
    if (!ours(w, k, ZT_ROLL_KEY_LEN + 1, ev->upn))
        return 0;
    size_t n = k->len - ZT_ROLL_KEY_LEN;
    if (n > ZT_ID_MAX || text_len > ZT_CATEGORY_MAX)
        return ZT_E_CORRUPT;
    memcpy(ev->id, (const uint8_t *)k->data + ZT_ROLL_KEY_LEN, n);
    ev->id[n] = '\0';
    memcpy(ev->text, text, text_len);
    ev->text[text_len] = '\0';
    return 1;
}

static int on_behaviour(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct walk *w = arg;
    struct zt_behaviour_value b;
    struct event ev;
    if (zt_value_copy(&b, sizeof b, v->data, v->len))
        return ZT_E_CORRUPT;
    int rc = event_parts(w, k, b.category, b.category_len, &ev);
    if (rc <= 0)
        return rc;
    Zt__BehaviourRow row;
    zt_behaviour_row_from_value(&row, ev.id, ev.upn, ev.text, &b);
    struct zt_sync_unit u;
    zt_sync_behaviour(&u, &row);
    return w->fn(&u, NULL, ev.upn, w->arg);
}

static int on_health(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct walk *w = arg;
    struct zt_health_value h;
    struct event ev;
    if (zt_value_copy(&h, sizeof h, v->data, v->len))
        return ZT_E_CORRUPT;
    int rc = event_parts(w, k, h.kind, h.kind_len, &ev);
    if (rc <= 0)
        return rc;
    Zt__HealthRow row;
    zt_health_row_from_value(&row, ev.id, ev.upn, ev.text, &h);
    struct zt_sync_unit u;
    zt_sync_health(&u, &row);
    return w->fn(&u, NULL, ev.upn, w->arg);
}

/* Assessments are keyed by pupil, subject, date and school. */
static int on_assessment(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct walk *w = arg;
    struct zt_assessment_value a;
    if (k->len != ZT_ASSESS_KEY_LEN || zt_value_copy(&a, sizeof a, v->data, v->len))
        return ZT_E_CORRUPT;
    if (a.urn != w->urn)
        return 0;
    char upn[ZT_UPN_LEN + 1];
    memcpy(upn, k->data, ZT_UPN_LEN);
    upn[ZT_UPN_LEN] = '\0';
    Zt__AssessmentRow row;
    zt_assessment_row_from_value(&row, upn, k->data, &a);
    struct zt_sync_unit u;
    zt_sync_assessment(&u, &row);
    return w->fn(&u, NULL, NULL, w->arg);
}

int zt_sync_units(struct zt_txn *txn, uint32_t urn, zt_sync_unit_fn fn, void *arg)
{
    struct walk w = {txn, urn, fn, arg};
    int rc = zt_walk(txn, ZT_DB_ROLL, NULL, 0, on_roll, &w);
    if (rc == 0)
        rc = zt_walk(txn, ZT_DB_ATTENDANCE, NULL, 0, on_attendance, &w);
    if (rc == 0)
        rc = zt_walk(txn, ZT_DB_BEHAVIOUR, NULL, 0, on_behaviour, &w);
    if (rc == 0)
        rc = zt_walk(txn, ZT_DB_ASSESSMENT, NULL, 0, on_assessment, &w);
    if (rc == 0)
        rc = zt_walk(txn, ZT_DB_HEALTH, NULL, 0, on_health, &w);
    return rc;
}
