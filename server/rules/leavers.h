/* Pupils who left a school's roll this academic year, by where they went,
 * per school and term; and the ones who left for elective home education
 * while an alert was open — a safeguarding signal for the coordinator
 * (`zonectl leavers`, issue #15). Destinations and terms are the codes of
 * zt_vocab_destination and zt_vocab_term (common/codes.h). */
#ifndef ZT_LEAVERS_H
#define ZT_LEAVERS_H

#include <stddef.h>
#include <stdint.h>

#include "codes.h"
#include "date.h"
#include "store.h"
#include "upn.h"

#define ZT_TERMS 3
#define ZT_DESTINATIONS 4

struct zt_leaver_count {
    uint32_t urn;
    uint32_t by_term[ZT_TERMS][ZT_DESTINATIONS]; /* [term - 1][destination - 1] */
};

/* A pupil who left for home education with an alert open on the day. */
struct zt_ehe_concern {
    char upn[ZT_UPN_LEN + 1];
    uint32_t urn;
    zt_date left;
    uint8_t alert_kind; /* ZT_ALERT_FAMILY_MEETING, or ZT_ALERT_WATCH when only that was open */
};

struct zt_leavers {
    zt_date from, to;                /* 1 September .. as_of */
    struct zt_leaver_count *schools; /* in URN order, schools with a leaver only */
    size_t nschools, cap_schools;
    struct zt_ehe_concern *concerns; /* in UPN order */
    size_t nconcerns, cap_concerns;
};

/* Gathers the leavers of the academic year holding as_of into *out (zeroed
 * first). A pupil left a roll on its left date; they went to another zone
 * school when leavers.csv says moved_in_zone or another zone school's roll
 * lists them from a later entry date. Returns 0 or a negative error. */
int zt_leavers_gather(struct zt_txn *t, zt_date as_of, struct zt_leavers *out);
void zt_leavers_free(struct zt_leavers *l);


#endif
