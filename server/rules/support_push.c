#include "support_push.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "family.h"
#include "grow.h"
#include "meeting_covers.h"
#include "stages.h"
#include "figures.h"
#include "ingest.h"
#include "menu.h"
#include "records.h"
#include "support_codes.h"
#include "support_records.h"
#include "upn.h"
#include "upn_list.h"

struct ctx {
    struct zt_txn *txn;
    uint32_t urn;
    struct zt_support_result *res;
    struct zt_upn_list touched;
    zt_date as_of;
};

static int reject(struct ctx *c, int plan, size_t index, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int reject(struct ctx *c, int plan, size_t index, const char *fmt, ...)
{
    struct zt_support_result *r = c->res;
    if (ZT_GROW(r->rejects, r->nrejects, r->cap, 16))
        return -ENOMEM;
    struct zt_support_reject *j = &r->rejects[r->nrejects++];
    j->plan = plan;
    j->index = (uint32_t)index;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(j->reason, sizeof j->reason, fmt, ap);
    va_end(ap);
    return 0;
}

static const char *check_id(const char *id, const char *name, char *buf, size_t size)
{
    size_t n = strlen(id);
    if (n == 0 || n > ZT_ID_MAX)
        return snprintf(buf, size, "field '%s' must be 1-%d characters", name, ZT_ID_MAX), buf;
    return NULL;
}

/* A valid UPN whose current school is the pushing school. */
static int check_pupil(struct ctx *c, const char *upn, char *buf, size_t size, const char **why)
{
    *why = zt_upn_invalid(upn, strlen(upn));
    if (*why)
        return 0;
    uint32_t school;
    int rc = zt_current_school(c->txn, upn, c->as_of, &school);
    if (rc && rc != -ENOENT)
        return rc;
    if (rc == -ENOENT || school != c->urn) {
        c->res->not_on_roll++;
        snprintf(buf, size, "field 'upn': %s is not on this school's roll in the zone", upn);
        *why = buf;
    }
    return 0;
}

static void copy_text(char *dst, uint8_t *len, size_t max, const char *src)
{
    size_t n = strlen(src);
    *len = (uint8_t)(n > max ? max : n);
    memcpy(dst, src, *len);
}

static const char *check_meeting(const Zt__MeetingRow *m, struct zt_meeting_value *v, char *buf, size_t size)
{
    const char *why = check_id(m->meeting_id, "meeting_id", buf, size);
    if (why)
        return why;
    if (!zt_ingest_date_ok(m->invited))
        return "field 'invited' is not a date the zone accepts";
    if (m->has_held && (!zt_ingest_date_ok(m->held) || m->held < m->invited))
        return "field 'held' must be a date on or after 'invited'";
    if (m->attended >> zt_vocab_role.count)
        return "field 'attended' names an unknown role";
    if (m->has_held && !m->attended)
        return "field 'attended' is empty: a held meeting names who attended";
    if (m->actions && strlen(m->actions) > ZT_ACTIONS_MAX)
        return "field 'actions' is longer than 200 characters";
    memset(v, 0, sizeof *v);
    v->invited = m->invited;
    v->has_held = m->has_held != 0;
    v->held = m->has_held ? m->held : 0;
    v->attended = m->attended;
    v->actions_len = (uint16_t)(m->actions ? strlen(m->actions) : 0);
    if (v->actions_len)
        memcpy(v->actions, m->actions, v->actions_len);
    return NULL;
}

static const char *check_plan(const Zt__PlanRow *p, struct zt_plan_value *v, char *buf, size_t size)
{
    const char *why = check_id(p->action_id, "action_id", buf, size);
    if (why)
        return why;
    if (!p->lead[0] || strlen(p->lead) > ZT_LEAD_MAX)
        return "field 'lead' must be 1-48 characters";
    if (!p->outcome[0] || strlen(p->outcome) > ZT_OUTCOME_MAX)
        return "field 'outcome' must be 1-120 characters";
    if (!zt_ingest_date_ok(p->start))
        return "field 'start' is not a date the zone accepts";
    if (!zt_ingest_date_ok(p->review) || p->review < p->start)
        return "field 'review' must be a date on or after 'start'";
    if (p->status < 1 || p->status > (uint32_t)zt_vocab_plan_status.count)
        return "field 'status' is not planned, active, completed or stopped";
    if (p->meeting_id && strlen(p->meeting_id) > ZT_ID_MAX)
        return "field 'meeting_id' is longer than 32 characters";
    memset(v, 0, sizeof *v);
    v->offer = p->offer;
    v->start = p->start;
    v->review = p->review;
    v->status = (uint8_t)p->status;
    copy_text(v->lead, &v->lead_len, ZT_LEAD_MAX, p->lead);
    copy_text(v->outcome, &v->outcome_len, ZT_OUTCOME_MAX, p->outcome);
    if (p->meeting_id)
        copy_text(v->meeting, &v->meeting_len, ZT_ID_MAX, p->meeting_id);
    return NULL;
}

/* A retired offer may stay on an action that already names it, not be
 * newly chosen. */
static int check_offer(struct ctx *c, const uint8_t *key, size_t klen, uint32_t id, char *buf, size_t size,
                       const char **why)
{
    struct zt_offer_value o;
    int rc = zt_menu_get(c->txn, id, &o);
    if (rc == -ENOENT) {
        snprintf(buf, size, "field 'offer': %u is not on the zone's menu of support", id);
        *why = buf;
        return 0;
    }
    if (rc || !o.is_retired)
        return rc;
    struct zt_val old;
    struct zt_plan_value pv;
    rc = zt_get(c->txn, ZT_DB_PLAN, key, klen, &old);
    if (rc && rc != -ENOENT)
        return rc;
    if (rc == -ENOENT || zt_value_copy(&pv, sizeof pv, old.data, old.len) || pv.offer != id) {
        snprintf(buf, size, "field 'offer': %u (%.*s) has been retired from the menu", id, o.name_len, o.name);
        *why = buf;
    }
    return 0;
}

static int store(struct ctx *c, enum zt_db db, const char *upn, const char *id, const void *val, size_t vlen)
{
    uint8_t key[ZT_KEY_MAX];
    size_t klen = zt_key_pupil_event(key, upn, c->urn, id, strlen(id));
    int rc = zt_ingest_upsert(c->txn, db, key, klen, val, vlen);
    if (rc < 0)
        return rc;
    if (rc > 0) {
        c->res->stored++;
        return zt_upn_list_add(&c->touched, upn);
    }
    c->res->unchanged++;
    return 0;
}

/* The children a meeting covers (issue #16): other pupils of the family of
 * the meeting's own pupil, who is the pushing school's (check_pupil), as of
 * the zone's date. */
static int check_covers(struct ctx *c, const Zt__MeetingRow *m, char *buf, size_t size, const char **why)
{
    *why = NULL;
    if (m->n_covers == 0)
        return 0;
    if (m->n_covers > ZT_COVERS_MAX) {
        snprintf(buf, size, "field 'covers' names more than %d children", ZT_COVERS_MAX);
        *why = buf;
        return 0;
    }
    char family[ZT_FAMILY_ID_MAX + 1], theirs[ZT_FAMILY_ID_MAX + 1];
    int rc = zt_family_of(c->txn, m->upn, c->as_of, family, NULL);
    if (rc && rc != -ENOENT)
        return rc;
    int has_family = rc == 0;
    for (size_t i = 0; i < m->n_covers && !*why; i++) {
        const char *u = m->covers[i];
        const char *bad = zt_upn_invalid(u, strlen(u));
        if (bad) {
            snprintf(buf, size, "field 'covers': %.13s: %s", u, bad);
        } else if (strcmp(u, m->upn) == 0) {
            snprintf(buf, size, "field 'covers' names the meeting's own pupil %s", u);
        } else {
            for (size_t j = 0; j < i && !bad; j++)
                bad = strcmp(m->covers[j], u) == 0 ? "twice" : NULL;
            if (bad) {
                snprintf(buf, size, "field 'covers' names %s twice", u);
            } else if (!has_family) {
                snprintf(buf, size, "field 'covers': %s has no family_id on this school's roll, so names no sibling",
                         m->upn);
            } else {
                rc = zt_family_of(c->txn, u, c->as_of, theirs, NULL);
                if (rc && rc != -ENOENT)
                    return rc;
                if (rc == 0 && strcmp(theirs, family) == 0)
                    continue;
                snprintf(buf, size, "field 'covers': %s is not in the family of %s", u, m->upn);
            }
        }
        *why = buf;
    }
    return 0;
}

static int apply_meeting(struct ctx *c, size_t i, const Zt__MeetingRow *m)
{
    char buf[160];
    const char *why;
    struct zt_meeting_value v;
    int rc = check_pupil(c, m->upn, buf, sizeof buf, &why);
    if (rc == 0 && !why)
        why = check_meeting(m, &v, buf, sizeof buf);
    if (rc == 0 && !why)
        rc = check_covers(c, m, buf, sizeof buf, &why);
    if (rc)
        return rc;
    if (why)
        return reject(c, 0, i, "%s", why);
    uint32_t stored = c->res->stored;
    if ((rc = store(c, ZT_DB_MEETING, m->upn, m->meeting_id, &v, sizeof v)))
        return rc;
    struct zt_event_key k = {.urn = c->urn, .id = m->meeting_id, .idlen = strlen(m->meeting_id)};
    memcpy(k.upn, m->upn, sizeof k.upn);
    rc = zt_covers_set(c->txn, &k, m->covers, m->n_covers, &c->touched);
    if (rc > 0 && c->res->stored == stored) { /* only what it covered changed */
        c->res->unchanged--;
        c->res->stored++;
        rc = zt_upn_list_add(&c->touched, m->upn);
    }
    return rc < 0 ? rc : 0;
}

static int apply_plan(struct ctx *c, size_t i, const Zt__PlanRow *p)
{
    char buf[160];
    const char *why;
    struct zt_plan_value v;
    int rc = check_pupil(c, p->upn, buf, sizeof buf, &why);
    if (rc == 0 && !why)
        why = check_plan(p, &v, buf, sizeof buf);
    if (rc == 0 && !why) {
        uint8_t key[ZT_KEY_MAX];
        size_t klen = zt_key_pupil_event(key, p->upn, c->urn, p->action_id, strlen(p->action_id));
        rc = check_offer(c, key, klen, p->offer, buf, sizeof buf, &why);
    }
    if (rc)
        return rc;
    return why ? reject(c, 1, i, "%s", why) : store(c, ZT_DB_PLAN, p->upn, p->action_id, &v, sizeof v);
}

int zt_support_apply(struct zt_txn *txn, uint32_t urn, const Zt__SupportPush *p, zt_date as_of,
                     struct zt_support_result *res)
{
    zt_support_result_free(res);
    struct ctx c = {.txn = txn, .urn = urn, .res = res, .as_of = as_of};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < p->n_meetings; i++)
        rc = apply_meeting(&c, i, p->meetings[i]);
    for (size_t i = 0; rc == 0 && i < p->n_plans; i++)
        rc = apply_plan(&c, i, p->plans[i]);
    /* meetings and plans feed only the alerts' stages, not the figures */
    zt_upn_list_unique(&c.touched);
    for (size_t i = 0; rc == 0 && i < c.touched.n; i++) {
        char upn[ZT_UPN_LEN + 1];
        rc = zt_stage_update(txn, zt_upn_list_get(&c.touched, i, upn), as_of);
    }
    zt_upn_list_free(&c.touched);
    return rc;
}

void zt_support_result_free(struct zt_support_result *res)
{
    free(res->rejects);
    memset(res, 0, sizeof *res);
}
