/* The vocabularies of family meetings and support (issue #6): who attended,
 * a plan action's status, whom an offer is for, the needs an offer
 * addresses, a family_meeting alert's stage. Codes are what the wire and the
 * store carry; lists of words travel as bits, bit (code - 1). */
#ifndef ZT_SUPPORT_CODES_H
#define ZT_SUPPORT_CODES_H

#include <stddef.h>
#include <stdint.h>

#include "codes.h"

extern const struct zt_vocab zt_vocab_role;        /* parent carer social_worker ... */
extern const struct zt_vocab zt_vocab_plan_status; /* planned active completed stopped */
extern const struct zt_vocab zt_vocab_for;         /* child family both */
extern const struct zt_vocab zt_vocab_need;        /* attendance behaviour health maths english wellbeing */
extern const struct zt_vocab zt_vocab_stage;       /* open invited meeting_held ... closed */
extern const struct zt_vocab zt_vocab_overdue;     /* meeting review */

enum { ZT_PLAN_PLANNED = 1, ZT_PLAN_ACTIVE, ZT_PLAN_COMPLETED, ZT_PLAN_STOPPED };
enum { ZT_FOR_CHILD = 1, ZT_FOR_FAMILY, ZT_FOR_BOTH };
/* Stages in the order a family_meeting alert moves through them. */
enum { ZT_STAGE_OPEN = 1, ZT_STAGE_INVITED, ZT_STAGE_MEETING_HELD, ZT_STAGE_SUPPORT_IN_PLACE,
       ZT_STAGE_BACK_ON_TRACK, ZT_STAGE_CLOSED };
/* Need bits; the first three equal the alert's ZT_REASON_* bits. */
enum { ZT_NEED_ATTENDANCE = 1, ZT_NEED_BEHAVIOUR = 2, ZT_NEED_HEALTH = 4, ZT_NEED_MATHS = 8,
       ZT_NEED_ENGLISH = 16, ZT_NEED_WELLBEING = 32 };
enum { ZT_OVERDUE_MEETING = 1, ZT_OVERDUE_REVIEW = 2 };

/* Words of v separated by ';', ',' or spaces into bits. Returns 0, or -1
 * with the first unknown word at *bad (*badlen bytes). Empty gives 0 bits. */
int zt_vocab_bits_parse(const struct zt_vocab *v, const char *s, size_t len, uint32_t *bits,
                        const char **bad, size_t *badlen);

/* The words of bits joined by sep into buf; returns buf. */
char *zt_vocab_bits_text(const struct zt_vocab *v, uint32_t bits, const char *sep, char *buf, size_t size);

/* The needs a pupil's alert shows: its reasons, and maths/English when below. */
uint32_t zt_needs_of_alert(uint32_t reasons, uint32_t below);

#endif
