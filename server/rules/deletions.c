#include "deletions.h"

#include <errno.h>
#include <string.h>

#include "codes.h"
#include "date.h"
#include "err.h"
#include "records.h"
#include "roll_periods.h"

/* 1 when upn is on school urn's roll and has not left it: a leaver's
 * records stay (SPEC §3a), whatever the school's export no longer holds. */
static int on_roll(struct zt_txn *t, const char *upn, uint32_t urn)
{
    struct zt_roll_value r;
    int rc = zt_roll_get(t, upn, urn, &r);
    if (rc)
        return rc == -ENOENT ? 0 : rc;
    return !r.has_left;
}

static int upn_ok(const char *upn, struct zt_deletion_result *res)
{
    if (!upn || zt_upn_invalid(upn, strlen(upn))) {
        res->why = "deletion names no valid UPN";
        return 0;
    }
    memcpy(res->upn, upn, ZT_UPN_LEN);
    res->upn[ZT_UPN_LEN] = '\0';
    return 1;
}

/* Blanks the slots of the school's month record; a month left with no mark
 * is removed, as if it had never been sent. */
static int delete_marks(struct zt_txn *t, uint32_t urn, const Zt__Deletion *d, struct zt_deletion_result *res)
{
    if (!upn_ok(d->upn, res))
        return 0;
    if (!d->has_month || d->month > 0xFFFF || !d->has_slots || (d->slots >> ZT_MONTH_SLOTS)) {
        res->why = "attendance deletion needs a month and slots 0-61";
        return 0;
    }
    int rc = on_roll(t, d->upn, urn);
    if (rc <= 0)
        return rc;
    uint8_t key[ZT_ATT_KEY_LEN], codes[ZT_MONTH_SLOTS];
    struct zt_val old;
    zt_key_attendance(key, d->upn, urn, (int)d->month);
    rc = zt_get(t, ZT_DB_ATTENDANCE, key, sizeof key, &old);
    if (rc == -ENOENT)
        return 0;
    if (rc || old.len != ZT_MONTH_SLOTS)
        return rc ? rc : ZT_E_CORRUPT;
    memcpy(codes, old.data, ZT_MONTH_SLOTS);
    int left = 0;
    for (int s = 0; s < ZT_MONTH_SLOTS; s++) {
        if ((d->slots >> s) & 1 && codes[s]) {
            codes[s] = 0;
            res->deleted++;
        }
        left |= codes[s];
    }
    if (!res->deleted)
        return 0;
    return left ? zt_put(t, ZT_DB_ATTENDANCE, key, sizeof key, codes, sizeof codes)
                : zt_del(t, ZT_DB_ATTENDANCE, key, sizeof key);
}

/* An incident or health event, found through the school's id index. */
static int delete_event(struct zt_txn *t, uint32_t urn, enum zt_db db, enum zt_db id_db, const Zt__Deletion *d,
                        struct zt_deletion_result *res)
{
    size_t idlen = d->id ? strlen(d->id) : 0;
    if (idlen == 0 || idlen > ZT_ID_MAX) {
        res->why = "deletion id must be 1-32 characters";
        return 0;
    }
    uint8_t idkey[4 + ZT_ID_MAX], key[ZT_KEY_MAX];
    size_t idklen = zt_key_event_id(idkey, urn, d->id, idlen);
    struct zt_val owner;
    int rc = zt_get(t, id_db, idkey, idklen, &owner);
    if (rc == -ENOENT)
        return 0;
    if (rc || owner.len != ZT_UPN_LEN)
        return rc ? rc : ZT_E_CORRUPT;
    memcpy(res->upn, owner.data, ZT_UPN_LEN);
    res->upn[ZT_UPN_LEN] = '\0';
    if ((rc = on_roll(t, res->upn, urn)) <= 0)
        return rc;
    size_t klen = zt_key_pupil_event(key, res->upn, urn, d->id, idlen);
    if ((rc = zt_del(t, db, key, klen)) || (rc = zt_del(t, id_db, idkey, idklen)))
        return rc;
    res->deleted = 1;
    return 0;
}

/* An assessment the school itself recorded: assessments are keyed by
 * school, so another school's for the same pupil, subject and date is never
 * named. */
static int delete_assessment(struct zt_txn *t, uint32_t urn, const Zt__Deletion *d, struct zt_deletion_result *res)
{
    if (!upn_ok(d->upn, res))
        return 0;
    if (!d->has_subject || d->subject < 1 || d->subject > ZT_SUBJECT_ENGLISH || !d->has_date) {
        res->why = "assessment deletion needs a subject and a date";
        return 0;
    }
    int rc = on_roll(t, d->upn, urn);
    if (rc <= 0)
        return rc;
    uint8_t key[ZT_ASSESS_KEY_LEN];
    struct zt_val old;
    zt_key_assessment(key, d->upn, (int)d->subject, d->date, urn); /* the school's own, by key */
    rc = zt_get(t, ZT_DB_ASSESSMENT, key, sizeof key, &old);
    if (rc == -ENOENT)
        return 0;
    if (rc)
        return rc;
    if ((rc = zt_del(t, ZT_DB_ASSESSMENT, key, sizeof key)))
        return rc;
    res->deleted = 1;
    return 0;
}

int zt_deletion_apply(struct zt_txn *t, uint32_t urn, const Zt__Deletion *d, struct zt_deletion_result *res)
{
    memset(res, 0, sizeof *res);
    switch (d->kind) {
    case ZT__RECORD_KIND__REC_ATTENDANCE:
        return delete_marks(t, urn, d, res);
    case ZT__RECORD_KIND__REC_BEHAVIOUR:
        return delete_event(t, urn, ZT_DB_BEHAVIOUR, ZT_DB_BEHAVIOUR_ID, d, res);
    case ZT__RECORD_KIND__REC_HEALTH:
        return delete_event(t, urn, ZT_DB_HEALTH, ZT_DB_HEALTH_ID, d, res);
    case ZT__RECORD_KIND__REC_ASSESSMENT:
        return delete_assessment(t, urn, d, res);
    default:
        res->why = "a deletion names attendance, behaviour, assessment or health";
        return 0;
    }
}
