/* One invented pupil: who they are (UPN, name, year group, characteristics)
 * and the rates the day model draws against. Pupil j of a school draws
 * every trait from a generator seeded with hash(seed, URN, j), so a pupil
 * is the same whatever else the run asks for. */
#ifndef ZG_PUPIL_H
#define ZG_PUPIL_H

#include <stdint.h>

#include "date.h"
#include "upn.h"

#define ZG_LA_CODE 873     /* one local authority for the whole zone */
#define ZG_REF_YEAR 2025   /* rolls describe academic year 2025/26 */
#define ZG_NEVER INT32_MAX /* "no date" for leave dates */
#define ZG_NONE INT32_MIN  /* "no date" for optional dates */

struct zg_school;

struct zg_pupil {
    char upn[ZT_UPN_LEN + 1];
    char name[96];
    /* key: the pupil's own hash, kept at a second school; k_*: the stream
     * key of each kind of daily decision */
    uint64_t key, k_ill, k_unauth, k_hol, k_sess, k_day, k_beh, k_health, k_assess;
    zt_date entry, move_date, pex_date, pex_leave; /* pex: permanent exclusion */
    int home, move_to; /* school indexes; move_to -1: stays */
    /* chances per day (of a spell's start for ill, unauth and hol) */
    double p_ill, p_unauth, p_hol, p_med, p_late, p_lateu, p_other, p_sport, p_beh, p_health;
    double latent; /* attainment */
    signed char year_group, ap_weekday; /* 0 = Reception; ap_weekday -1: none */
    char gender, sen;
    unsigned char fsm, ever6, cic, eal, gifted, idaci, eid, eth, health_kind, beh_class;
    uint64_t move_hash; /* where and when a mover goes */
    double move_u;      /* below 0.01: the pupil moves */
};

static inline int zg_disadvantaged(const struct zg_pupil *p)
{
    return p->fsm || p->ever6;
}

/* Pupil j of npupils of school s (index si of the zone) into *p. */
void zg_pupil_make(uint64_t seed, int npupils, const struct zg_school *s, int si, int j, struct zg_pupil *p);

#endif
