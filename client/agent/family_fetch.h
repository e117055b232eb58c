/* What the family's pages ask the zone (issue #16), over the requests
 * zonectl uses: the pupil with their history (a school reads only its own
 * pupils), their meetings and plans, and once a run the zone's schools,
 * tipping points and menu of support, to say them in words. Only UPNs go
 * out; names stay at the school. */
#ifndef ZT_FAMILY_FETCH_H
#define ZT_FAMILY_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include <sys/types.h>

#include "export.h"
#include "link.h"

struct zt_family_zone {
    Zt__Response *schools, *thresholds, *menu;
};

/* One run of pack or summary: the connection, the zone's lookups, the
 * school's roll (names, year groups) and the group the pages are for. */
struct zt_family_run {
    struct zt_link *link;
    struct zt_family_zone zone;
    const struct zt_export *roll;
    gid_t group;
};

/* Returns 0, or -1 with err (the zone's own words for a refusal). Free
 * with zt_family_zone_free, also after a failure. */
int zt_family_zone_fetch(struct zt_link *l, struct zt_family_zone *z, char *err, size_t errlen);
void zt_family_zone_free(struct zt_family_zone *z);

/* The school's name as the coordinator set it, or NULL. */
const char *zt_family_school_name(const struct zt_family_zone *z, uint32_t urn);
/* A tipping point's value by its key, or def when the zone has none. */
long zt_family_threshold(const struct zt_family_zone *z, const char *key, long def);
/* An offer's name on the menu, or NULL. */
const char *zt_family_offer_name(const struct zt_family_zone *z, uint32_t id);

/* The pupil with their history (*resp->pupil), or their meetings and plans
 * (*resp->support). Free with zt__response__free_unpacked. Returns 0, or
 * -1 with err. */
int zt_family_pupil(struct zt_link *l, const char *upn, Zt__Response **resp, char *err, size_t errlen);
int zt_family_support(struct zt_link *l, const char *upn, Zt__Response **resp, char *err, size_t errlen);

#endif
