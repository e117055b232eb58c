/* Who the invented pupils are: the zone's mix of DfE ethnicity codes and
 * names drawn from small tables by ethnicity and gender (invented
 * combinations; no real person's data). */
#ifndef ZG_NAMES_H
#define ZG_NAMES_H

#include <stddef.h>

#include "random.h"

struct zg_ethnicity {
    const char code[5];
    short permille; /* share of pupils */
    short nameset;  /* the name tables its pupils' names come from */
    short eal_pct;  /* chance of English as an additional language */
    short eid_pct;  /* chance the family marks Eid (R code on Eid) */
};

/* The ethnicity codes of a white-British-majority deprived town. */
extern const struct zg_ethnicity zg_ethnicities[];

/* An index into zg_ethnicities, drawn by its shares (one draw of r). */
int zg_draw_ethnicity(struct zg_rng *r);

/* "First Last" into out[size] for a pupil of ethnicity eth and gender
 * ('M', 'F' or 'X'); a few as the MIS's "Last, First" or with a quoted
 * nickname, so the exports exercise CSV quoting. */
void zg_draw_name(struct zg_rng *r, int eth, char gender, char *out, size_t size);

#endif
