/* A growable list of UPNs (13 bytes each, no NUL): the pupils a push touched,
 * or every pupil of the zone, to re-evaluate one by one. */
#ifndef ZT_UPN_LIST_H
#define ZT_UPN_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "upn.h"

struct zt_upn_list {
    char *upns; /* owned */
    size_t n, cap;
};

/* Appends upn unless it equals the last one (rows arrive grouped by pupil).
 * Returns 0 or -ENOMEM. */
int zt_upn_list_add(struct zt_upn_list *l, const char *upn);

/* Sorts and drops repeats. */
void zt_upn_list_unique(struct zt_upn_list *l);

/* Copies entry i into out as a NUL-terminated string; returns out. */
/* 1 when upn is in the list; the list must have been made unique (sorted). */
int zt_upn_list_contains(const struct zt_upn_list *l, const char *upn);

char *zt_upn_list_get(const struct zt_upn_list *l, size_t i, char out[ZT_UPN_LEN + 1]);

/* zt_hash64 of the entries as they stand (sorted, when made unique). */
uint64_t zt_upn_list_digest(const struct zt_upn_list *l);

void zt_upn_list_free(struct zt_upn_list *l);

#endif
