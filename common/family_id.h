/* A family_id (SPEC §3b): the local authority's reference for a household,
 * such as its Early Help family number. Checked the same way by the agent
 * (a bad pupils.csv row) and by zoned (a refused row). */
#ifndef ZT_FAMILY_ID_H
#define ZT_FAMILY_ID_H

#include <stddef.h>

#define ZT_FAMILY_ID_MAX 32

/* NULL when s (len bytes) is a family_id: 1-32 characters, each an ASCII
 * letter, digit or one of - _ / . (no spaces: a reference, not a name);
 * else a short reason. */
const char *zt_family_id_invalid(const char *s, size_t len);

/* A meeting's covers (issue #16): UPNs separated by spaces or '|'. */
#define ZT_COVERS_MAX 16
struct zt_span {
    size_t start, len;
};
/* Splits s (len bytes) into at most ZT_COVERS_MAX UPNs, each checked as a
 * UPN, into out: the count, or -1 with a reason in why (naming the field
 * 'covers' and the value at fault). */
int zt_covers_split(const char *s, size_t len, struct zt_span out[ZT_COVERS_MAX], char *why, size_t whylen);

#endif
