/* A request off the wire, unpacked into an arena of its own: protobuf-c
 * would otherwise allocate, and later free, every field of a push one by
 * one (a school day's pushes: 41,000 mallocs and as many frees).
 *
 * What a frame may expand to is bounded (issue #21: 8 MiB of empty strings
 * took zoned to 380 MB): the arena may hold ZT_INBOUND_EXPANSION times the
 * frame's bytes plus a block; a real request needs under 6 times (a roll
 * of pupils with no optional field: 5.4). Beyond it the request is
 * refused, not unpacked. */
#ifndef ZT_INBOUND_H
#define ZT_INBOUND_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "zonetrack.pb-c.h"

#define ZT_INBOUND_EXPANSION 8
#define ZT_INBOUND_SLACK (256u * 1024)

struct zt_inbound {
    Zt__Request *req; /* lives in arena; NULL when refused */
    struct zt_arena arena;
    size_t used, limit; /* arena bytes taken, and allowed */
    int over;           /* unpacking wanted more than limit */
    char refused[200];  /* why the request is refused, for the answer */
};

/* The request, or one with req NULL and the reason in refused (too large
 * once unpacked; a string that is not UTF-8 text; a date out of range:
 * server/protocol/wire_check.h). NULL when data is not a request, or memory ran
 * out. */
struct zt_inbound *zt_inbound_unpack(const uint8_t *data, size_t len);

/* Frees in and its arena whole (test_hostile_input measures zoned's
 * resident memory back within a few MB of where it was). */
void zt_inbound_free(struct zt_inbound *in);

#endif
