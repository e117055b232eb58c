/* A request off the wire, unpacked into an arena of its own: protobuf-c
 * would otherwise allocate, and later free, every field of a push one by
 * one (a school day's pushes: 41,000 mallocs and as many frees). */
#ifndef ZT_INBOUND_H
#define ZT_INBOUND_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "zonetrack.pb-c.h"

struct zt_inbound {
    Zt__Request *req; /* lives in arena */
    struct zt_arena arena;
};

/* NULL when data is not a request, or memory ran out. */
struct zt_inbound *zt_inbound_unpack(const uint8_t *data, size_t len);
void zt_inbound_free(struct zt_inbound *in);

#endif
