/* zone-agent check: reads the school's export the way a push would, without
 * connecting, and tells the data manager what it found: how many pupils,
 * register marks per month, incidents, assessments and health events, the
 * bad rows, and which fields the gap analysis needs but the export leaves
 * out (no ethnicity at all, say). */
#ifndef ZT_AGENT_CHECK_H
#define ZT_AGENT_CHECK_H

#include <stdio.h>

#include "export.h"

/* Prints the summary of an export already read (its bad rows printed as it
 * was read) to out. Returns 0 when clean, 1 when a file was missing or a row
 * was rejected. */
int zt_check_report(const struct zt_export *e, const char *export_dir, FILE *out);

#endif
