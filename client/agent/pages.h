/* zone-agent pack and summary: pages for families (issue #16), made at the
 * school from its roll (names, year groups) and the zone's record of each
 * pupil. They only read: no lock, no state, nothing pushed. */
#ifndef ZT_PAGES_H
#define ZT_PAGES_H

#include <sys/types.h>

#include "args.h"
#include "session.h"

/* Runs a's command; group is output_group's id or (gid_t)-1. Returns the
 * exit code: 0, or 1 after one line saying what failed. */
int zt_pages_run(const struct zt_agent_args *a, const struct zt_client_config *c, gid_t group);

#endif
