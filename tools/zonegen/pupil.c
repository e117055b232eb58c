/* A pupil's traits, drawn in a fixed order from one generator: the order
 * is part of the output (a draw moved is every later trait changed). */
#include "pupil.h"

#include <string.h>

#include "calendar.h"
#include "health.h"
#include "names.h"
#include "random.h"
#include "school.h"

/* Year group by position: the roll is split evenly across the groups,
 * which keeps the UPN serial (position within group) below 1000. Sets the
 * year group and returns the serial. */
static int place_in_year(int npupils, int secondary, int j, struct zg_pupil *p)
{
    int ngroups = secondary ? 5 : 7;
    int base = npupils / ngroups, extra = npupils % ngroups;
    int g = 0, start = 0;
    while (g < ngroups - 1) {
        int size = base + (g < extra);
        if (j < start + size)
            break;
        start += size;
        g++;
    }
    p->year_group = (signed char)(secondary ? 7 + g : g); /* 0 = Reception */
    return j - start;
}

/* UPN: check letter, LA code, establishment, 2-digit year, serial. */
static void make_upn(const struct zg_school *s, int serial, struct zg_pupil *p)
{
    int reception_year = ZG_REF_YEAR - p->year_group;
    const int parts[4][2] = {{ZG_LA_CODE, 3}, {s->estab, 4}, {reception_year % 100, 2}, {serial, 3}};
    char *q = p->upn + 1;
    for (int k = 0; k < 4; k++) {
        for (int w = parts[k][1], v = parts[k][0]; w > 0; w--, v /= 10)
            q[w - 1] = (char)('0' + v % 10);
        q += parts[k][1];
    }
    *q = '\0';
    p->upn[0] = zt_upn_check_letter(p->upn);
}

static void draw_identity(struct zg_rng *r, struct zg_pupil *p)
{
    double u = zg_rng_u01(r);
    p->gender = u < 0.005 ? 'X' : u < 0.5025 ? 'M' : 'F';
    p->eth = (unsigned char)zg_draw_ethnicity(r);
    p->eal = zg_rng_u01(r) * 100 < zg_ethnicities[p->eth].eal_pct;
    p->eid = zg_rng_u01(r) * 100 < zg_ethnicities[p->eth].eid_pct;
    zg_draw_name(r, p->eth, p->gender, p->name, sizeof p->name);
}

/* Free school meals (each school's rate is 28-42%), Ever 6, care, SEN and
 * the IDACI decile. */
static void draw_disadvantage(struct zg_rng *r, const struct zg_school *s, struct zg_pupil *p)
{
    double school_fsm = 0.28 + 0.14 * zg_hu01(zg_mix64(s->cal.school_key));
    p->fsm = zg_rng_u01(r) < school_fsm;
    p->ever6 = p->fsm || zg_rng_u01(r) < 0.155;
    int dis = zg_disadvantaged(p);
    p->cic = zg_rng_u01(r) < (dis ? 0.016 : 0.004);
    double male = p->gender == 'M' ? 1.3 : 0.72;
    double u = zg_rng_u01(r);
    double pe = 0.04 * male * (dis ? 1.15 : 0.88), pk = 0.16 * male * (dis ? 1.15 : 0.88);
    p->sen = u < pe ? 'E' : u < pe + pk ? 'K' : 'N';
    static const int idaci_w[11] = {6, 40, 25, 15, 6, 3, 2, 1, 1, 1, 0}; /* [0] = empty */
    int idw[11];
    memcpy(idw, idaci_w, sizeof idw);
    if (p->fsm) {
        idw[1] += 15;
        idw[2] += 5;
    }
    p->idaci = (unsigned char)zg_pick_weighted(zg_rng_u01(r), idw, 11);
}

/* Entry: the start of the school's phase, or a mid-year join (~3%). */
static void draw_entry(struct zg_rng *r, const struct zg_school *s, struct zg_pupil *p)
{
    int phase_year = ZG_REF_YEAR - (s->secondary ? p->year_group - 7 : p->year_group);
    p->entry = zg_next_open(zg_ymd(phase_year, 9, 1));
    if (zg_rng_u01(r) < 0.03)
        p->entry = zg_pick_teaching(&s->cal, zg_rng_next(r), zg_ymd(ZG_REF_YEAR, 9, 8),
                                    zg_ymd(ZG_REF_YEAR + 1, 3, 13));
    else
        (void)zg_rng_next(r);
}

/* Attainment: one latent score; gifted is its top end. */
static void draw_attainment(struct zg_rng *r, struct zg_pupil *p)
{
    int dis = zg_disadvantaged(p);
    p->latent = 0.3 + zg_rng_norm(r) - (dis ? 0.55 : 0) - (p->sen == 'K' ? 1.1 : 0) -
                (p->sen == 'E' ? 2.0 : 0) - (p->cic ? 0.4 : 0);
    p->gifted = p->sen == 'N' && p->latent > 1.62;
}

/* Illness, unauthorised-absence and behaviour classes: most pupils low, a
 * tail high; disadvantage, SEN and care shift pupils up a class. */
static int bump_class(struct zg_rng *r, int cls, int max, double chance)
{
    return (cls < max && zg_rng_u01(r) < chance) ? cls + 1 : cls;
}

static void draw_attendance(struct zg_rng *r, const struct zg_school *s, struct zg_pupil *p)
{
    int dis = zg_disadvantaged(p);
    /* Illness: a share of days per pupil, about 3.3% on average. */
    static const double ill_level[] = {0.4, 0.8, 1.2, 1.8, 3.2};
    static const int ill_w[] = {30, 30, 25, 12, 3};
    double f_ill = 0.029 * ill_level[zg_pick_weighted(zg_rng_u01(r), ill_w, 5)] * (0.8 + 0.4 * zg_rng_u01(r));
    f_ill *= (dis ? 1.2 : 1.0) * (p->sen == 'K' ? 1.2 : p->sen == 'E' ? 1.8 : 1.0) * (p->cic ? 1.2 : 1.0) *
             (p->year_group <= 1 ? 1.25 : 1.0);
    p->p_ill = zg_neg_log1m(f_ill) / 2.62; /* mean illness spell 2.62 days */

    /* Unauthorised absence: five classes, the top two persistent absentees. */
    static const int un_w_adv[] = {560, 280, 110, 35, 15}; /* per mille */
    static const int un_w_dis[] = {380, 310, 180, 90, 40};
    int ucls = zg_pick_weighted(zg_rng_u01(r), dis ? un_w_dis : un_w_adv, 5);
    ucls = bump_class(r, ucls, 4, (p->sen != 'N' ? 0.2 : 0) + (p->cic ? 0.3 : 0));
    static const double un_level[] = {0.002, 0.008, 0.02, 0.13, 0.3};
    double f_un = un_level[ucls] * (0.75 + 0.5 * zg_rng_u01(r));
    if (ucls == 4)
        f_un = 0.3 + 0.4 * zg_rng_u01(r);
    else if (s->secondary)
        f_un *= p->year_group >= 10 ? 1.6 : 1.3;
    p->p_unauth = zg_neg_log1m(f_un) / 3.25; /* mean run 3.25 days */

    /* Term-time holidays (G): one pupil in ten is in a family that takes them. */
    p->p_hol = zg_rng_u01(r) < 0.10 ? 0.02 : 0;
    p->p_med = 0.003 * (p->sen == 'E' ? 4 : 1);
    static const double late_level[] = {0.005, 0.02, 0.06, 0.15};
    static const int late_w[] = {50, 30, 15, 5};
    p->p_late = late_level[zg_pick_weighted(zg_rng_u01(r), late_w, 4)] * (dis ? 1.5 : 1);
    p->p_lateu = p->p_late / 6;
    p->p_other = 0.0015;
    p->p_sport = zg_rng_u01(r) < (s->secondary ? 0.12 : 0.05) ? 0.012 : 0;
}

/* Behaviour: incidents per school year by class. */
static void draw_behaviour(struct zg_rng *r, const struct zg_school *s, struct zg_pupil *p)
{
    int dis = zg_disadvantaged(p);
    static const double beh_rate[] = {0.3, 1.5, 5, 14, 35};
    static const int beh_w[] = {500, 300, 130, 55, 15};
    int bcls = zg_pick_weighted(zg_rng_u01(r), beh_w, 5);
    bcls = bump_class(r, bcls, 4, (dis ? 0.4 : 0) + (p->sen != 'N' ? 0.4 : 0) + (p->cic ? 0.3 : 0));
    p->beh_class = (unsigned char)bcls;
    double lambda = beh_rate[bcls] * (p->gender == 'M' ? 1.5 : 0.7) *
                    (s->secondary ? 1.4 : p->year_group <= 1 ? 0.5 : 1.0);
    p->p_beh = lambda / 190.0;
    /* Off-site alternative provision one day a week for the worst-behaved
     * secondary pupils (B). */
    p->ap_weekday = -1;
    if (s->secondary && bcls >= 3 && zg_rng_u01(r) < 0.35)
        p->ap_weekday = (signed char)zg_rng_below(r, 5);
    else
        (void)zg_rng_next(r);
}

/* Health: most pupils rarely, a minority with a recurring kind. */
static void draw_health(struct zg_rng *r, const struct zg_school *s, struct zg_pupil *p)
{
    static const double health_rate[] = {0.04, 1.2, 3.5};
    static const int health_w[] = {820, 145, 35};
    int hcls = zg_pick_weighted(zg_rng_u01(r), health_w, 3);
    p->p_health = health_rate[hcls] / 190.0;
    p->health_kind = (unsigned char)zg_health_recurring_kind(r, s->secondary);
    if (hcls > 0 && (p->health_kind == ZG_HK_CONDITION || p->health_kind == ZG_HK_ASTHMA))
        p->p_med *= 2.5;
}

void zg_pupil_make(uint64_t seed, int npupils, const struct zg_school *s, int si, int j, struct zg_pupil *p)
{
    struct zg_rng r = {zg_hash3(seed, (uint64_t)s->urn, (uint64_t)j)};
    memset(p, 0, sizeof *p);
    p->key = zg_rng_next(&r);
    p->k_ill = zg_stream_key(p->key, ZG_ST_ILL);
    p->k_unauth = zg_stream_key(p->key, ZG_ST_UNAUTH);
    p->k_hol = zg_stream_key(p->key, ZG_ST_HOLIDAY);
    p->k_sess = zg_stream_key(p->key, ZG_ST_SESSION);
    p->k_day = zg_stream_key(p->key, ZG_ST_DAY);
    p->k_beh = zg_stream_key(p->key, ZG_ST_BEH);
    p->k_health = zg_stream_key(p->key, ZG_ST_HEALTH);
    p->k_assess = zg_stream_key(p->key, ZG_ST_ASSESS);
    p->home = si;
    p->move_to = -1;
    p->move_date = p->pex_date = ZG_NONE;
    p->pex_leave = ZG_NEVER;

    make_upn(s, place_in_year(npupils, s->secondary, j, p), p);
    draw_identity(&r, p);
    draw_disadvantage(&r, s, p);
    draw_entry(&r, s, p);
    draw_attainment(&r, p);
    draw_attendance(&r, s, p);
    draw_behaviour(&r, s, p);
    draw_health(&r, s, p);
    p->move_u = zg_rng_u01(&r);
    p->move_hash = zg_rng_next(&r);
}
