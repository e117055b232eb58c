#include "ingest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codes.h"
#include "deletions.h"
#include "erasures.h"
#include "err.h"
#include "evaluate.h"
#include "grow.h"
#include "protocol.h"
#include "audit.h"
#include "records.h"
#include "family.h"
#include "roll_periods.h"
#include "upn.h"
#include "upn_list.h"

#define MIN_DATE_YEAR 1990

/* What ZT_DB_BATCH keeps so a replayed batch gets the same answer. */
struct batch_record {
    int64_t committed_at;
    uint32_t stored, unchanged, rejected;
    uint32_t deleted; /* 0 in records from before deletions existed */
};

struct ctx {
    struct zt_txn *txn;
    uint32_t urn;
    struct zt_ingest_result *res;
    struct zt_upn_list touched; /* pupils to re-evaluate */
    int roll_check_gone;        /* the school's roll check deleted this batch */
    int none_erased;            /* 1 no pupil of the zone is erased, 0 some, -1 not asked yet */
    char erased_why[64];
    char checked_upn[ZT_UPN_LEN + 1]; /* the pupil check_pupil last asked about */
    const char *checked_why;    /* its answer: a pupil's rows come together */
    zt_date as_of;
};

static int reject(struct ctx *c, Zt__RecordKind kind, size_t index, const char *fmt, const char *arg)
{
    struct zt_ingest_result *r = c->res;
    if (zt_grow(&r->rejects, r->nrejects, &r->cap, sizeof *r->rejects, 16))
        return -ENOMEM;
    struct zt_ingest_reject *j = &r->rejects[r->nrejects++];
    j->kind = kind;
    j->index = (uint32_t)index;
    snprintf(j->reason, sizeof j->reason, fmt, arg);
    return 0;
}

static int touch(struct ctx *c, const char *upn)
{
    return zt_upn_list_add(&c->touched, upn);
}

int zt_ingest_date_ok(int32_t d)
{
    return d >= zt_date_from_ymd(MIN_DATE_YEAR, 1, 1) && d < zt_date_from_ymd(2200, 1, 1);
}

/* Whether a row naming upn is refused because the pupil was erased from
 * the zone (SPEC §8): 1 with *why set (in c->erased_why), 0, or a store
 * error (the batch is not applied). No hashing while nobody in the zone is
 * erased. */
static int erased_reason(struct ctx *c, const char *upn, const char **why)
{
    if (c->none_erased < 0 && (c->none_erased = zt_erased_none(c->txn)) < 0)
        return c->none_erased;
    *why = NULL;
    if (c->none_erased == 1)
        return 0;
    zt_date day;
    int rc = zt_erased_check(c->txn, upn, &day);
    if (rc == 1) {
        char d[ZT_DATE_STRLEN];
        snprintf(c->erased_why, sizeof c->erased_why, "erased from the zone on %s", zt_date_format(day, d));
        *why = c->erased_why;
    }
    return rc;
}

/* Validation shared by every row that names a pupil: a real UPN on this
 * school's roll. An erased pupil is on no roll (erasure removes it and no
 * pupil row brings it back), so only a row the roll refuses is asked why.
 * One look a pupil: a pupil's months, incidents, assessments and health
 * events come together, and only a pupil row (apply_pupil forgets the
 * answer) changes the roll. 0 with *why NULL or the reason, or a store
 * error. */
static int check_pupil(struct ctx *c, const char *upn, const char **why)
{
    if ((*why = zt_upn_invalid(upn, strlen(upn))))
        return 0;
    if (strcmp(c->checked_upn, upn) == 0) {
        *why = c->checked_why;
        return 0;
    }
    uint8_t key[ZT_ROLL_KEY_LEN];
    struct zt_val v;
    zt_key_roll(key, upn, c->urn);
    int rc = zt_get(c->txn, ZT_DB_ROLL, key, sizeof key, &v);
    if (rc == -ENOENT && (rc = erased_reason(c, upn, why)) == 0)
        *why = "pupil is not on the school's roll";
    if (rc < 0)
        return rc;
    snprintf(c->checked_upn, sizeof c->checked_upn, "%s", upn);
    c->checked_why = *why;
    return 0;
}

int zt_ingest_upsert(struct zt_txn *txn, enum zt_db db, const uint8_t *key, size_t klen, const void *val,
                     size_t vlen)
{
    struct zt_val old;
    int rc = zt_get(txn, db, key, klen, &old);
    if (rc == 0 && old.len == vlen && memcmp(old.data, val, vlen) == 0)
        return 0;
    if (rc && rc != -ENOENT)
        return rc;
    rc = zt_put(txn, db, key, klen, val, vlen);
    return rc ? rc : 1;
}

static int count(struct ctx *c, int rc)
{
    if (rc > 0)
        c->res->stored++;
    else if (rc == 0)
        c->res->unchanged++;
    return rc < 0 ? rc : 0;
}

static uint8_t tristate(protobuf_c_boolean has, protobuf_c_boolean v)
{
    return has ? (v ? 1 : 2) : 0;
}

/* The last day a roll entry may start on: a year after the zone's date (an
 * entry dated later is a typo, or a school trying to take a pupil early). */
static zt_date latest_entry(zt_date as_of)
{
    int y, m, d;
    zt_date_to_ymd(as_of, &y, &m, &d);
    return zt_date_from_ymd(y + 1, m, d);
}

static const char *pupil_invalid(const Zt__PupilRow *p, zt_date as_of)
{
    const char *why = zt_upn_invalid(p->upn, strlen(p->upn));
    if (why)
        return why;
    if (p->year_group < 1 || p->year_group > (uint32_t)zt_vocab_year.count)
        return "year_group out of range";
    if (p->gender < 1 || p->gender > (uint32_t)zt_vocab_gender.count)
        return "gender out of range";
    if (!zt_ingest_date_ok(p->entry_date))
        return "entry_date out of range";
    if (p->entry_date > latest_entry(as_of))
        return "entry_date is more than a year after the zone's date";
    if (p->has_sen && (p->sen < 1 || p->sen > (uint32_t)zt_vocab_sen.count))
        return "sen out of range";
    if (p->has_ethnicity && (p->ethnicity < 1 || p->ethnicity > (uint32_t)zt_vocab_ethnicity.count))
        return "ethnicity out of range";
    if (p->has_idaci_decile && (p->idaci_decile < 1 || p->idaci_decile > 10))
        return "idaci_decile out of range";
    if (p->family_id && (why = zt_family_id_invalid(p->family_id, strlen(p->family_id))))
        return why;
    return NULL;
}

/* A stored pupil row may add an entry to the school's roll or bring one
 * back: the next roll check walks the zone again (server/rules/roll_update.c).
 * Once a batch is enough. */
static int forget_roll_check(struct ctx *c)
{
    if (c->roll_check_gone)
        return 0;
    uint8_t key[4];
    zt_be32(key, c->urn);
    c->roll_check_gone = 1;
    return zt_del(c->txn, ZT_DB_ROLL_CHECK, key, sizeof key);
}

/* The order the zone stores roll entries in (server/rules/roll_periods.h):
 * a counter in ZT_DB_META. */
static int next_arrival(struct ctx *c, uint32_t *out)
{
    static const char key[] = "roll_arrival";
    struct zt_val v;
    uint32_t n = 0;
    int rc = zt_get(c->txn, ZT_DB_META, key, sizeof key - 1, &v);
    if (rc == 0 && zt_value_copy(&n, sizeof n, v.data, v.len))
        return ZT_E_CORRUPT;
    if (rc && rc != -ENOENT)
        return rc;
    *out = ++n;
    return zt_put(c->txn, ZT_DB_META, key, sizeof key - 1, &n, sizeof n);
}

/* A pupil row that puts the pupil on this school's roll while another
 * school's roll lists them is a dual registration: audited, for the
 * coordinator to follow up (zonectl moves). */
static int audit_dual(struct ctx *c, const char *upn, const struct zt_roll_value *v)
{
    struct zt_pupil_rolls r;
    int rc = zt_pupil_rolls_load(c->txn, upn, c->as_of, &r);
    for (size_t i = 0; rc == 0 && i < r.n; i++) {
        if (r.p[i].urn == c->urn || !zt_roll_listed(&r, i))
            continue;
        char who[32], mine[ZT_DATE_STRLEN], theirs[ZT_DATE_STRLEN];
        snprintf(who, sizeof who, "school:%06u", c->urn);
        rc = zt_audit_add(c->txn, who, "dual registration: %s entered on the roll of %06u from %s "
                          "while on the roll of %06u (entered %s)", upn, c->urn,
                          zt_date_format(v->entry_date, mine), r.p[i].urn,
                          zt_date_format(r.p[i].roll.entry_date, theirs));
    }
    return rc;
}

static int apply_pupil(struct ctx *c, const Zt__PupilRow *p, size_t i)
{
    const char *why = pupil_invalid(p, c->as_of);
    int erc = why ? 0 : erased_reason(c, p->upn, &why);
    if (erc < 0)
        return erc;
    if (why)
        return reject(c, ZT__RECORD_KIND__REC_PUPIL, i, "%s", why);
    c->checked_upn[0] = '\0'; /* the roll may change: check_pupil asks again */
    struct zt_roll_value v = {
        .entry_date = p->entry_date,
        .year_group = (uint8_t)p->year_group,
        .gender = (uint8_t)p->gender,
        .sen = (uint8_t)(p->has_sen ? p->sen : 0),
        .ethnicity = (uint8_t)(p->has_ethnicity ? p->ethnicity : 0),
        .idaci_decile = (uint8_t)(p->has_idaci_decile ? p->idaci_decile : 0),
        .fsm_bits = zt_roll_fsm_bits(tristate(p->has_fsm, p->fsm), tristate(p->has_fsm_eligible, p->fsm_eligible)),
        .ever6 = tristate(p->has_ever6, p->ever6),
        .cic = tristate(p->has_cic, p->cic),
        .eal = tristate(p->has_eal, p->eal),
        .gifted = tristate(p->has_gifted, p->gifted),
    };
    uint8_t key[ZT_ROLL_KEY_LEN];
    struct zt_roll_value old;
    int rc = zt_roll_get(c->txn, p->upn, c->urn, &old), had = rc == 0;
    if (rc && rc != -ENOENT)
        return rc;
    zt_key_roll(key, p->upn, c->urn);
    int joined = !had || old.has_left || old.entry_date != v.entry_date;
    if (had)
        v.arrival = old.arrival; /* a changed row keeps its place */
    else if ((rc = next_arrival(c, &v.arrival)))
        return rc;
    /* the lookup above serves as the upsert's: an unchanged row writes nothing */
    if (had && memcmp(&old, &v, sizeof v) == 0)
        rc = 0;
    else
        rc = (rc = zt_put(c->txn, ZT_DB_ROLL, key, sizeof key, &v, sizeof v)) ? rc : 1;
    if (rc >= 0) { /* a family_id that changed is a changed row: siblings are re-derived */
        int fam = zt_family_set(c->txn, p->upn, c->urn, p->family_id);
        rc = fam < 0 ? fam : rc || fam;
    }
    if (rc > 0 && joined && (rc = audit_dual(c, p->upn, &v)) == 0)
        rc = 1;
    if (rc > 0 && (rc = forget_roll_check(c)) == 0 && (rc = touch(c, p->upn)) == 0)
        rc = 1;
    return count(c, rc);
}

static const char *month_invalid(const Zt__AttendanceMonth *m)
{
    if (m->codes.len != ZT_MONTH_SLOTS)
        return "attendance month must carry 62 mark slots";
    if (m->month > 0xFFFF || !zt_ingest_date_ok(zt_month_index_first_day((int)m->month)))
        return "attendance month out of range";
    int days = zt_month_index_days((int)m->month);
    for (int slot = 0; slot < ZT_MONTH_SLOTS; slot++) {
        uint8_t code = m->codes.data[slot];
        if (!code)
            continue;
        if (code >= ZT_MARK_CODE_MAX || !*zt_mark_text(code))
            return "unknown register code";
        if (slot / 2 >= days)
            return "register mark on a day the month does not have";
    }
    return NULL;
}

static int apply_month(struct ctx *c, const Zt__AttendanceMonth *m, size_t i)
{
    const char *why = month_invalid(m);
    int crc = why ? 0 : check_pupil(c, m->upn, &why);
    if (crc)
        return crc;
    if (why)
        return reject(c, ZT__RECORD_KIND__REC_ATTENDANCE, i, "%s", why);
    uint8_t key[ZT_ATT_KEY_LEN], merged[ZT_MONTH_SLOTS] = {0};
    struct zt_val old;
    zt_key_attendance(key, m->upn, c->urn, (int)m->month);
    int rc = zt_get(c->txn, ZT_DB_ATTENDANCE, key, sizeof key, &old);
    if (rc == 0 && old.len == ZT_MONTH_SLOTS)
        memcpy(merged, old.data, ZT_MONTH_SLOTS);
    else if (rc != -ENOENT)
        return rc ? rc : ZT_E_CORRUPT;
    uint32_t changed = 0, same = 0;
    for (int slot = 0; slot < ZT_MONTH_SLOTS; slot++) {
        uint8_t code = m->codes.data[slot];
        if (!code)
            continue;
        if (merged[slot] == code) {
            same++;
        } else {
            merged[slot] = code; /* a later mark replaces: N becomes I */
            changed++;
        }
    }
    c->res->stored += changed;
    c->res->unchanged += same;
    if (!changed)
        return 0;
    rc = zt_put(c->txn, ZT_DB_ATTENDANCE, key, sizeof key, merged, sizeof merged);
    return rc ? rc : touch(c, m->upn);
}

static const char *id_invalid(const char *id, const char *text, size_t max)
{
    size_t n = strlen(id), t = strlen(text);
    if (n == 0 || n > ZT_ID_MAX)
        return "id must be 1-32 characters";
    if (t == 0 || t > max)
        return "category/kind must be 1-32 characters";
    return NULL;
}

/* Incidents and health events are keyed by school and id, filed under a
 * pupil: a corrected UPN moves the record instead of duplicating it. */
static int apply_event(struct ctx *c, enum zt_db db, enum zt_db id_db, const char *upn,
                       const char *id, const void *val, size_t vlen)
{
    size_t idlen = strlen(id);
    uint8_t idkey[ZT_KEY_MAX], key[ZT_KEY_MAX];
    size_t idklen = zt_key_event_id(idkey, c->urn, id, idlen);
    struct zt_val old;
    int found = zt_get(c->txn, id_db, idkey, idklen, &old);
    int rc = found;
    int moved = found == 0 && old.len == ZT_UPN_LEN && memcmp(old.data, upn, ZT_UPN_LEN) != 0;
    if (moved) {
        char old_upn[ZT_UPN_LEN + 1];
        memcpy(old_upn, old.data, ZT_UPN_LEN);
        old_upn[ZT_UPN_LEN] = '\0';
        size_t klen = zt_key_pupil_event(key, old_upn, c->urn, id, idlen);
        if ((rc = zt_del(c->txn, db, key, klen)) || (rc = touch(c, old_upn)))
            return rc;
    } else if (rc && rc != -ENOENT) {
        return rc;
    }
    /* the index changes only for a new id or a moved one: a re-push writes nothing */
    if ((found == -ENOENT || moved) && (rc = zt_put(c->txn, id_db, idkey, idklen, upn, ZT_UPN_LEN)))
        return rc;
    size_t klen = zt_key_pupil_event(key, upn, c->urn, id, idlen);
    rc = zt_ingest_upsert(c->txn, db, key, klen, val, vlen);
    if (rc > 0 && (rc = touch(c, upn)) == 0)
        rc = 1;
    return count(c, rc);
}

static int apply_behaviour(struct ctx *c, const Zt__BehaviourRow *b, size_t i)
{
    const char *why = id_invalid(b->incident_id, b->category, ZT_CATEGORY_MAX);
    if (!why && !zt_ingest_date_ok(b->date))
        why = "date out of range";
    if (!why && b->points > 100)
        why = "points must be 0-100";
    if (!why && (b->action < 1 || b->action > (uint32_t)zt_vocab_action.count))
        why = "action out of range";
    if (!why && b->has_days_x100 && (b->action != ZT_ACTION_SUSPENSION || b->days_x100 > 36500))
        why = "days is only for a suspension, up to 365";
    int crc = why ? 0 : check_pupil(c, b->upn, &why);
    if (crc)
        return crc;
    if (why)
        return reject(c, ZT__RECORD_KIND__REC_BEHAVIOUR, i, "%s", why);
    struct zt_behaviour_value v = {
        .date = b->date,
        .days_x100 = b->has_days_x100 ? b->days_x100 : 0,
        .points = (uint8_t)b->points,
        .action = (uint8_t)b->action,
        .has_days = (uint8_t)b->has_days_x100,
        .category_len = (uint8_t)strlen(b->category),
    };
    memcpy(v.category, b->category, v.category_len);
    return apply_event(c, ZT_DB_BEHAVIOUR, ZT_DB_BEHAVIOUR_ID, b->upn, b->incident_id, &v, sizeof v);
}

static int apply_health(struct ctx *c, const Zt__HealthRow *h, size_t i)
{
    const char *why = id_invalid(h->event_id, h->kind, ZT_CATEGORY_MAX);
    if (!why && !zt_ingest_date_ok(h->date))
        why = "date out of range";
    if (!why && (h->severity < 1 || h->severity > (uint32_t)zt_vocab_severity.count))
        why = "severity out of range";
    int crc = why ? 0 : check_pupil(c, h->upn, &why);
    if (crc)
        return crc;
    if (why)
        return reject(c, ZT__RECORD_KIND__REC_HEALTH, i, "%s", why);
    struct zt_health_value v = {
        .date = h->date,
        .severity = (uint8_t)h->severity,
        .kind_len = (uint8_t)strlen(h->kind),
    };
    memcpy(v.kind, h->kind, v.kind_len);
    return apply_event(c, ZT_DB_HEALTH, ZT_DB_HEALTH_ID, h->upn, h->event_id, &v, sizeof v);
}

static int apply_assessment(struct ctx *c, const Zt__AssessmentRow *a, size_t i)
{
    const char *why = NULL;
    if (a->subject < 1 || a->subject > (uint32_t)zt_vocab_subject.count)
        why = "subject out of range";
    else if (a->step < 1 || a->step > (uint32_t)zt_vocab_step.count)
        why = "step out of range";
    else if (!zt_ingest_date_ok(a->date))
        why = "date out of range";
    int crc = why ? 0 : check_pupil(c, a->upn, &why);
    if (crc)
        return crc;
    if (why)
        return reject(c, ZT__RECORD_KIND__REC_ASSESSMENT, i, "%s", why);
    struct zt_assessment_value v = {.urn = c->urn, .step = (uint8_t)a->step};
    uint8_t key[ZT_ASSESS_KEY_LEN];
    zt_key_assessment(key, a->upn, (int)a->subject, a->date, c->urn);
    int rc = zt_ingest_upsert(c->txn, ZT_DB_ASSESSMENT, key, sizeof key, &v, sizeof v);
    if (rc > 0 && (rc = touch(c, a->upn)) == 0)
        rc = 1;
    return count(c, rc);
}

static int apply_deletion(struct ctx *c, const Zt__Deletion *d, size_t i)
{
    struct zt_deletion_result r;
    int rc = zt_deletion_apply(c->txn, c->urn, d, &r);
    if (rc)
        return rc;
    if (r.why)
        return reject(c, ZT__RECORD_KIND__REC_DELETION, i, "%s", r.why);
    c->res->deleted += r.deleted;
    return r.deleted ? touch(c, r.upn) : 0;
}

static int apply_rows(struct ctx *c, const Zt__PushBatch *b)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < b->n_pupils; i++)
        rc = apply_pupil(c, b->pupils[i], i);
    for (size_t i = 0; rc == 0 && i < b->n_attendance; i++)
        rc = apply_month(c, b->attendance[i], i);
    for (size_t i = 0; rc == 0 && i < b->n_behaviour; i++)
        rc = apply_behaviour(c, b->behaviour[i], i);
    for (size_t i = 0; rc == 0 && i < b->n_assessments; i++)
        rc = apply_assessment(c, b->assessments[i], i);
    for (size_t i = 0; rc == 0 && i < b->n_health; i++)
        rc = apply_health(c, b->health[i], i);
    for (size_t i = 0; rc == 0 && i < b->n_deletions; i++)
        rc = apply_deletion(c, b->deletions[i], i);
    return rc;
}

int zt_ingest_batch(struct zt_txn *txn, uint32_t urn, const Zt__PushBatch *batch, zt_date as_of,
                    const struct zt_thresholds *t, struct zt_ingest_result *res)
{
    zt_ingest_result_free(res);
    if (batch->batch_id.len != ZT_BATCH_ID_LEN) {
        res->bad_id = 1;
        return 0;
    }
    uint8_t bkey[4 + ZT_BATCH_ID_LEN];
    zt_key_event_id(bkey, urn, (const char *)batch->batch_id.data, ZT_BATCH_ID_LEN);
    struct zt_val seen;
    struct batch_record br;
    int rc = zt_get(txn, ZT_DB_BATCH, bkey, sizeof bkey, &seen);
    if (rc == 0) {
        if ((rc = zt_value_copy(&br, sizeof br, seen.data, seen.len)))
            return rc;
        res->replayed = 1;
        res->stored = br.stored;
        res->unchanged = br.unchanged;
        res->deleted = br.deleted;
        return 0;
    }
    if (rc != -ENOENT)
        return rc;
    struct ctx c = {.txn = txn, .urn = urn, .res = res, .as_of = as_of, .none_erased = -1};
    rc = apply_rows(&c, batch);
    if (rc == 0)
        rc = zt_evaluate_list(txn, &c.touched, as_of, t, &res->pupils_evaluated);
    zt_upn_list_free(&c.touched);
    if (rc)
        return rc;
    br = (struct batch_record){.committed_at = (int64_t)time(NULL), .stored = res->stored,
                               .unchanged = res->unchanged, .rejected = (uint32_t)res->nrejects,
                               .deleted = res->deleted};
    return zt_put(txn, ZT_DB_BATCH, bkey, sizeof bkey, &br, sizeof br);
}

void zt_ingest_result_free(struct zt_ingest_result *res)
{
    free(res->rejects);
    memset(res, 0, sizeof *res);
}

/* The pushes of a group, applied in one transaction. */
struct group {
    struct zt_push_job *jobs;
    size_t n;
    zt_date as_of;
};

/* One job inside the group's transaction; its error is the transaction's. */
static int apply_job(struct zt_txn *txn, const struct zt_thresholds *t, zt_date as_of, struct zt_push_job *j)
{
    j->rc = zt_ingest_batch(txn, j->urn, j->batch, as_of, t, &j->res);
    if (j->rc || j->res.replayed || j->res.bad_id)
        return j->rc;
    uint8_t key[4]; /* when the school last reached the zone */
    int64_t now = (int64_t)time(NULL);
    zt_be32(key, j->urn);
    return zt_put(txn, ZT_DB_SYNC, key, sizeof key, &now, sizeof now);
}

static int group_txn(struct zt_txn *txn, void *arg)
{
    struct group *g = arg;
    struct zt_thresholds t;
    int rc = zt_thresholds_load(txn, &t);
    for (size_t i = 0; rc == 0 && i < g->n; i++)
        rc = apply_job(txn, &t, g->as_of, &g->jobs[i]);
    return rc;
}

void zt_ingest_push_group(struct zt_store *s, struct zt_push_job *jobs, size_t n, zt_date as_of)
{
    for (size_t i = 0; i < n; i++) {
        memset(&jobs[i].res, 0, sizeof jobs[i].res);
        jobs[i].rc = 0;
    }
    struct group g = {jobs, n, as_of};
    int rc = zt_store_write(s, group_txn, &g);
    if (rc == 0)
        return;
    if (n == 1) { /* nothing was kept: the job answers with the failure */
        jobs[0].rc = rc;
        return;
    }
    /* One failing push must not fail the others: each again, alone. */
    for (size_t i = 0; i < n; i++) {
        zt_ingest_result_free(&jobs[i].res);
        zt_ingest_push_group(s, &jobs[i], 1, as_of);
    }
}
