#include "gap_measures.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "codes.h"

void zt_gap_tally_add(struct zt_gap_tally *into, const struct zt_gap_tally *x)
{
    into->pupils += x->pupils;
    into->pupils_with_sessions += x->pupils_with_sessions;
    into->possible += x->possible;
    into->present += x->present;
    into->persistent += x->persistent;
    into->severe += x->severe;
    into->suspensions += x->suspensions;
    into->permanent_exclusions += x->permanent_exclusions;
    into->assessed_maths += x->assessed_maths;
    into->below_maths += x->below_maths;
    into->assessed_english += x->assessed_english;
    into->below_english += x->below_english;
    into->alerts += x->alerts;
}

void zt_gap_tally_sub(struct zt_gap_tally *out, const struct zt_gap_tally *whole,
                      const struct zt_gap_tally *part)
{
    struct zt_gap_tally r = *whole;
    r.pupils -= part->pupils;
    r.pupils_with_sessions -= part->pupils_with_sessions;
    r.possible -= part->possible;
    r.present -= part->present;
    r.persistent -= part->persistent;
    r.severe -= part->severe;
    r.suspensions -= part->suspensions;
    r.permanent_exclusions -= part->permanent_exclusions;
    r.assessed_maths -= part->assessed_maths;
    r.below_maths -= part->below_maths;
    r.assessed_english -= part->assessed_english;
    r.below_english -= part->below_english;
    r.alerts -= part->alerts;
    *out = r;
}

const struct zt_gap_group_def zt_gap_groups[ZT_G_COUNT] = {
    [ZT_G_DISADVANTAGED] = {"disadvantaged", "disadvantaged", "Disadvantaged (FSM ever 6 or in care)"},
    [ZT_G_FSM] = {"fsm", "fsm", "Free school meals"},
    [ZT_G_CIC] = {"cic", "cic", "Children in care"},
    [ZT_G_SEN_SUPPORT] = {"sen_support", "sen", "SEN support"},
    [ZT_G_EHC_PLAN] = {"ehc_plan", "sen", "EHC plan"},
    [ZT_G_EAL] = {"eal", "eal", "EAL"},
    [ZT_G_GIRLS] = {"girls", "gender", "Girls"},
    [ZT_G_BOYS] = {"boys", "gender", "Boys"},
    [ZT_G_GENDER_X] = {"gender_x", "gender", "Gender X"},
    [ZT_G_WHITE] = {"white", "ethnicity", "White (other than GRT)"},
    [ZT_G_IRISH_TRAVELLER] = {"irish_traveller", "ethnicity", "Irish Traveller"},
    [ZT_G_GYPSY_ROMA] = {"gypsy_roma", "ethnicity", "Gypsy/Roma"},
    [ZT_G_MIXED] = {"mixed", "ethnicity", "Mixed"},
    [ZT_G_ASIAN] = {"asian", "ethnicity", "Asian"},
    [ZT_G_BLACK] = {"black", "ethnicity", "Black"},
    [ZT_G_CHINESE] = {"chinese", "ethnicity", "Chinese"},
    [ZT_G_OTHER_ETHNIC] = {"other_ethnic", "ethnicity", "Any other ethnic group"},
    [ZT_G_GIFTED] = {"gifted", "gifted", "Gifted and talented"},
    [ZT_G_IDACI_1_3] = {"idaci_1_3", "idaci", "IDACI deciles 1-3 (most deprived)"},
    [ZT_G_IDACI_1] = {"idaci_1", "idaci", "IDACI decile 1 (most deprived)"},
    [ZT_G_IDACI_1 + 1] = {"idaci_2", "idaci", "IDACI decile 2"},
    [ZT_G_IDACI_1 + 2] = {"idaci_3", "idaci", "IDACI decile 3"},
    [ZT_G_IDACI_1 + 3] = {"idaci_4", "idaci", "IDACI decile 4"},
    [ZT_G_IDACI_1 + 4] = {"idaci_5", "idaci", "IDACI decile 5"},
    [ZT_G_IDACI_1 + 5] = {"idaci_6", "idaci", "IDACI decile 6"},
    [ZT_G_IDACI_1 + 6] = {"idaci_7", "idaci", "IDACI decile 7"},
    [ZT_G_IDACI_1 + 7] = {"idaci_8", "idaci", "IDACI decile 8"},
    [ZT_G_IDACI_1 + 8] = {"idaci_9", "idaci", "IDACI decile 9"},
    [ZT_G_IDACI_10] = {"idaci_10", "idaci", "IDACI decile 10 (least deprived)"},
    [ZT_G_EVER6] = {"ever6", "ever6", "FSM ever 6"},
    [ZT_G_WHITE_BRITISH] = {"white_british", "ethnicity", "White British"},
};

#define BIT(g) (1u << (g))
#define DECILES(from, to) (((BIT(ZT_G_IDACI_1 + (to) - 1) << 1) - 1) & ~(BIT(ZT_G_IDACI_1 + (from) - 1) - 1))
const struct zt_gap_sum zt_gap_sums[ZT_GAP_SUMS] = {
    {ZT_GAP_ALL_PUPILS, BIT(ZT_G_SEN_SUPPORT) | BIT(ZT_G_EHC_PLAN), 0, "no SEN group"},
    {ZT_GAP_ALL_PUPILS, BIT(ZT_G_GIRLS) | BIT(ZT_G_BOYS) | BIT(ZT_G_GENDER_X), 0, "no gender group"},
    {ZT_GAP_ALL_PUPILS,
     BIT(ZT_G_WHITE) | BIT(ZT_G_IRISH_TRAVELLER) | BIT(ZT_G_GYPSY_ROMA) | BIT(ZT_G_MIXED) | BIT(ZT_G_ASIAN) |
         BIT(ZT_G_BLACK) | BIT(ZT_G_CHINESE) | BIT(ZT_G_OTHER_ETHNIC),
     0, "no ethnicity group"},
    {ZT_GAP_ALL_PUPILS, DECILES(1, 10), 0, "no IDACI decile"},
    {ZT_G_DISADVANTAGED, BIT(ZT_G_FSM), 0, "disadvantaged but not FSM"},
    {ZT_G_DISADVANTAGED, BIT(ZT_G_CIC), 0, "disadvantaged but not in care"},
    {ZT_G_IDACI_1_3, DECILES(1, 3), 1, "IDACI deciles 1-3 but none of them"},
    {ZT_G_DISADVANTAGED, BIT(ZT_G_EVER6), 0, "disadvantaged but not FSM ever 6"},
    {ZT_G_EVER6, BIT(ZT_G_FSM), 0, "FSM ever 6 but not FSM now"},
    {ZT_G_WHITE, BIT(ZT_G_WHITE_BRITISH), 0, "white but not White British"},
};


static int in_dim(int g, const char *by, size_t len)
{
    return strlen(zt_gap_groups[g].by) == len && !strncmp(zt_gap_groups[g].by, by, len);
}

/* The first group of dimension by, or -1. */
static int first_of(const char *by, size_t len)
{
    for (int g = 0; g < ZT_G_COUNT; g++)
        if (in_dim(g, by, len))
            return g;
    return -1;
}

int zt_gap_cross_parse(const char *by, struct zt_gap_cross *out)
{
    const char *comma = strchr(by, ',');
    if (!comma || strchr(comma + 1, ','))
        return -1;
    int a = first_of(by, (size_t)(comma - by)), b = first_of(comma + 1, strlen(comma + 1));
    if (a < 0 || b < 0 || a == b)
        return -1;
    if (a > b) {
        int t = a;
        a = b, b = t;
    }
    memset(out, 0, sizeof *out);
    snprintf(out->by, sizeof out->by, "%s,%s", zt_gap_groups[a].by, zt_gap_groups[b].by);
    for (int g = a; g < ZT_G_COUNT; g++)
        for (int h = b; h < ZT_G_COUNT && !strcmp(zt_gap_groups[g].by, zt_gap_groups[a].by); h++) {
            if (strcmp(zt_gap_groups[h].by, zt_gap_groups[b].by) || out->n == ZT_GAP_CROSS_MAX)
                continue;
            out->mask[out->n] = BIT(g) | BIT(h);
            snprintf(out->name[out->n], sizeof out->name[0], "%s+%s", zt_gap_groups[g].name, zt_gap_groups[h].name);
            out->n++;
        }
    return 0;
}

/* The overlapping group of a and b, as a group index, or -1. */
static int overlap(const struct zt_gap_cross *x, int a, int b)
{
    for (size_t k = 0; k < x->n; k++)
        if (x->mask[k] == (BIT(a) | BIT(b)))
            return ZT_G_COUNT + (int)k;
    return -1;
}

static void xsum_add(struct zt_gap_xsum *out, size_t *n, int whole, const int *parts, int nparts, int of)
{
    if (*n == ZT_GAP_XSUMS_MAX || nparts > ZT_GAP_XSUM_PARTS)
        return; /* cannot happen: bounded by the groups */
    struct zt_gap_xsum *d = &out[*n];
    d->whole = whole;
    d->nparts = nparts;
    d->cross = *n >= ZT_GAP_SUMS; /* zt_gap_sums come first */
    (*n)++;
    d->of = of;
    memcpy(d->parts, parts, (size_t)nparts * sizeof *parts);
}

/* Sum s again inside group c of the other dimension, when all its groups
 * are of dimension by: c's overlaps (or c itself for all pupils) = the
 * overlaps with the parts + those left over. */
static void xsum_within(const struct zt_gap_cross *x, int k, int c, const char *by, size_t len,
                        struct zt_gap_xsum *out, size_t *n)
{
    const struct zt_gap_sum *s = &zt_gap_sums[k];
    if (s->whole != ZT_GAP_ALL_PUPILS && !in_dim(s->whole, by, len))
        return;
    int parts[ZT_GAP_XSUM_PARTS], np = 0;
    for (int g = 0; g < ZT_G_COUNT; g++)
        if (s->parts & BIT(g)) {
            if (!in_dim(g, by, len) || np == ZT_GAP_XSUM_PARTS || (parts[np++] = overlap(x, c, g)) < 0)
                return;
        }
    int whole = s->whole == ZT_GAP_ALL_PUPILS ? c : overlap(x, c, s->whole);
    if (whole >= 0)
        xsum_add(out, n, whole, parts, np, k);
}

size_t zt_gap_xsums(const struct zt_gap_cross *x, struct zt_gap_xsum *out)
{
    size_t n = 0;
    for (int k = 0; k < ZT_GAP_SUMS; k++) {
        const struct zt_gap_sum *s = &zt_gap_sums[k];
        int parts[ZT_GAP_XSUM_PARTS], np = 0;
        for (int g = 0; g < ZT_G_COUNT && np < ZT_GAP_XSUM_PARTS; g++)
            if (s->parts & BIT(g))
                parts[np++] = g;
        xsum_add(out, &n, s->whole, parts, np, k);
    }
    if (!x || !x->n)
        return n;
    const char *b = strchr(x->by, ',') + 1;
    size_t alen = (size_t)(b - 1 - x->by), blen = strlen(b);
    for (size_t k = 0; k < x->n; k++)
        for (int g = 0; g < ZT_G_COUNT; g++)
            if (x->mask[k] & BIT(g)) {
                int part = ZT_G_COUNT + (int)k;
                xsum_add(out, &n, g, &part, 1, -1);
            }
    for (int c = 0; c < ZT_G_COUNT; c++)
        for (int k = 0; k < ZT_GAP_SUMS; k++) {
            if (in_dim(c, x->by, alen))
                xsum_within(x, k, c, b, blen, out, &n);
            if (in_dim(c, b, blen))
                xsum_within(x, k, c, x->by, alen, out, &n);
        }
    return n;
}

int zt_gap_by_known(const char *by)
{
    for (int g = 0; g < ZT_G_COUNT; g++)
        if (!strcmp(zt_gap_groups[g].by, by))
            return 1;
    return 0;
}

/* DfE main ethnic groups by the code's first letter; WIRT and WROM apart. */
static int ethnic_group(int code)
{
    const char *e = zt_vocab_text(&zt_vocab_ethnicity, code);
    if (!strcmp(e, "WIRT"))
        return ZT_G_IRISH_TRAVELLER;
    if (!strcmp(e, "WROM"))
        return ZT_G_GYPSY_ROMA;
    if (!strcmp(e, "CHNE"))
        return ZT_G_CHINESE;
    if (!strcmp(e, "OOTH"))
        return ZT_G_OTHER_ETHNIC;
    switch (e[0]) {
    case 'W': return ZT_G_WHITE;
    case 'M': return ZT_G_MIXED;
    case 'A': return ZT_G_ASIAN;
    case 'B': return ZT_G_BLACK;
    default: return -1; /* REFU, NOBT, not known */
    }
}

uint32_t zt_gap_groups_of(uint8_t fsm, uint8_t ever6, uint8_t cic, uint8_t sen, uint8_t eal,
                          uint8_t gender, uint8_t ethnicity, uint8_t gifted, uint8_t idaci_decile)
{
    uint32_t bits = 0;
#define SET(g) (bits |= 1u << (g))
    /* The DfE's disadvantaged (pupil premium): FSM at any time in the last
     * six years, or looked after. A child entering care often loses FSM,
     * and must not leave the group then. */
    if (fsm == 1 || ever6 == 1 || cic == 1)
        SET(ZT_G_DISADVANTAGED);
    if (fsm == 1)
        SET(ZT_G_FSM);
    if (cic == 1)
        SET(ZT_G_CIC);
    const char *s = zt_vocab_text(&zt_vocab_sen, sen);
    if (!strcmp(s, "K"))
        SET(ZT_G_SEN_SUPPORT);
    if (!strcmp(s, "E"))
        SET(ZT_G_EHC_PLAN);
    if (eal == 1)
        SET(ZT_G_EAL);
    const char *g = zt_vocab_text(&zt_vocab_gender, gender);
    if (!strcmp(g, "F"))
        SET(ZT_G_GIRLS);
    if (!strcmp(g, "M"))
        SET(ZT_G_BOYS);
    if (!strcmp(g, "X"))
        SET(ZT_G_GENDER_X);
    int e = ethnic_group(ethnicity);
    if (e >= 0)
        SET(e);
    if (!strcmp(zt_vocab_text(&zt_vocab_ethnicity, ethnicity), "WBRI"))
        SET(ZT_G_WHITE_BRITISH);
    if (fsm == 1 || ever6 == 1)
        SET(ZT_G_EVER6);
    if (gifted == 1)
        SET(ZT_G_GIFTED);
    if (idaci_decile >= 1 && idaci_decile <= 10) {
        SET(ZT_G_IDACI_1 + idaci_decile - 1);
        if (idaci_decile <= 3)
            SET(ZT_G_IDACI_1_3);
    }
#undef SET
    return bits;
}

const struct zt_measure_def zt_measures[ZT_M_COUNT] = {
    [ZT_M_ATTENDANCE] = {"attendance_pct", "attend%", 1, 1.0, "Attendance", "percentage points"},
    [ZT_M_PERSISTENT] = {"persistent_absence_pct", "PA%", 0, 2.0, "Persistent absence (below 90%)",
                         "percentage points"},
    [ZT_M_SEVERE] = {"severe_absence_pct", "SA%", 0, 1.0, "Severe absence (below 50%)", "percentage points"},
    [ZT_M_SUSPENSIONS] = {"suspensions_per_100", "susp/100", 0, 2.0, "Suspensions", "per 100 pupils"},
    [ZT_M_PERMANENT] = {"permanent_exclusions_per_100", "PEx/100", 0, 0.1, "Permanent exclusions",
                        "per 100 pupils"},
    [ZT_M_BELOW_MATHS] = {"below_expected_maths_pct", "<maths%", 0, 3.0, "Below expected in maths",
                          "percentage points"},
    [ZT_M_BELOW_ENGLISH] = {"below_expected_english_pct", "<Eng%", 0, 3.0, "Below expected in English",
                            "percentage points"},
    [ZT_M_ALERTS] = {"alert_pct", "alert%", 0, 2.0, "Pupils with an alert", "percentage points"},
};

static double pct(uint64_t part, uint64_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : NAN;
}

double zt_measure_value(const struct zt_gap_tally *t, enum zt_measure m)
{
    switch (m) {
    case ZT_M_ATTENDANCE: return pct(t->present, t->possible);
    case ZT_M_PERSISTENT: return pct(t->persistent, t->pupils_with_sessions);
    case ZT_M_SEVERE: return pct(t->severe, t->pupils_with_sessions);
    case ZT_M_SUSPENSIONS: return pct(t->suspensions, t->pupils);
    case ZT_M_PERMANENT: return pct(t->permanent_exclusions, t->pupils);
    case ZT_M_BELOW_MATHS: return pct(t->below_maths, t->assessed_maths);
    case ZT_M_BELOW_ENGLISH: return pct(t->below_english, t->assessed_english);
    case ZT_M_ALERTS: return pct(t->alerts, t->pupils);
    default: return NAN;
    }
}

double zt_measure_worse_by(enum zt_measure m, double value, double benchmark)
{
    if (isnan(value) || isnan(benchmark))
        return NAN;
    return zt_measures[m].higher_is_better ? benchmark - value : value - benchmark;
}

static double hundredths(double v)
{
    return (double)(long long)(v * 100.0 + (v < 0 ? -0.5 : 0.5)) / 100.0;
}

enum zt_rag zt_rag_rate(enum zt_measure m, double value, double benchmark, double margin)
{
    double w = zt_measure_worse_by(m, value, benchmark);
    if (isnan(w))
        return ZT_RAG_NONE;
    /* Compared at a hundredth of a point: figures are shown to one decimal. */
    w = hundredths(w);
    return w <= 0 ? ZT_RAG_GREEN : w <= margin ? ZT_RAG_AMBER : ZT_RAG_RED;
}

const char *zt_rag_name(enum zt_rag r)
{
    static const char *const names[] = {"", "green", "amber", "red"};
    return names[r];
}

const char *zt_gap_direction(double before, double after)
{
    if (isnan(before) || isnan(after))
        return "";
    double size = before < 0 ? -before : before;
    double change = (after < 0 ? -after : after) - size;
    double step = size * ZT_GAP_TREND_SHARE;
    step = step < ZT_GAP_TREND_MIN ? ZT_GAP_TREND_MIN : step > ZT_GAP_TREND_MAX ? ZT_GAP_TREND_MAX : step;
    /* Compared at a hundredth of a point, as the RAG rule compares. */
    change = hundredths(change);
    step = hundredths(step);
    return change <= -step ? "narrowing" : change >= step ? "widening" : "stable";
}
