/* A gap tally as it travels (gaps.proto's GapTally) read back into the sums
 * of common/gap_measures.h: zonectl's views and zoned's regional figures
 * derive their measures the same way. */
#ifndef ZT_GAP_WIRE_H
#define ZT_GAP_WIRE_H

#include "gap_measures.h"
#include "zonetrack.pb-c.h"

void zt_gap_tally_from_wire(const Zt__GapTally *w, struct zt_gap_tally *t);

/* A measure of a tally that may be absent (suppressed): NAN then. */
double zt_gap_measure(const Zt__GapTally *w, enum zt_measure m);

#endif
