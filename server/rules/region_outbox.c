#include "region_outbox.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alerts.h"
#include "arena.h"
#include "codes.h"
#include "err.h"
#include "gap_wire.h"
#include "gaps_reply.h"
#include "grow.h"
#include "impact.h"
#include "leavers.h"
#include "records.h"
#include "schools.h"
#include "stages.h"
#include "support_codes.h"

#define KINDS 2  /* ZT_ALERT_FAMILY_MEETING, ZT_ALERT_WATCH */
#define STAGES 8 /* zt_vocab_stage's codes, and "resolved" for a watch */
#define WATCH_RESOLVED 7

/* A count as the zone publishes it: withheld (empty) when 1-4. */
static void put_count(FILE *f, uint32_t n)
{
    if (n == 0 || n >= ZT_GAP_MIN_GROUP)
        fprintf(f, "\t%u", n);
    else
        fputs("\t", f);
}

static void put_value(FILE *f, double v)
{
    if (isnan(v))
        fputs("\t", f);
    else
        fprintf(f, "\t%.4f", v);
}

/* A name as one field: tabs and line ends would split the record. */
static void put_text(FILE *f, const char *s, size_t n)
{
    fputc('\t', f);
    for (size_t i = 0; i < n && s[i]; i++)
        fputc(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i], f);
}

static void put_tally(FILE *f, const char *level, const char *scope, const Zt__GapScope *s,
                      const char *group, const char *side, const Zt__GapTally *t)
{
    if (!t)
        return; /* suppressed in the zone: no row leaves it */
    fprintf(f, "gap\t%s\t%s", level, scope);
    put_text(f, s->name ? s->name : "", SIZE_MAX);
    put_text(f, s->level == ZT__GAP_LEVEL__GAP_LEVEL_SCHOOL && s->cluster ? s->cluster : "", SIZE_MAX);
    fprintf(f, "\t%s\t%s\t%u", group, side, t->pupils);
    for (int m = 0; m < ZT_M_COUNT; m++)
        put_value(f, zt_gap_measure(t, (enum zt_measure)m));
    fputc('\n', f);
}

static int put_gaps(FILE *f, struct zt_txn *txn, const struct zt_gap_table *t)
{
    struct zt_arena a = {0};
    Zt__GapScope **scopes;
    size_t n;
    int rc = zt_gaps_scopes(txn, t, ZT_LEVEL_ALL, 0, &a, &scopes, &n);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const Zt__GapScope *s = scopes[i];
        const char *level = s->level == ZT__GAP_LEVEL__GAP_LEVEL_ZONE      ? "zone"
                            : s->level == ZT__GAP_LEVEL__GAP_LEVEL_CLUSTER ? "cluster"
                                                                 : "school";
        char scope[ZT_CLUSTER_MAX + 16] = "";
        if (s->level == ZT__GAP_LEVEL__GAP_LEVEL_SCHOOL)
            snprintf(scope, sizeof scope, "%u", s->school);
        else if (s->level == ZT__GAP_LEVEL__GAP_LEVEL_CLUSTER)
            snprintf(scope, sizeof scope, "%s", s->name ? s->name : "");
        for (char *c = scope; *c; c++)
            if (*c == '\t' || *c == '\n' || *c == '\r')
                *c = ' ';
        put_tally(f, level, scope, s, "all", "all", s->all);
        for (size_t g = 0; g < s->n_groups; g++) {
            put_tally(f, level, scope, s, s->groups[g]->group, "members", s->groups[g]->members);
            put_tally(f, level, scope, s, s->groups[g]->group, "rest", s->groups[g]->rest);
        }
    }
    zt_arena_free(&a);
    return rc;
}

struct alert_counts {
    struct zt_txn *txn;
    zt_date from, to;
    uint32_t n[KINDS][STAGES];
    int rc;
};

static int count_alert(const char *upn, uint32_t seq, const struct zt_alert_value *a, void *arg)
{
    struct alert_counts *c = arg;
    if (a->raised < c->from || a->raised > c->to || a->kind < 1 || a->kind > KINDS)
        return 0;
    uint32_t stage = a->open ? ZT_STAGE_OPEN : WATCH_RESOLVED;
    if (a->kind == ZT_ALERT_FAMILY_MEETING) {
        struct zt_stage_now now;
        int rc = zt_stage_current(c->txn, upn, seq, a, &now);
        if (rc)
            return rc;
        stage = now.stage < STAGES ? now.stage : 0;
    }
    c->n[a->kind - 1][stage]++;
    return 0;
}

static int put_alerts(FILE *f, struct zt_txn *txn, zt_date date)
{
    struct alert_counts c = {.txn = txn, .from = zt_academic_year_start(date), .to = date};
    int rc = zt_alerts_each_seq(txn, NULL, count_alert, &c);
    if (rc)
        return rc;
    static const char *const kinds[KINDS] = {"family_meeting", "watch"};
    for (int k = 0; k < KINDS; k++)
        for (int s = 1; s < STAGES; s++) {
            const char *stage = s == WATCH_RESOLVED ? "resolved" : zt_vocab_text(&zt_vocab_stage, s);
            if (k == ZT_ALERT_FAMILY_MEETING - 1 ? s == WATCH_RESOLVED : s != ZT_STAGE_OPEN && s != WATCH_RESOLVED)
                continue; /* a stage the kind never reaches */
            fprintf(f, "alerts\t%s\t%s", kinds[k], stage);
            put_count(f, c.n[k][s]);
            fputc('\n', f);
        }
    return 0;
}

static int put_leavers(FILE *f, struct zt_txn *txn, zt_date date)
{
    struct zt_leavers l;
    int rc = zt_leavers_gather(txn, date, &l);
    if (rc == 0) {
        uint32_t by[ZT_DESTINATIONS] = {0};
        for (size_t i = 0; i < l.nschools; i++)
            for (int t = 0; t < ZT_TERMS; t++)
                for (int d = 0; d < ZT_DESTINATIONS; d++)
                    by[d] += l.schools[i].by_term[t][d];
        for (int d = 0; d < ZT_DESTINATIONS; d++) {
            fprintf(f, "leavers\t%s", zt_vocab_text(&zt_vocab_destination, d + 1));
            put_count(f, by[d]);
            fputc('\n', f);
        }
        fputs("leavers\thome_education_alert_open", f);
        put_count(f, (uint32_t)l.nconcerns);
        fputc('\n', f);
    }
    zt_leavers_free(&l);
    return rc;
}

static double pct(uint32_t part, uint32_t whole)
{
    return whole ? 100.0 * part / whole : NAN;
}

static int put_impact(FILE *f, struct zt_txn *txn, zt_date date)
{
    struct zt_impact im;
    int rc = zt_impact_gather(txn, date, &im);
    for (size_t i = 0; rc == 0 && i < im.noffers; i++) {
        const struct zt_offer_impact *o = &im.offers[i];
        size_t nlen = o->offer.name_len < sizeof o->offer.name ? o->offer.name_len : sizeof o->offer.name;
        fputs("impact", f);
        put_text(f, o->offer.name, nlen);
        fprintf(f, "\t%u", o->offer.places);
        put_count(f, o->in_use);
        put_count(f, o->pupils);
        if (o->pupils >= ZT_GAP_MIN_GROUP) {
            put_value(f, pct(o->present_before, o->possible_before));
            put_value(f, pct(o->present_after, o->possible_after));
            /* those not back on track would give a small count away too */
            uint32_t rest = o->pupils - o->back_on_track;
            if (rest == 0 || rest >= ZT_GAP_MIN_GROUP)
                put_count(f, o->back_on_track);
            else
                fputs("\t", f);
        } else {
            fputs("\t\t\t", f); /* 1-4 pupils: an average would be theirs */
        }
        fputc('\n', f);
    }
    zt_impact_free(&im);
    return rc;
}

int zt_region_figures(struct zt_txn *txn, zt_date date, const struct zt_gap_table *t, char **text,
                      size_t *len)
{
    *text = NULL;
    *len = 0;
    FILE *f = open_memstream(text, len);
    if (!f)
        return -ENOMEM;
    fprintf(f, "snapshot\t%lld\t%d\n", (long long)time(NULL), ZT_GAP_MIN_GROUP);
    int rc = put_gaps(f, txn, t);
    if (rc == 0)
        rc = put_alerts(f, txn, date);
    if (rc == 0)
        rc = put_leavers(f, txn, date);
    if (rc == 0)
        rc = put_impact(f, txn, date);
    if (fclose(f) != 0 && rc == 0)
        rc = -ENOMEM;
    if (rc) {
        free(*text);
        *text = NULL;
        *len = 0;
    }
    return rc;
}

int zt_region_outbox_put(struct zt_txn *txn, zt_date date, const struct zt_gap_table *t)
{
    char *text;
    size_t len;
    int rc = zt_region_figures(txn, date, t, &text, &len);
    if (rc)
        return rc;
    uint8_t key[4];
    zt_put_date_key(key, date);
    rc = zt_put(txn, ZT_DB_REGION_OUTBOX, key, sizeof key, text, len);
    free(text);
    return rc;
}

struct list {
    struct zt_region_entry *e;
    size_t n, cap;
};

static int add_entry(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct list *l = arg;
    if (k->len != 4)
        return ZT_E_CORRUPT;
    if (zt_grow(&l->e, l->n, &l->cap, sizeof *l->e, 8))
        return -ENOMEM;
    struct zt_region_entry *e = &l->e[l->n];
    e->date = zt_get_date_key(k->data);
    e->len = v->len;
    if (!(e->text = malloc(v->len ? v->len : 1)))
        return -ENOMEM;
    memcpy(e->text, v->data, v->len);
    l->n++;
    return 0;
}

int zt_region_outbox_list(struct zt_txn *txn, struct zt_region_entry **out, size_t *n)
{
    struct list l = {0};
    int rc = zt_walk(txn, ZT_DB_REGION_OUTBOX, NULL, 0, add_entry, &l);
    if (rc) {
        zt_region_entries_free(l.e, l.n);
        l.e = NULL, l.n = 0;
    }
    *out = l.e;
    *n = l.n;
    return rc;
}

void zt_region_entries_free(struct zt_region_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(e[i].text);
    free(e);
}

int zt_region_outbox_done(struct zt_txn *txn, zt_date date)
{
    uint8_t key[4];
    zt_put_date_key(key, date);
    return zt_del(txn, ZT_DB_REGION_OUTBOX, key, sizeof key);
}
