/* Text from the zone as a terminal shows it (issue #21: a school's close
 * reason holding a newline and escape sequences forged a line of the
 * coordinator's audit listing). Every human output of zonectl passes its
 * answer through zt_printable_message; JSON and CSV keep the text as sent
 * and escape it by their own rules (common/json.h, client/alert_format.h). */
#ifndef ZT_PRINTABLE_H
#define ZT_PRINTABLE_H

#include <protobuf-c/protobuf-c.h>

/* A malloc'd copy of s in which control characters (C0, DEL, C1), the
 * Unicode line and paragraph separators and the bidirectional controls are
 * written \n, \r, \t, \xNN or \uNNNN, as are bytes that are not UTF-8
 * (\xNN); NULL when out of memory. */
char *zt_printable(const char *s);

/* Rewrites, in place, every string field of m and of the messages inside
 * it as zt_printable does. m must have been unpacked with protobuf-c's
 * default allocator (its strings are malloc'd). Returns 0, or -1 when out
 * of memory (strings not yet rewritten are left as they were). */
int zt_printable_message(ProtobufCMessage *m);

#endif
