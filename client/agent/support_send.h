/* zone-agent's support push: the school's meetings.csv and support.csv
 * (support_files.h) sent to the zone in one request of their own, after the
 * export's push. */
#ifndef ZT_SUPPORT_SEND_H
#define ZT_SUPPORT_SEND_H

#include <stdio.h>

#include "export.h"
#include "link.h"

/* Reads and sends the files when either exists, their pupils checked
 * against roll (the export the push read), printing each rejection
 * and one summary line "support: read N, stored N, unchanged N, rejected N"
 * to out. Returns 0, or 1 when a file or the request failed. */
int zt_support_send(struct zt_link *l, const struct zt_client_config *c, const struct zt_export *roll,
                    FILE *out);

#endif
