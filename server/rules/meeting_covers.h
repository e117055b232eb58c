/* One family meeting for the whole family (issue #16): a meeting a school
 * records for one child may name the family's other children it covered.
 * Kept as ZT_DB_COVER keys, upn+urn+idlen+meeting_id+covered upn, beside
 * the meeting itself (ZT_DB_MEETING, whose value keeps its layout). A
 * covered child's alerts count the meeting as their own: those of the
 * meetings recorded for the child's siblings (server/rules/family.h) that name
 * the child. */
#ifndef ZT_MEETING_COVERS_H
#define ZT_MEETING_COVERS_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "meetings.h"
#include "store.h"
#include "upn_list.h"

/* Replaces the children meeting (upn, urn, id) covers with covers (n UPNs,
 * distinct), adding every child it covered before or covers now to
 * touched. Returns 1 when anything changed, 0 when not, or an error. */
int zt_covers_set(struct zt_txn *txn, const struct zt_event_key *meeting, char *const *covers, size_t n,
                  struct zt_upn_list *touched);

/* Calls fn(covered upn, arg) for each child the meeting covers, in UPN
 * order; fn returns non-zero to stop. */
typedef int (*zt_cover_fn)(const char *upn, void *arg);
int zt_covers_each(struct zt_txn *txn, const struct zt_event_key *meeting, zt_cover_fn fn, void *arg);

/* Each meeting recorded for one of upn's siblings as of as_of that covers
 * upn, as zt_meetings_each calls fn. */
int zt_covering_meetings_each(struct zt_txn *txn, const char *upn, zt_date as_of, zt_meeting_fn fn, void *arg);

/* Removes the covers of upn's meetings and every mention of upn as a
 * covered child (erasure), adding the count to *records. */
int zt_covers_erase(struct zt_txn *txn, const char *upn, uint32_t *records);

#endif
