/* Gap analysis arithmetic shared by zoned and zonectl: the sums kept for a
 * set of pupils, the groups compared, the measures derived from the sums,
 * the suppression of small groups and the RAG rule. One place, so the
 * daemon, the CLI, the report and the tests agree on every figure. */
#ifndef ZT_GAP_MEASURES_H
#define ZT_GAP_MEASURES_H

#include <stddef.h>
#include <stdint.h>

/* Published statistics suppress small counts: a comparison where the group
 * or the rest has fewer pupils than this shows no figures on either side
 * (the rest would give the group away by subtraction from the whole). */
#define ZT_GAP_MIN_GROUP 5

/* Sums over a set of pupils. Fixed-width fields, no padding: zoned stores
 * it as is in its half-term snapshots. */
struct zt_gap_tally {
    uint32_t pupils, pupils_with_sessions;
    uint64_t possible, present;
    uint32_t persistent, severe;              /* rate < 90%, < 50% */
    uint32_t suspensions, permanent_exclusions; /* year to date */
    uint32_t assessed_maths, below_maths;
    uint32_t assessed_english, below_english;
    uint32_t alerts;                          /* family_meeting or watch holds */
    uint32_t reserved;
};

void zt_gap_tally_add(struct zt_gap_tally *into, const struct zt_gap_tally *x);
/* out = whole - part, field by field (part must be a subset of whole). */
void zt_gap_tally_sub(struct zt_gap_tally *out, const struct zt_gap_tally *whole,
                      const struct zt_gap_tally *part);

/* The groups compared with the rest of their scope. */
enum zt_gap_group {
    ZT_G_DISADVANTAGED, /* pupil premium: FSM now or ever6, or in care */
    ZT_G_FSM,
    ZT_G_CIC,
    ZT_G_SEN_SUPPORT,
    ZT_G_EHC_PLAN,
    ZT_G_EAL,
    ZT_G_GIRLS,
    ZT_G_BOYS,
    ZT_G_GENDER_X,
    ZT_G_WHITE,          /* WBRI WIRI WOTH */
    ZT_G_IRISH_TRAVELLER, /* WIRT, on its own */
    ZT_G_GYPSY_ROMA,     /* WROM, on its own */
    ZT_G_MIXED,
    ZT_G_ASIAN,
    ZT_G_BLACK,
    ZT_G_CHINESE,
    ZT_G_OTHER_ETHNIC,   /* OOTH; REFU, NOBT and unknown are in no group */
    ZT_G_GIFTED,
    /* Deprivation by IDACI decile of the pupil's home (1 most deprived):
     * the most deprived three deciles as one band, then each decile. Kept
     * last: a snapshot stored before them reads with them empty. */
    ZT_G_IDACI_1_3,
    ZT_G_IDACI_1,
    ZT_G_IDACI_10 = ZT_G_IDACI_1 + 9,
    ZT_G_EVER6,         /* FSM now or at any time in the last six years */
    ZT_G_WHITE_BRITISH, /* WBRI, inside white */
    ZT_G_COUNT
};
/* Group bits fit a uint32_t with one to spare (server/rules/gap_suppress.h). */
_Static_assert(ZT_G_COUNT <= 31, "too many gap groups for the hidden bits");

struct zt_gap_group_def {
    const char *name;  /* on the wire and in JSON/CSV */
    const char *by;    /* the --by dimension */
    const char *label; /* for people */
};
extern const struct zt_gap_group_def zt_gap_groups[ZT_G_COUNT];

/* How groups add up, for disclosure control (zoned's suppression and
 * tests/tools/gapcheck): whole = its parts + the pupils left over, who are
 * never published and may give a small figure away by subtraction. A
 * dimension split into several groups adds up to all pupils (those in none
 * left over); a group holds those inside it (every FSM pupil and every
 * child in care is disadvantaged: those between are left over); a band is
 * its deciles exactly. */
#define ZT_GAP_ALL_PUPILS (-1)
struct zt_gap_sum {
    int whole;             /* a group, or ZT_GAP_ALL_PUPILS */
    uint32_t parts;        /* bit (1u << g) per group */
    int exact;             /* nobody is left over, by definition */
    const char *left_over; /* who is left over, for people */
};
#define ZT_GAP_SUMS 10
extern const struct zt_gap_sum zt_gap_sums[ZT_GAP_SUMS];

/* Overlapping groups (--by A,B): each group of dimension A intersected
 * with each of dimension B, e.g. fsm,gender: FSM girls, FSM boys, FSM
 * Gender X. A is the dimension whose groups come first in zt_gap_groups,
 * whichever order they were asked in. */
#define ZT_GAP_CROSS_MAX 128
#define ZT_GAP_CROSS_NAME 40
struct zt_gap_cross {
    size_t n;
    char by[ZT_GAP_CROSS_NAME];                  /* "A,B" */
    uint32_t mask[ZT_GAP_CROSS_MAX];             /* the two groups */
    char name[ZT_GAP_CROSS_MAX][ZT_GAP_CROSS_NAME]; /* "fsm+boys" */
};

/* Fills *out from "A,B"; -1 unless it names two different dimensions. */
int zt_gap_cross_parse(const char *by, struct zt_gap_cross *out);

/* Every sum of a table with overlapping groups: group indexes below
 * ZT_G_COUNT are single groups, ZT_G_COUNT + k overlapping group k of the
 * table's zt_gap_cross. zt_gap_sums come first; then each overlap lies
 * inside its two groups, and each of zt_gap_sums whose groups are all of
 * one of the two dimensions holds again inside each group of the other
 * (FSM = FSM girls + FSM boys + FSM Gender X + FSM with no gender). */
#define ZT_GAP_XSUM_PARTS 16
#define ZT_GAP_XSUMS_MAX (ZT_GAP_SUMS + 2 * ZT_GAP_CROSS_MAX + 2 * ZT_G_COUNT * ZT_GAP_SUMS)
struct zt_gap_xsum {
    int whole;  /* a group index, or ZT_GAP_ALL_PUPILS */
    int nparts, cross; /* cross: it holds overlapping groups */
    int of;     /* the zt_gap_sums it is (or holds again), -1 for an overlap's */
    int parts[ZT_GAP_XSUM_PARTS];
};

/* Fills out (room for ZT_GAP_XSUMS_MAX) with the sums of a table with the
 * overlapping groups of x (NULL: none); returns how many. */
size_t zt_gap_xsums(const struct zt_gap_cross *x, struct zt_gap_xsum *out);

/* 1 when by names a --by dimension, else 0. */
int zt_gap_by_known(const char *by);

/* Groups of a pupil from their roll characteristics (codes of common/codes.h;
 * flags tri-state 0 unknown, 1 yes, 2 no; idaci_decile 1-10, 0 unknown):
 * bit (1u << group) per group. */
uint32_t zt_gap_groups_of(uint8_t fsm, uint8_t ever6, uint8_t cic, uint8_t sen, uint8_t eal,
                          uint8_t gender, uint8_t ethnicity, uint8_t gifted, uint8_t idaci_decile);

enum zt_measure {
    ZT_M_ATTENDANCE,  /* % of possible sessions attended */
    ZT_M_PERSISTENT,  /* % of pupils with sessions below 90% */
    ZT_M_SEVERE,      /* % below 50% */
    ZT_M_SUSPENSIONS, /* suspensions per 100 pupils */
    ZT_M_PERMANENT,   /* permanent exclusions per 100 pupils */
    ZT_M_BELOW_MATHS, /* % of pupils assessed in maths below expected */
    ZT_M_BELOW_ENGLISH,
    ZT_M_ALERTS,      /* % with a family_meeting or watch */
    ZT_M_COUNT
};

struct zt_measure_def {
    const char *key;      /* JSON/CSV and benchmark-file name */
    const char *label;    /* short column head */
    int higher_is_better;
    double amber_margin;  /* default points of "a little worse" (RAG) */
    const char *words;    /* for people: chart titles */
    const char *unit;     /* what a gap in it is measured in */
};
extern const struct zt_measure_def zt_measures[ZT_M_COUNT];

/* The measure's value, or NAN when it has no denominator (no pupil
 * assessed, no session recorded). */
double zt_measure_value(const struct zt_gap_tally *t, enum zt_measure m);

/* How much worse than the benchmark value is, in the measure's points:
 * positive worse, zero or negative as good or better; NAN when unknown. */
double zt_measure_worse_by(enum zt_measure m, double value, double benchmark);

enum zt_rag { ZT_RAG_NONE = 0, ZT_RAG_GREEN, ZT_RAG_AMBER, ZT_RAG_RED };

/* The RAG rule: green at or better than the benchmark, amber worse by at
 * most margin points, red worse by more; NONE when either is unknown. */
enum zt_rag zt_rag_rate(enum zt_measure m, double value, double benchmark, double margin);
const char *zt_rag_name(enum zt_rag r); /* "green", "amber", "red", "" */

/* A gap's direction from one half-term to the next, judged on the change in
 * its size (distance from no gap) against the earlier size: narrowing when
 * it shrank by at least ZT_GAP_TREND_SHARE of that size, widening when it
 * grew by as much, else stable; "" when either is unknown. The share is
 * never less than ZT_GAP_TREND_MIN points (smaller moves are noise in
 * figures shown to one decimal) nor needs more than ZT_GAP_TREND_MAX (a
 * 3-point move of a 40-point gap is real). A suspensions gap of +1.0,
 * +1.5, +2.2, +3.1 widens at every step. */
#define ZT_GAP_TREND_SHARE 0.2
#define ZT_GAP_TREND_MIN 0.5
#define ZT_GAP_TREND_MAX 2.0
const char *zt_gap_direction(double before, double after);

#endif
